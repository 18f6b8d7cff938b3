// Wide tables scroll sideways on phones: make such a region reachable by keyboard (WCAG 2.1.1).
(function () {
  // Each region has a name of its own (landmarks with one name cannot be told apart): the heading
  // above the table, and a number when one heading has several tables.
  function regionName(box, used) {
    var heading = null;
    for (var node = box; node && !heading; node = node.previousElementSibling || node.parentElement) {
      if (/^H[1-6]$/.test(node.tagName) && node !== box) heading = node;
      if (node.classList && node.classList.contains("md-content__inner")) break;
    }
    var name = "Tabell" + (heading ? " under " + heading.textContent.replace(/¶/g, "").trim() : "");
    used[name] = (used[name] || 0) + 1;
    return name + (used[name] > 1 ? " (" + used[name] + ")" : "") + ", kan rullas i sidled";
  }
  function label() {
    var used = {};
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (box) {
      var scrolls = box.scrollWidth > box.clientWidth + 1;
      var hint = box.previousElementSibling;
      var hasHint = hint && hint.classList.contains("ods-scroll-hint");
      box.classList.toggle("ods-scrolls", scrolls);
      if (scrolls) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", regionName(box, used));
      }
      // Say so in words too: on a phone the last columns are out of sight (the years, the comments).
      if (scrolls && !hasHint) {
        hint = document.createElement("p");
        hint.className = "ods-scroll-hint";
        hint.setAttribute("aria-hidden", "true");  // the region's own label says it to screen readers
        hint.textContent = "Tabellen är bredare än skärmen: dra eller rulla i sidled för att se alla kolumner.";
        box.parentNode.insertBefore(hint, box);
      } else if (!scrolls && hasHint) {
        hint.remove();
      }
    });
  }
  if (window.document$) { window.document$.subscribe(label); } else { document.addEventListener("DOMContentLoaded", label); }
  window.addEventListener("resize", label);
})();

// Filters on index pages (the good examples, the method catalogue): work without a server and are kept
// in the URL (?kommun=…). The box names the items it filters (data-ods-items, a selector) and what they
// are called (data-ods-noun); a select marked data-ods-sort orders the items (by their data-sort-<value>)
// instead of filtering them. Without JavaScript the box is hidden and every item shows.
(function () {
  function setup() {
    var box = document.querySelector("[data-ods-filter]");
    if (!box || box.dataset.odsReady) return;
    box.dataset.odsReady = "1";
    var form = box.querySelector("form");
    var selector = box.dataset.odsItems || ".ods-example";
    var noun = box.dataset.odsNoun || "exempel";
    var items = Array.prototype.slice.call(document.querySelectorAll(selector));
    var count = box.querySelector("[data-ods-count]");
    var sorter = form.querySelector("[data-ods-sort]");
    var fields = Array.prototype.filter.call(form.elements, function (el) { return el.name; });
    var filters = fields.filter(function (el) { return el !== sorter; });
    var params = new URLSearchParams(window.location.search);
    fields.forEach(function (el) {
      if (params.has(el.name)) el.value = params.get(el.name);
    });
    // Items keep the page's own order in `items`; a sort appends them to their parent in the new order.
    function order() {
      var key = sorter && sorter.value;
      var sorted = items.slice();
      if (key) {
        var attr = "sort" + key.charAt(0).toUpperCase() + key.slice(1);
        sorted.sort(function (a, b) {
          return (a.dataset[attr] || "").localeCompare(b.dataset[attr] || "", "sv", { numeric: true });
        });
      }
      sorted.forEach(function (item) { item.parentNode.appendChild(item); });
      if (!key) return "";
      var text = sorter.options[sorter.selectedIndex].text;
      return ", ordnade efter " + text.charAt(0).toLowerCase() + text.slice(1);
    }
    function apply() {
      var shown = 0;
      var query = new URLSearchParams();
      items.forEach(function (item) {
        var ok = filters.every(function (el) {
          if (!el.value) return true;
          return (item.dataset[el.name] || "").split(" ").indexOf(el.value) !== -1;
        });
        item.hidden = !ok;
        if (ok) shown++;
      });
      var sortedBy = order();
      fields.forEach(function (el) {
        if (el.value) query.set(el.name, el.value);
      });
      var search = query.toString();
      history.replaceState(null, "", search ? "?" + search : window.location.pathname);
      count.textContent = shown ? "Visar " + shown + " av " + items.length + " " + noun + sortedBy + "." :
        "Inga " + noun + " passar alla val. Ta bort ett val, eller visa alla " + noun + " igen.";
      reset.hidden = !search;
      // The side table of contents follows the filter: only the shown items are listed.
      document.querySelectorAll(".md-nav--secondary .md-nav__link").forEach(function (link) {
        var target = document.getElementById(decodeURIComponent((link.getAttribute("href") || "").slice(1)));
        var item = target && target.closest(selector);
        if (item) { link.parentElement.hidden = item.hidden; }
      });
    }
    var reset = document.createElement("button");
    reset.type = "button";
    reset.className = "md-button ods-reset";
    reset.textContent = "Visa alla " + noun;
    reset.addEventListener("click", function () { form.reset(); apply(); count.focus(); });
    count.setAttribute("tabindex", "-1");
    count.parentNode.insertBefore(reset, count.nextSibling);
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    apply();
  }
  if (window.document$) { window.document$.subscribe(setup); } else { document.addEventListener("DOMContentLoaded", setup); }
})();

