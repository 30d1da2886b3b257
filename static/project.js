// Draws a project's monthly completed investment (bars) and its
// cumulative (line) for the year shown; the table below has the numbers.
(function () {
  'use strict';
  var el = document.getElementById('project-chart');
  if (!el || typeof echarts === 'undefined') { return; }
  var year = Number(el.getAttribute('data-year'));
  var reports = JSON.parse(el.getAttribute('data-reports')).filter(function (r) { return r.year === year; });
  var wan = function (yuan) { return Math.round(yuan / 100) / 100; };
  var months = [], monthly = [], cum = [], total = 0;
  for (var m = 1; m <= 12; m++) {
    months.push(m + '月');
    var r = reports.find(function (x) { return x.month === m; });
    if (r) { total += r.completed_yuan; monthly.push(wan(r.completed_yuan)); cum.push(wan(total)); }
    else { monthly.push(null); cum.push(null); }
  }
  var c = echarts.init(el, null, { renderer: 'svg' });
  c.setOption({
    animation: false,
    tooltip: { trigger: 'axis' },
    legend: { top: 0, data: [year + '年当月完成', year + '年累计完成'] },
    grid: { left: 80, right: 20, top: 56, bottom: 30 },
    xAxis: { type: 'category', data: months },
    yAxis: { type: 'value', name: '万元' },
    series: [
      { name: year + '年当月完成', type: 'bar', data: monthly },
      { name: year + '年累计完成', type: 'line', data: cum }
    ]
  });
  el.setAttribute('data-ready', '1');
  window.addEventListener('resize', function () { c.resize(); });
  window.addEventListener('beforeprint', function () { c.resize(); });
  window.addEventListener('afterprint', function () { c.resize(); });
})();
