// Live preview for the authoring editor: posts the text (with the CSRF token)
// a moment after typing stops, and shows the sanitised preview and problems.
// Without JavaScript the Preview button does the same with a page load.
(function () {
  "use strict";
  var form = document.getElementById("editor-form");
  if (!form || !window.fetch) { return; }
  var text = form.querySelector("textarea");
  var preview = document.getElementById("preview");
  var problems = document.getElementById("problems");
  var timer = null;
  var sent = 0;

  function refresh() {
    var body = new FormData();
    var number = ++sent;
    body.append("csrf_token", form.querySelector("[name=csrf_token]").value);
    body.append("path", form.dataset.path);
    body.append("text", text.value);
    fetch(form.dataset.previewUrl, { method: "POST", body: body, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data || number !== sent) { return; }  // a newer preview is on its way
        preview.innerHTML = data.html;  // sanitised on the server by core/markdown.py
        problems.innerHTML = data.problems;
        form.dataset.previewed = String(number);
      })
      .catch(function () { /* keep the last preview; saving still works */ });
  }

  text.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(refresh, 400);
  });
}());