// Print: links in the text print with their full address, and method and example pages get a print
// button (data-ods-print in the page); printing itself uses the print stylesheet (ods.css).
(function () {
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll(".md-content .md-typeset a[href]").forEach(function (a) {
      var href = a.getAttribute("href");
      if (href && href.charAt(0) !== "#" && !/^https?:/.test(href)) { a.setAttribute("data-ods-print-href", a.href); }
    });
  });
  function button() {
    var place = document.querySelector("[data-ods-print]");
    if (!place || place.querySelector("button")) return;
    var b = document.createElement("button");
    b.type = "button";
    b.className = "md-button ods-print";
    b.textContent = "Skriv ut sidan";
    b.addEventListener("click", function () { window.print(); });
    place.appendChild(b);
  }
  if (window.document$) { window.document$.subscribe(button); } else { document.addEventListener("DOMContentLoaded", button); }
})();

// The menu on phones and tablets: the button in the header (partials/header.html) opens and closes
// Material's drawer through its checkbox #__drawer, so Material's own code and CSS follow. Opening moves
// focus into the menu; Escape, or Tab out of it, closes it and the button says whether it is open.
(function () {
  var toggle = document.getElementById("__drawer");
  var button = document.querySelector("[data-ods-menu]");
  var drawer = document.querySelector(".md-sidebar--primary");
  if (!toggle || !button || !drawer) return;
  function setOpen(open) { if (toggle.checked !== open) toggle.click(); }
  // A browser may restore the checkbox when the reader comes back to the page: start closed.
  setOpen(false);
  window.addEventListener("pageshow", function () { setOpen(false); });
  button.addEventListener("click", function () {
    setOpen(!toggle.checked);
    if (toggle.checked) focusFirst(drawer);
  });
  // Focus goes to what can be seen: the menu opens at the level of the current page.
  function focusFirst(box) {
    var all = box.querySelectorAll("a[href], [tabindex='0']");
    for (var i = 0; i < all.length; i++) {
      if (all[i].getClientRects().length && getComputedStyle(all[i]).visibility === "visible") {
        all[i].focus();
        return;
      }
    }
  }
  // A sub-menu opened from the keyboard gets the focus; closed again, the focus goes back to its opener.
  drawer.addEventListener("change", function (e) {
    var sub = e.target;
    if (!toggle.checked || !sub.classList || !sub.classList.contains("md-nav__toggle")) return;
    var panel = sub.parentElement.querySelector(":scope > .md-nav");
    if (sub.checked && panel) { focusFirst(panel); return; }
    var opener = document.getElementById(sub.id + "_label");
    if (opener) opener.focus();
  });
  toggle.addEventListener("change", function () {
    button.setAttribute("aria-expanded", String(toggle.checked));
    if (!toggle.checked && drawer.contains(document.activeElement)) button.focus();
  });
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && toggle.checked) { setOpen(false); button.focus(); }
  });
  drawer.addEventListener("focusout", function (e) {
    var to = e.relatedTarget;
    if (toggle.checked && to && !drawer.contains(to) && to !== button) setOpen(false);
  });
})();
