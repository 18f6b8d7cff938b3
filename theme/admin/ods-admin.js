/* Starts the web editor. Sveltia CMS is loaded only once the service worker (ods-sw.js) answers for
 * this page, so that not even its first requests go to a third-party host; see ods-sw.js. The
 * interface is Swedish whatever language the browser asks for, unless the editor has chosen
 * another one in Sveltia's settings. */
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
