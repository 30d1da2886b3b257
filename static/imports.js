// Shows that a large workbook is being read while the upload runs.
(function () {
  'use strict';
  var form = document.getElementById('upload');
  if (!form) { return; }
  form.addEventListener('submit', function () {
    document.getElementById('reading').hidden = false;
    form.querySelector('button[type=submit]').disabled = true;
  });
})();
