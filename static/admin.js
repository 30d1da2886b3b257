// Suggests projects while an admin types a code or a name to assign:
// asks GET /api/v1/projects?q=… (the list's own search) and fills the
// input's datalist with the codes, the names beside them. Without
// JavaScript the form still takes a full code or an exact name.
(function () {
  'use strict';
  var timer = null, seq = 0;
  function fill(list, rows) {
    while (list.firstChild) { list.removeChild(list.firstChild); }
    rows.forEach(function (r) {
      var o = document.createElement('option');
      o.value = r.code || r.name;
      o.textContent = r.name + (r.code ? '（' + r.code + '）' : '') + ' · ' + r.city;
      list.appendChild(o);
    });
  }
  function suggest(input) {
    var list = document.getElementById(input.getAttribute('data-suggest'));
    var q = input.value.trim();
    if (!list || q.length < 2) { return; }
    var mine = ++seq;
    fetch('/api/v1/projects?per_page=10&q=' + encodeURIComponent(q), { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (res) { return res.ok ? res.json() : { rows: [] }; })
      .then(function (page) { if (mine === seq) { fill(list, page.rows || []); } })
      .catch(function () { /* no suggestions; the form still takes a code */ });
  }
  document.querySelectorAll('input[data-suggest]').forEach(function (input) {
    input.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(function () { suggest(input); }, 200);
    });
  });
})();
