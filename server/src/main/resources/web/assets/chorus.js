// Chorus pages: what htmx does not do. Pages work without this file; it only adds conveniences.
(function () {
  "use strict";
  // htmx requests that change state carry the page's CSRF token (server.web.WebAuth checks it).
  document.addEventListener("htmx:configRequest", function (event) {
    var meta = document.querySelector('meta[name="csrf-token"]');
    if (meta && event.detail.verb !== "get") {
      event.detail.headers["X-CSRF-Token"] = meta.content;
    }
  });
  // Copy buttons: data-copy names the element whose text goes to the clipboard (snippets, a new token's secret).
  document.addEventListener("click", function (event) {
    var button = event.target instanceof Element ? event.target.closest("[data-copy]") : null;
    var source = button ? document.getElementById(button.getAttribute("data-copy")) : null;
    if (!source || !navigator.clipboard) {
      return;
    }
    var text = source instanceof HTMLInputElement ? source.value : source.textContent;
    navigator.clipboard.writeText(text).then(function () {
      button.textContent = "Copied";
    });
  });
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    var typing = target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target.isContentEditable;
    // "/" focuses the search box, as on GitHub and the Hugging Face Hub.
    if (event.key === "/" && !typing) {
      var search = document.getElementById("site-search");
      if (search) {
        event.preventDefault();
        search.focus();
      }
    }
    // Esc closes an open menu (<details>) and returns focus to its button.
    if (event.key === "Escape") {
      document.querySelectorAll("details[open]").forEach(function (menu) {
        menu.removeAttribute("open");
        menu.querySelector("summary").focus();
      });
    }
  });
})();
