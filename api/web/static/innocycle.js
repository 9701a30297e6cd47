// innocycle: small enhancements over pages that work without JavaScript.
(function () {
  "use strict";
  // htmx requests carry the CSRF token of the page, as its forms do.
  document.addEventListener("htmx:configRequest", function (event) {
    var meta = document.querySelector('meta[name="csrf-token"]');
    if (meta) { event.detail.headers["X-CSRF-Token"] = meta.content; }
  });
  // An error summary takes the focus, so a screen reader announces it first.
  function focusErrors() {
    var summary = document.querySelector(".error-summary");
    if (summary) { summary.focus(); }
  }
  document.addEventListener("DOMContentLoaded", focusErrors);
  document.addEventListener("htmx:afterSettle", focusErrors);
  // Drop zones: files dropped on the zone go into its file input.
  document.addEventListener("dragover", function (event) {
    var zone = event.target.closest && event.target.closest(".dropzone");
    if (zone) { event.preventDefault(); zone.classList.add("dropzone--over"); }
  });
  document.addEventListener("dragleave", function (event) {
    var zone = event.target.closest && event.target.closest(".dropzone");
    if (zone) { zone.classList.remove("dropzone--over"); }
  });
  document.addEventListener("drop", function (event) {
    var zone = event.target.closest && event.target.closest(".dropzone");
    if (!zone) { return; }
    event.preventDefault();
    zone.classList.remove("dropzone--over");
    var input = zone.querySelector('input[type="file"]');
    if (input && event.dataTransfer && event.dataTransfer.files.length) {
      input.files = event.dataTransfer.files;
      input.dispatchEvent(new Event("change", { bubbles: true }));
    }
  });
  // A file link downloads the file. The page is boosted, and htmx would fetch the file and put it in place of the
  // page; the click stops here, before htmx sees it, and the browser downloads as it would without JavaScript.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[download]");
    if (link) { event.stopPropagation(); }
  }, true);
  // A file input shows the names of what was chosen next to it.
  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!(input instanceof HTMLInputElement) || input.type !== "file") { return; }
    var out = document.getElementById(input.id + "-chosen");
    if (out) { out.textContent = Array.prototype.map.call(input.files, function (f) { return f.name; }).join(", "); }
  });
})();
