// yokoten serve: live reload and the build-error overlay. Injected by the development
// server into the pages it serves; never part of a built site.
(function () {
  "use strict";
  var seen = null;
  var OVERLAY_ID = "yokoten-error-overlay";
  // The server writes the overlay's words, in the editor's language, on the script tag.
  var me = document.currentScript;
  var TITLE = (me && me.getAttribute("data-title")) || "yokoten";
  var HINT = (me && me.getAttribute("data-hint")) || "";

  function showError(text) {
    var box = document.getElementById(OVERLAY_ID);
    if (!box) {
      box = document.createElement("div");
      box.id = OVERLAY_ID;
      box.setAttribute("role", "alert");
      box.style.cssText =
        "position:fixed;inset:0;z-index:2147483647;overflow:auto;padding:2rem;" +
        "background:rgba(20,20,24,.94);color:#fff;font:14px/1.6 ui-monospace,monospace";
      var title = document.createElement("h2");
      title.textContent = TITLE;
      title.style.cssText = "margin:0 0 .5rem;font:bold 18px/1.4 sans-serif;color:#ffb3b3";
      var hint = document.createElement("p");
      hint.textContent = HINT;
      hint.style.cssText = "margin:0 0 1rem;font:15px/1.6 sans-serif";
      var pre = document.createElement("pre");
      pre.style.cssText = "white-space:pre-wrap;margin:0";
      box.appendChild(title);
      box.appendChild(hint);
      box.appendChild(pre);
      document.body.appendChild(box);
    }
    box.querySelector("pre").textContent = text;
  }

  function hideError() {
    var box = document.getElementById(OVERLAY_ID);
    if (box) box.remove();
  }

  function reloadCss() {
    var links = document.querySelectorAll('link[rel="stylesheet"]');
    for (var i = 0; i < links.length; i++) {
      var url = new URL(links[i].href);
      url.searchParams.set("yokoten", String(Date.now()));
      links[i].href = url.toString();
    }
  }

  function poll() {
    var url = "/__yokoten/poll" + (seen === null ? "" : "?v=" + seen);
    fetch(url, { cache: "no-store" })
      .then(function (r) { return r.json(); })
      .then(function (s) {
        var changed = seen !== null && s.version !== seen;
        seen = s.version;
        if (s.error) {
          showError(s.error);
        } else if (changed) {
          if (s.css && !document.getElementById(OVERLAY_ID)) {
            reloadCss();
          } else {
            location.reload();
            return;
          }
        } else {
          hideError();
        }
        poll();
      })
      .catch(function () { setTimeout(poll, 1000); });
  }

  poll();
})();
