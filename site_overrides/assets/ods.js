// Wide tables scroll sideways on phones: make such a region reachable by keyboard (WCAG 2.1.1).
(function () {
  function label() {
    document.querySelectorAll(".md-typeset__scrollwrap, .md-typeset__table").forEach(function (box) {
      if (box.scrollWidth > box.clientWidth && !box.hasAttribute("tabindex")) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", "Tabell, kan rullas i sidled");
      }
    });
  }
  if (window.document$) { window.document$.subscribe(label); } else { document.addEventListener("DOMContentLoaded", label); }
  window.addEventListener("resize", label);
})();

// Filters on the good-examples page: work without a server and are kept in the URL (?kommun=…).
(function () {
  function setup() {
    var box = document.querySelector("[data-ods-filter]");
    if (!box || box.dataset.odsReady) return;
    box.dataset.odsReady = "1";
    var form = box.querySelector("form");
    var items = Array.prototype.slice.call(document.querySelectorAll(".ods-example"));
    var count = box.querySelector("[data-ods-count]");
    var params = new URLSearchParams(window.location.search);
    Array.prototype.forEach.call(form.elements, function (el) {
      if (el.name && params.has(el.name)) el.value = params.get(el.name);
    });
    function apply() {
      var shown = 0;
      var query = new URLSearchParams();
      items.forEach(function (item) {
        var ok = Array.prototype.every.call(form.elements, function (el) {
          if (!el.name || !el.value) return true;
          return (item.dataset[el.name] || "").split(" ").indexOf(el.value) !== -1;
        });
        item.hidden = !ok;
        if (ok) shown++;
      });
      Array.prototype.forEach.call(form.elements, function (el) {
        if (el.name && el.value) query.set(el.name, el.value);
      });
      var search = query.toString();
      history.replaceState(null, "", search ? "?" + search : window.location.pathname);
      count.textContent = "Visar " + shown + " av " + items.length + " exempel.";
    }
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    box.hidden = false;
    apply();
  }
  if (window.document$) { window.document$.subscribe(setup); } else { document.addEventListener("DOMContentLoaded", setup); }
})();
