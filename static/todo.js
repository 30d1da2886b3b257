// The signed-in user's to-do count on the nav's 待办 link, and on the
// dashboard the warnings panel (预警): both read the JSON API, so the
// pages themselves stay cached and cheap.
(function () {
  "use strict";
  function get(url, done) {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (v) { if (v) done(v); })
      .catch(function () { /* the page works without it */ });
  }
  var badge = document.getElementById("todo-count");
  if (badge) {
    get("/api/v1/todo", function (v) {
      var n = (v.items || []).length;
      if (n > 0) { badge.textContent = String(n); badge.hidden = false; }
    });
  }
  var panel = document.getElementById("warnings-panel");
  if (!panel) return;
  var q = "?year=" + encodeURIComponent(panel.dataset.year) + "&month=" + encodeURIComponent(panel.dataset.month);
  get("/api/v1/warnings" + q, function (w) {
    var h = document.createElement("h3");
    h.textContent = "预警（" + w.total.toLocaleString("zh-CN") + "）";
    panel.appendChild(h);
    var ul = document.createElement("ul");
    ul.className = "warnings";
    (w.rules || []).forEach(function (r) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = "/reporting?year=" + encodeURIComponent(w.year) + "#warnings";
      a.textContent = r.label + "：" + r.count.toLocaleString("zh-CN") + " 个项目";
      if (r.count > 0) a.className = "late";
      var rule = document.createElement("span");
      rule.className = "muted";
      rule.textContent = "（" + r.text + "）";
      li.appendChild(a);
      li.appendChild(rule);
      ul.appendChild(li);
    });
    panel.appendChild(ul);
    panel.hidden = false;
  });
})();
