// The meeting-room screen (/screen): draws the cities' map (map.js) and
// the monthly curve from the rollup at #charts' data-src, reloads the page
// every data-refresh seconds (the figures, the lists and the charts come
// fresh; the scripts and the map stay in the browser's cache), and offers
// the browser's full-screen mode. Loaded before ECharts so its requests
// travel while ECharts does.
(function () {
  'use strict';
  var body = document.getElementById('screen');
  var holder = document.getElementById('charts');
  if (!body || !holder) { return; }

  var refresh = Number(body.getAttribute('data-refresh')) || 300;
  var due = Date.now() + refresh * 1000;
  var next = document.getElementById('screen-next');
  var tick = function () {
    var left = Math.max(0, Math.round((due - Date.now()) / 1000));
    if (next) { next.textContent = Math.floor(left / 60) + ':' + String(left % 60).padStart(2, '0') + ' 后刷新'; }
    if (left <= 0) { window.location.reload(); return; }
    window.setTimeout(tick, 1000);
  };
  tick();

  var full = document.getElementById('go-full');
  if (full) {
    if (!document.documentElement.requestFullscreen) { full.hidden = true; }
    full.addEventListener('click', function () {
      if (document.fullscreenElement) { document.exitFullscreen(); } else { document.documentElement.requestFullscreen(); }
    });
    document.addEventListener('fullscreenchange', function () {
      full.textContent = document.fullscreenElement ? '退出全屏' : '全屏';
    });
  }

  var getJSON = function (url) {
    return fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } }).then(function (res) {
      if (!res.ok) { throw new Error(url + ' ' + res.status); }
      return res.json();
    });
  };
  var mapEl = document.getElementById('chart-map');
  var parsed = new Promise(function (resolve) {
    if (document.readyState === 'loading') { document.addEventListener('DOMContentLoaded', resolve); } else { resolve(); }
  });
  Promise.all([getJSON(holder.getAttribute('data-src')), mapEl ? window.JiangxiMap.loadGeo(mapEl) : null, parsed])
    .then(function (v) {
      if (typeof echarts === 'undefined') { throw new Error('ECharts did not load'); }
      var charts = [months(v[0])];
      if (mapEl) { charts.push(window.JiangxiMap.draw(mapEl, v[1], v[0], { dark: true, fontSize: 16 })); }
      window.addEventListener('resize', function () { charts.forEach(function (c) { c.resize(); }); });
      holder.setAttribute('data-ready', '1');
    })
    .catch(function (err) {
      holder.setAttribute('data-error', String(err));
    });

  // months draws the year's cumulative curve, last year's and the target line.
  function months(r) {
    var yi = function (yuan) { return Math.round(yuan / 1e6) / 100; };
    var labels = [];
    var cum = [];
    var last = [];
    for (var m = 1; m <= 12; m++) { labels.push(m + '月'); cum.push(null); last.push(null); }
    r.by_month.forEach(function (p) { cum[p.month - 1] = yi(p.cumulative_yuan); });
    (r.last_year || []).forEach(function (p) { last[p.month - 1] = yi(p.cumulative_yuan); });
    var series = [{ name: '本年累计', type: 'line', data: cum, lineStyle: { width: 5 }, symbolSize: 10, itemStyle: { color: '#4da3ff' },
      label: { show: true, position: 'top', color: '#e8eaed', fontSize: 16 } }];
    if (last.some(function (x) { return x > 0; })) {
      series.push({ name: '上年累计', type: 'line', data: last, lineStyle: { type: 'dotted', width: 3 }, itemStyle: { color: '#9aa4b2' } });
    }
    if (r.target_set) {
      series.push({ name: '目标时序线', type: 'line', symbol: 'none', lineStyle: { width: 3 }, itemStyle: { color: '#ff5a4e' },
        data: labels.map(function (_, i) { return yi(Math.round(r.target_yuan * (i + 1) / 12)); }) });
    }
    var ink = '#e8eaed';
    var c = echarts.init(document.getElementById('chart-months'), null, { renderer: 'svg' });
    c.setOption({
      animation: false,
      textStyle: { color: ink, fontSize: 16 },
      tooltip: { trigger: 'axis' },
      legend: { textStyle: { color: ink, fontSize: 16 }, data: series.map(function (s) { return s.name; }) },
      grid: { left: 80, right: 30, top: 50, bottom: 40 },
      xAxis: { type: 'category', data: labels, axisLabel: { color: ink, fontSize: 16 } },
      yAxis: { type: 'value', axisLabel: { color: ink, fontSize: 16 }, splitLine: { lineStyle: { color: '#22304a' } } },
      series: series
    });
    return c;
  }
})();
