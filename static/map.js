// The province's cities on a map, each
// coloured by its light (completion rate against time progress), its
// figures on hover, a click opening the city's dashboard. 赣江新区 has no
// polygon of its own: a point marks it. The figures come from the rollup
// dashboard.js fetches (its "rollup" event); the same numbers are in the
// table beside the map. The map is data-geo: the pages name the vendored
// ECharts file in its own encoding (19 KB gzipped, which ECharts decodes)
// rather than the same map as plain GeoJSON at /api/v1/geo/jiangxi.json
// (70 KB gzipped), which a slow line feels. Also used by the meeting-room screen (screen.js
// calls JiangxiMap.draw).
(function () {
  'use strict';
  var COLOURS = { green: '#188038', yellow: '#e8a600', red: '#d93025' };
  var LIGHT_WORDS = { green: '绿灯', yellow: '黄灯', red: '红灯' };

  function pct(x) { return (Math.round(x * 1000) / 10).toFixed(1) + '%'; }
  function yi(yuan) { return (Math.round(yuan / 1e6) / 100).toFixed(2); }

  // draw draws geo (a FeatureCollection) with rollup r into el; opts.dark
  // for the screen, opts.fontSize for the labels.
  function draw(el, geo, r, opts) {
    opts = opts || {};
    echarts.registerMap('jiangxi', geo);
    var byName = {};
    r.by_city.forEach(function (g) { byName[g.key] = g; });
    var newArea = el.getAttribute('data-new-area') || '';
    var at = (el.getAttribute('data-new-area-at') || '').split(',').map(Number);
    var drawn = 0;
    var regions = geo.features.map(function (f) {
      var g = byName[f.properties.name];
      if (g) { drawn++; }
      return { name: f.properties.name, itemStyle: { areaColor: g ? COLOURS[g.light] : '#c8ccd2' } };
    });
    var tip = function (name) {
      var g = byName[name];
      if (!g) { return name + '<br>本年清单中没有项目'; }
      return '<b>' + name + '</b> ' + (LIGHT_WORDS[g.light] || '') +
        '<br>完成率 ' + pct(g.completion_rate) + '（时序进度 ' + pct(r.time_progress) + '）' +
        '<br>年度计划 ' + yi(g.plan_yuan) + ' 亿元，累计完成 ' + yi(g.completed_yuan) + ' 亿元' +
        '<br>项目 ' + g.projects + ' 个：红灯 ' + g.lights.red + '，黄灯 ' + g.lights.yellow + '，绿灯 ' + g.lights.green;
    };
    var ink = opts.dark ? '#e8eaed' : '#1f2329';
    var series = [];
    if (newArea && byName[newArea] && at.length === 2) {
      var na = byName[newArea];
      series.push({ name: newArea, type: 'scatter', coordinateSystem: 'geo', symbol: 'pin', symbolSize: opts.dark ? 44 : 30,
        data: [{ name: newArea, value: at, itemStyle: { color: COLOURS[na.light], borderColor: '#fff', borderWidth: 1 } }],
        label: { show: true, position: 'right', formatter: newArea, color: ink, fontSize: opts.fontSize || 12 }, z: 5 });
    }
    var chart = echarts.getInstanceByDom(el) || echarts.init(el, null, { renderer: 'svg' });
    chart.setOption({
      animation: false,
      tooltip: { trigger: 'item', formatter: function (p) { return tip(p.name); } },
      geo: {
        map: 'jiangxi', roam: false, selectedMode: false, layoutCenter: ['50%', '52%'], layoutSize: '95%',
        label: { show: true, color: ink, fontSize: opts.fontSize || 12 },
        itemStyle: { borderColor: '#fff', borderWidth: 1.5 },
        emphasis: { label: { color: ink }, itemStyle: { areaColor: '#1a73e8' } },
        tooltip: { show: true },
        regions: regions
      },
      series: series
    }, true);
    chart.off('click');
    chart.on('click', function (p) {
      var link = el.getAttribute('data-link');
      if (link && p.name && (byName[p.name] || p.componentType === 'geo')) {
        window.location.href = link + encodeURIComponent(p.name);
      }
    });
    el.setAttribute('data-cities', String(drawn));
    el.setAttribute('data-ready-ms', String(Math.round(performance.now())));
    el.setAttribute('data-ready', '1');
    return chart;
  }

  function loadGeo(el) {
    return fetch(el.getAttribute('data-geo'), { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (res) {
        if (!res.ok) { throw new Error('geo ' + res.status); }
        return res.json();
      });
  }

  window.JiangxiMap = { draw: draw, loadGeo: loadGeo };

  var el = document.getElementById('chart-map');
  var holder = document.getElementById('charts');
  if (!el || !holder || el.hasAttribute('data-manual')) { return; }
  var geo = loadGeo(el);
  holder.addEventListener('rollup', function (e) {
    geo.then(function (g) {
      var chart = draw(el, g, e.detail);
      window.addEventListener('resize', function () { chart.resize(); });
    }).catch(function (err) {
      el.setAttribute('data-error', String(err));
      el.insertAdjacentHTML('afterbegin', '<p class="muted">地图暂时无法加载，数字见右侧表格。</p>');
    });
  });
})();
