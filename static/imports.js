// Uploads the workbooks with a progress bar (percent sent), then an
// indeterminate bar while the server reads and checks them, and shows
// the preview it answers with. Without JavaScript the form posts as usual.
(function () {
  'use strict';
  var form = document.getElementById('upload');
  var box = document.getElementById('progress');
  if (!form || !box || !window.FormData || !window.XMLHttpRequest) { return; }
  var bar = document.getElementById('upload-progress');
  var text = document.getElementById('progress-text');
  var button = form.querySelector('button[type=submit]');

  // state is uploading (with percent, or null when the size is unknown)
  // or reading; the form's data-state says which, for tests and styles.
  function show(state, percent) {
    box.hidden = false;
    form.setAttribute('data-state', state);
    if (state === 'uploading' && percent !== null) {
      bar.value = percent;
      text.textContent = '正在上传… ' + percent + '%';
      return;
    }
    bar.removeAttribute('value'); // no value: the bar is indeterminate
    text.textContent = state === 'uploading' ? '正在上传…' : '正在读取并检查…';
  }

  function failed(message) {
    form.setAttribute('data-state', 'failed');
    bar.value = 0;
    text.textContent = message;
    button.disabled = false;
  }

  // The answer (the preview, or a page with the error) replaces this
  // page, under the address it came from, as a plain post would.
  function showAnswer(xhr) {
    var doc = xhr.response;
    if (!doc || !doc.documentElement) {
      failed('上传失败：服务器没有返回页面，请重试');
      return;
    }
    if (xhr.responseURL && xhr.responseURL !== window.location.href) {
      window.history.pushState(null, '', xhr.responseURL);
      // This page's address is back in the bar on Back: load it anew.
      window.addEventListener('popstate', function () { window.location.reload(); });
    }
    document.title = doc.title;
    document.replaceChild(document.adoptNode(doc.documentElement), document.documentElement);
    window.scrollTo(0, 0);
  }

  form.addEventListener('submit', function (ev) {
    ev.preventDefault();
    var xhr = new XMLHttpRequest();
    xhr.open('POST', form.action);
    xhr.responseType = 'document';
    xhr.upload.addEventListener('progress', function (e) {
      show('uploading', e.lengthComputable ? Math.floor(e.loaded * 100 / e.total) : null);
    });
    // The server reads the workbooks once they are all sent.
    xhr.upload.addEventListener('load', function () { show('reading'); });
    xhr.addEventListener('load', function () { showAnswer(xhr); });
    xhr.addEventListener('error', function () { failed('上传失败：网络连接中断，请重试'); });
    xhr.addEventListener('timeout', function () { failed('上传超时，请重试'); });
    show('uploading', 0);
    button.disabled = true;
    xhr.send(new FormData(form));
  });
})();
