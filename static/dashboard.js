// Draws the dashboard's charts from the rollup at data-src (the cached
// /api/v1/rollup of the page's year and month, fetched rather than carried
// in the page, which keeps the page small). Every chart's numbers are also
// in the tables on the page.
(function () {
  'use strict';
  var holder = document.getElementById('charts');
  if (!holder) { return; }
  // The rollup is fetched at once, while ECharts (the script after this
  // one) is still coming down a slow line; the charts are drawn when both
  // are in.
  var rollup = fetch(holder.getAttribute('data-src'), { credentials: 'same-origin', headers: { Accept: 'application/json' } })
    .then(function (res) {
      if (!res.ok) { throw new Error('rollup ' + res.status); }
      return res.json();
    });
  var parsed = new Promise(function (resolve) {
    if (document.readyState === 'loading') { document.addEventListener('DOMContentLoaded', resolve); } else { resolve(); }
  });
  Promise.all([rollup, parsed])
    .then(function (v) {
      if (typeof echarts === 'undefined') { throw new Error('ECharts did not load'); }
      // map.js draws the cities' map from the same rollup.
      holder.dispatchEvent(new CustomEvent('rollup', { detail: v[0] }));
      draw(v[0]);
    })
    .catch(function (err) {
      holder.setAttribute('data-error', String(err));
      holder.insertAdjacentHTML('afterbegin', '<p class="muted">图表暂时无法加载，数字见下方表格。</p>');
    });

  function draw(r) {
    var yi = function (yuan) { return Math.round(yuan / 1e6) / 100; }; // 亿元, 2 decimals
    var months = [];
    for (var m = 1; m <= 12; m++) { months.push(m + '月'); }
    var cum = new Array(12).fill(null);
    r.by_month.forEach(function (p) { cum[p.month - 1] = yi(p.cumulative_yuan); });
    var last = new Array(12).fill(null);
    (r.last_year || []).forEach(function (p) { last[p.month - 1] = yi(p.cumulative_yuan); });
    var fc = new Array(12).fill(null);
    if (r.by_month.length > 0 && r.forecast.curve.length > 0) {
      fc[r.month - 1] = cum[r.month - 1];
      r.forecast.curve.forEach(function (p) { fc[p.month - 1] = yi(p.cumulative_yuan); });
    }
    // No target set: no target line (a line at 0 would read as one).
    var target = r.target_set ? months.map(function (_, i) { return yi(Math.round(r.target_yuan * (i + 1) / 12)); }) : null;
    var series = [
      { name: '本年累计完成', type: 'line', data: cum, lineStyle: { width: 3 } },
      { name: '年底预测', type: 'line', data: fc, lineStyle: { type: 'dashed' } }
    ];
    // A year without last year's reports has no curve to compare (not one at 0).
    if (last.some(function (v) { return v > 0; })) {
      series.splice(1, 0, { name: '上年累计完成', type: 'line', data: last, lineStyle: { type: 'dotted' } });
    }
    if (target) {
      series.push({ name: '目标时序线', type: 'line', data: target, symbol: 'none', lineStyle: { color: '#d93025' } });
    }
    var charts = [];
    var line = echarts.init(document.getElementById('chart-months'), null, { renderer: 'svg' });
    line.setOption({
      animation: false,
      tooltip: { trigger: 'axis' },
      legend: { type: 'scroll', data: series.map(function (x) { return x.name; }) },
      grid: { left: 70, right: 20, top: 40, bottom: 30 },
      xAxis: { type: 'category', data: months },
      yAxis: { type: 'value', name: '亿元' },
      series: series
    });
    charts.push(line);
    var bars = function (id, groups) {
      var el = document.getElementById(id);
      if (!el) { return; } // a city's dashboard has no chart of cities
      var c = echarts.init(el, null, { renderer: 'svg' });
      c.setOption({
        animation: false,
        tooltip: { trigger: 'axis' },
        legend: { type: 'scroll', data: ['年度计划', '累计完成'] },
        grid: { left: 70, right: 20, top: 40, bottom: 60 },
        xAxis: { type: 'category', data: groups.map(function (g) { return g.label; }), axisLabel: { interval: 0, rotate: 30 } },
        yAxis: { type: 'value', name: '亿元' },
        series: [
          { name: '年度计划', type: 'bar', data: groups.map(function (g) { return yi(g.plan_yuan); }) },
          { name: '累计完成', type: 'bar', data: groups.map(function (g) { return yi(g.completed_yuan); }) }
        ]
      });
      charts.push(c);
    };
    bars('chart-sector', r.by_sector);
    bars('chart-city', r.by_city);
    fitForPrint(charts);
    holder.setAttribute('data-ready', '1');
  }

  // The printable width of A4 with style.css's 12 mm margins (186 mm at
  // 96 px to the inch), and the charts' print height. When printing
  // starts, the layout may still be the screen's, so the charts are drawn
  // at this size rather than at their container's; after it they follow
  // the container again.
  var PRINT_WIDTH = Math.floor(186 / 25.4 * 96);
  var PRINT_HEIGHT = 300;

  function fitForPrint(charts) {
    var printing = false;
    var toPrint = function () {
      if (printing) { return; }
      printing = true;
      charts.forEach(function (c) { c.resize({ width: PRINT_WIDTH, height: PRINT_HEIGHT }); });
    };
    var toScreen = function () {
      printing = false;
      charts.forEach(function (c) { c.resize({ width: 'auto', height: 'auto' }); });
    };
    window.addEventListener('resize', function () { if (!printing) { toScreen(); } });
    window.addEventListener('beforeprint', toPrint);
    window.addEventListener('afterprint', toScreen);
    var print = window.matchMedia('print');
    var onChange = function (e) { if (e.matches) { toPrint(); } else { toScreen(); } };
    if (print.addEventListener) { print.addEventListener('change', onChange); } else { print.addListener(onChange); }
    if (print.matches) { toPrint(); }
  }
})();
