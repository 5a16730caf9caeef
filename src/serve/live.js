// Injected by `journeyhub serve` only; never part of a build.
(function () {
  "use strict";
  var overlayId = "journeyhub-error-overlay";
  function showErrors(list) {
    var old = document.getElementById(overlayId);
    if (old) old.remove();
    if (!list || !list.length) return;
    var box = document.createElement("div");
    box.id = overlayId;
    box.setAttribute("role", "alert");
    box.style.cssText = "position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;z-index:2147483647;background:#1b1b1f;color:#f5f5f5;font:14px/1.5 ui-monospace,Menlo,Consolas,monospace;padding:16px 20px;border-top:4px solid #e5484d;box-shadow:0 -8px 24px rgba(0,0,0,.35)";
    var title = document.createElement("strong");
    title.textContent = "journeyhub: " + list.length + " problem(s); the page shows the last good build";
    box.appendChild(title);
    list.forEach(function (d) {
      var p = document.createElement("pre");
      p.style.cssText = "white-space:pre-wrap;margin:10px 0 0;color:#f5f5f5";
      var where = d.file + (d.line ? ":" + d.line + (d.column ? ":" + d.column : "") : "");
      p.textContent = where + "\n" + d.message + (d.hint ? "\nhint: " + d.hint : "");
      box.appendChild(p);
    });
    document.body.appendChild(box);
  }
  function swapCss() {
    var links = document.querySelectorAll('link[rel="stylesheet"]');
    Array.prototype.forEach.call(links, function (link) {
      var url = new URL(link.href, location.href);
      url.searchParams.set("journeyhub-reload", String(Date.now()));
      var next = link.cloneNode();
      next.href = url.toString();
      next.onload = function () { link.remove(); };
      link.after(next);
    });
  }
  var initial = document.getElementById("journeyhub-errors");
  if (initial) {
    try { showErrors(JSON.parse(initial.textContent)); } catch (e) { /* ignore */ }
  }
  if (!window.EventSource) return;
  var source = new EventSource("/__journeyhub/events");
  source.addEventListener("reload", function () { location.reload(); });
  source.addEventListener("css", function () { swapCss(); showErrors([]); });
  source.addEventListener("errors", function (e) {
    try { showErrors(JSON.parse(e.data)); } catch (err) { /* ignore */ }
  });
})();
