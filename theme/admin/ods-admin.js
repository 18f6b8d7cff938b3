/* Starts the web editor. Sveltia CMS is loaded only once the service worker (ods-sw.js) answers for
 * this page, so that not even its first requests go to a third-party host; see ods-sw.js. The
 * interface is Swedish whatever language the browser asks for, unless the editor has chosen
 * another one in Sveltia's settings. And the page can be zoomed (WCAG 1.4.4): Sveltia's own
 * viewport tag says maximum-scale=1, which is taken out again whenever Sveltia writes it. */
(function () {
  "use strict";
  var here = document.currentScript.src;

  function preferSwedish() {
    try {
      var key = "sveltia-cms.prefs";
      var prefs = JSON.parse(window.localStorage.getItem(key) || "{}") || {};
      if (!prefs.locale) {
        prefs.locale = "sv";
        window.localStorage.setItem(key, JSON.stringify(prefs));
      }
    } catch (err) {
      /* no local storage (blocked cookies): Sveltia follows the browser's language */
    }
  }

  function allowZoom() {
    var fix = function () {
      document.querySelectorAll('meta[name="viewport"]').forEach(function (meta) {
        var content = meta.getAttribute("content") || "";
        var open = content.replace(/,?\s*(maximum-scale|user-scalable)=[^,]*/g, "");
        if (open !== content) {
          meta.setAttribute("content", open);
        }
      });
    };
    new MutationObserver(fix).observe(document.head, {
      childList: true, subtree: true, attributes: true, attributeFilter: ["content"],
    });
    fix();
  }

  function load(name) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = new URL(name, here).href;
      script.onload = resolve;
      script.onerror = reject;
      document.head.appendChild(script);
    });
  }

  function controlled() {
    var workers = navigator.serviceWorker;
    if (workers.controller) {
      return Promise.resolve();
    }
    return new Promise(function (resolve) {
      workers.addEventListener("controllerchange", resolve, { once: true });
    });
  }

  function start() {
    preferSwedish();
    allowZoom();
    return load("sveltia/sveltia-cms.js").then(function () { return load("ods-preview.js"); });
  }

  if (!("serviceWorker" in navigator)) {
    document.body.textContent = "Webbredigeraren behöver en nyare webbläsare (service worker saknas).";
    return;
  }
  navigator.serviceWorker.register(new URL("ods-sw.js", here).href, { scope: "./" })
    .then(controlled)
    .then(start)
    .catch(function (err) {
      document.body.textContent = "Webbredigeraren kunde inte starta: " + err;
    });
})();
