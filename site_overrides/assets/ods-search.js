// Search with Pagefind (generator/search.py builds the index into pagefind/ on this site).
// Two places use the same code: the box in the header on every page (partials/ods-search.html),
// and the search page sok/, whose address holds the search (?q=…&typ=…&kommun=…) so it can be shared.
// Each result says what kind of page it is (Plats, Kommun, Metod, …) and where, with an excerpt.
// The number of results is announced to screen readers; Escape closes the box.
(function () {
  "use strict";

  var root = document.querySelector("[data-ods-search]");
  if (!root) return;
  var base = new URL((root.getAttribute("data-ods-base") || ".") + "/", window.location.href);
  // The kinds of page in the filter's order and the index pages to browse, in the words of the
  // build's label tables (written by generator/render/searchmeta.py; its address, like the search
  // page's, from the attributes that partials/ods-search.html writes from config.extra.ods).
  var labels = { kinds: [], index_pages: [] };
  var labelsLoaded = fetch(new URL(root.getAttribute("data-ods-labels"), base))
    .then(function (r) { return r.ok ? r.json() : labels; })
    .then(function (found) { labels = found; }, function () {});
  var toggle = document.getElementById("__search");
  var engine = null;

  // A large site's index comes in several bundles (generator/search.py): pagefind/delar.json names
  // the others, and Pagefind searches them all as one.
  function pagefind() {
    if (!engine) {
      var bundle = new URL("pagefind/", base), options = { baseUrl: base.pathname, excerptLength: 22 };
      engine = Promise.all([
        import(new URL("pagefind.js", bundle).href),
        fetch(new URL("delar.json", bundle)).then(function (r) { return r.ok ? r.json() : []; })
      ]).then(function (loaded) {
        // The other bundles hold only Swedish pages (generator/search.py): a page in another language
        // searches the first bundle, which has all of its language's pages.
        var pf = loaded[0], parts = document.documentElement.lang === "sv" ? loaded[1] : [];
        return pf.options(options).then(function () {
          pf.init();
          return Promise.all(parts.map(function (part) {
            return pf.mergeIndex(new URL(part, bundle).pathname, options);
          }));
        }).then(function () { return pf; });
      });
    }
    return engine;
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text != null) node.textContent = text;
    return node;
  }

  // Pagefind's excerpt is escaped text with the words found in <mark>. It is read in an inert document
  // (DOMParser runs no script and loads nothing) and only its text and its marks are copied, so no
  // element or attribute from a page's text can reach this one, whatever the excerpt holds.
  function marked(html) {
    var out = document.createDocumentFragment();
    new DOMParser().parseFromString(html, "text/html").body.childNodes.forEach(function (node) {
      out.appendChild(node.nodeName === "MARK" ? el("mark", null, node.textContent) : document.createTextNode(node.textContent));
    });
    return out;
  }

  function plural(n) { return n === 1 ? "1 träff" : n.toLocaleString("sv-SE") + " träffar"; }

  function searchPageUrl(state) {
    var url = new URL(root.getAttribute("data-ods-page"), base);
    if (state.q) url.searchParams.set("q", state.q);
    if (state.typ) url.searchParams.set("typ", state.typ);
    if (state.kommun) url.searchParams.set("kommun", state.kommun);
    return url.href;
  }

  // One search: an input, two filters and a list of results in a panel.
  function Search(input, panel, opts) {
    var self = this;
    var n = opts.id;
    this.input = input;
    this.limit = opts.limit;
    this.shown = opts.limit;
    this.seq = 0;
    this.onState = opts.onState || function () {};
    panel.textContent = "";
    var tools = el("div", { class: "ods-search__filters" });
    this.typ = el("select", { id: n + "-typ", name: "typ" });
    this.kommun = el("select", { id: n + "-kommun", name: "kommun" });
    [["Typ", this.typ, "Alla typer"], ["Kommun", this.kommun, "Alla kommuner"]].forEach(function (f) {
      var wrap = el("div", { class: "ods-search__filter" });
      wrap.appendChild(el("label", { for: f[1].id }, f[0]));
      f[1].appendChild(el("option", { value: "" }, f[2]));
      wrap.appendChild(f[1]);
      tools.appendChild(wrap);
      f[1].addEventListener("change", function () { self.shown = self.limit; self.run(); });
    });
    this.status = el("p", { class: "md-search-result__meta ods-search__status", role: "status", "aria-live": "polite", "aria-atomic": "true" });
    this.list = el("ol", { class: "md-search-result__list ods-search__list", "aria-label": "Sökträffar" });
    this.more = el("div", { class: "ods-search__more" });
    panel.appendChild(tools);
    panel.appendChild(this.status);
    panel.appendChild(this.list);
    panel.appendChild(this.more);
    this.prompt();
    input.addEventListener("input", function () { self.shown = self.limit; self.run(); });
    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown") {
        var first = self.list.querySelector("a");
        if (first) { e.preventDefault(); first.focus(); }
      }
    });
    this.list.addEventListener("keydown", function (e) {
      var links = Array.prototype.slice.call(self.list.querySelectorAll("a"));
      var i = links.indexOf(document.activeElement);
      if (i === -1) return;
      if (e.key === "ArrowDown" && i < links.length - 1) { e.preventDefault(); links[i + 1].focus(); }
      if (e.key === "ArrowUp") { e.preventDefault(); (i > 0 ? links[i - 1] : input).focus(); }
    });
  }

  Search.prototype.state = function () {
    return { q: this.input.value.trim(), typ: this.typ.value, kommun: this.kommun.value };
  };

  Search.prototype.prompt = function () {
    this.status.textContent = "Skriv ett ord för att söka, till exempel ett platsnamn, en kommun eller en metod.";
    this.list.textContent = "";
    this.more.textContent = "";
  };

  // The filters' choices come from the index (how many pages of each kind, in which municipality).
  Search.prototype.loadFilters = function (wanted) {
    var self = this;
    if (this.filtersLoaded) return this.filtersLoaded;
    this.filtersLoaded = Promise.all([pagefind(), labelsLoaded]).then(function (got) { return got[0].filters(); }).then(function (all) {
      var order = labels.kinds;
      var kinds = Object.keys(all.typ || {}).sort(function (a, b) {
        return (order.indexOf(a) + 1 || 99) - (order.indexOf(b) + 1 || 99);
      });
      var places = Object.keys(all.kommun || {}).sort(function (a, b) { return a.localeCompare(b, "sv"); });
      [[self.typ, kinds], [self.kommun, places]].forEach(function (f) {
        f[1].forEach(function (v) { f[0].appendChild(el("option", { value: v }, v)); });
      });
      if (wanted) {
        if (wanted.typ && kinds.indexOf(wanted.typ) !== -1) self.typ.value = wanted.typ;
        if (wanted.kommun && places.indexOf(wanted.kommun) !== -1) self.kommun.value = wanted.kommun;
      }
    });
    return this.filtersLoaded;
  };

  Search.prototype.run = function () {
    var self = this;
    var state = this.state();
    var seq = ++this.seq;
    this.onState(state);
    if (!state.q && !state.typ && !state.kommun) { this.prompt(); return Promise.resolve(); }
    var filters = {};
    if (state.typ) filters.typ = state.typ;
    if (state.kommun) filters.kommun = state.kommun;
    // The labels first: "no hits" and "could not start" offer the index pages to browse.
    return labelsLoaded.then(pagefind).then(function (pf) {
      return pf.debouncedSearch(state.q || null, { filters: filters }, 120);
    }).then(function (found) {
      if (found === null || seq !== self.seq) return;  // a newer search has started
      return Promise.all(found.results.slice(0, self.shown).map(function (r) { return r.data(); }))
        .then(function (hits) { if (seq === self.seq) self.render(state, found.results.length, hits); });
    }).catch(function () {
      if (seq !== self.seq) return;
      self.list.textContent = "";
      self.more.textContent = "";
      self.status.textContent = "Sökningen kunde inte startas. Bläddra i stället bland sidorna nedan.";
      self.status.appendChild(self.browseLinks());
    });
  };

  Search.prototype.browseLinks = function () {
    var span = el("span", { class: "ods-search__browse" });
    var pages = labels.index_pages;
    pages.forEach(function (p, i) {
      span.appendChild(document.createTextNode(i === 0 ? " " : i === pages.length - 1 ? " och " : ", "));
      span.appendChild(el("a", { href: new URL(p[0], base).href }, p[1]));
    });
    span.appendChild(document.createTextNode("."));
    return span;
  };

  Search.prototype.render = function (state, total, hits) {
    var self = this;
    var what = state.q ? "för ”" + state.q + "”" : "";
    var where = [state.typ, state.kommun].filter(Boolean).join(", ");
    this.list.textContent = "";
    this.more.textContent = "";
    if (!total) {
      this.status.textContent = "Inga träffar " + (what || "med de filtren") + (where && what ? " bland " + where : "") + ". " +
        (where ? "Prova att ta bort ett filter, ett annat ord" : "Prova ett annat ord") +
        " eller en kortare form av ordet. Du kan också bläddra bland";
      this.status.appendChild(this.browseLinks());
      return;
    }
    this.status.textContent = plural(total) + (what ? " " + what : "") + (where ? " (" + where + ")" : "") + ".";
    hits.forEach(function (hit) {
      var li = el("li", { class: "md-search-result__item" });
      var a = el("a", { href: hit.url, class: "md-search-result__link ods-hit" });
      var art = el("article", { class: "md-search-result__article md-typeset" });
      var meta = hit.meta || {};
      var kind = [meta.typ, meta.kommun].filter(Boolean).join(" · ");
      if (kind) art.appendChild(el("span", { class: "ods-hit__kind" }, kind));
      art.appendChild(el("span", { class: "ods-hit__title" }, meta.title || hit.url));
      var excerpt = el("span", { class: "ods-hit__excerpt" });
      excerpt.appendChild(marked(hit.excerpt));
      art.appendChild(excerpt);
      a.appendChild(art);
      li.appendChild(a);
      self.list.appendChild(li);
    });
    if (total > hits.length) {
      if (this.page) {
        var button = el("button", { type: "button", class: "md-button" }, "Visa fler träffar");
        button.addEventListener("click", function () {
          var next = hits.length;
          self.shown += self.limit;
          self.run().then(function () {
            var link = self.list.querySelectorAll("a")[next];
            if (link) link.focus();
          });
        });
        this.more.appendChild(button);
      } else {
        this.more.appendChild(el("a", { href: searchPageUrl(state) }, "Visa alla " + plural(total) + " på söksidan"));
      }
    }
  };

  // The box in the header. Material's checkbox #__search opens and closes it (CSS from Material).
  function setOpen(open) {
    if (toggle && toggle.checked !== open) toggle.click();
  }

  var headerInput = root.querySelector("[data-ods-search-input]");
  var header = new Search(headerInput, root.querySelector("[data-ods-search-panel]"), { id: "ods-search", limit: 8 });
  var opener = document.querySelector("[data-ods-search-open]");
  var form = headerInput.form;

  headerInput.addEventListener("focus", function () { setOpen(true); header.loadFilters(); pagefind(); });
  headerInput.addEventListener("input", function () { setOpen(true); });
  if (opener) {
    opener.addEventListener("click", function (e) {
      e.preventDefault();
      setOpen(true);
      headerInput.focus();
    });
  }
  if (toggle) {
    toggle.addEventListener("change", function () {
      if (toggle.checked && document.activeElement !== headerInput) headerInput.focus();
    });
  }
  form.addEventListener("submit", function (e) {
    // Enter: the first result, as in Material's search; without one, the search page.
    e.preventDefault();
    var first = header.list.querySelector("a");
    window.location.href = first ? first.href : searchPageUrl(header.state());
  });
  form.addEventListener("reset", function () {
    setTimeout(function () { header.run(); headerInput.focus(); }, 0);
  });
  // Without autocomplete="off" (not valid on a checkbox; generator/site.py drops it) a browser may
  // restore the open box when the reader comes back to the page: start closed.
  window.addEventListener("pageshow", function () { setOpen(false); });
  // Tab out of the box closes it: what is out of sight takes no focus (ods.css hides the closed box).
  root.addEventListener("focusout", function (e) {
    if (e.relatedTarget && !root.contains(e.relatedTarget)) setOpen(false);
  });
  root.addEventListener("keydown", function (e) {
    if (e.key !== "Escape") return;
    e.preventDefault();
    setOpen(false);
    var visible = opener && opener.offsetParent !== null;
    if (visible) { opener.focus(); } else { headerInput.focus(); headerInput.select(); }
  });

  // The search page sok/: the whole search in the page, kept in its address.
  var page = document.querySelector("[data-ods-search-page]");
  if (page) {
    var params = new URLSearchParams(window.location.search);
    var pageForm = el("form", { class: "ods-search-page__form", role: "search", "aria-label": "Sök på söksidan", action: "" });
    var label = el("label", { for: "ods-sok-q", class: "ods-search-page__label" }, "Sök på webbplatsen");
    var input = el("input", { type: "search", id: "ods-sok-q", name: "q", class: "ods-search-page__input", autocomplete: "off", spellcheck: "false", enterkeyhint: "search" });
    input.value = params.get("q") || "";
    var panel = el("div", { class: "md-search-result ods-search-page__panel" });
    pageForm.appendChild(label);
    pageForm.appendChild(input);
    page.appendChild(pageForm);
    page.appendChild(panel);
    var onPage = new Search(input, panel, {
      id: "ods-sok", limit: 20,
      onState: function (state) {
        var url = new URL(searchPageUrl(state));
        history.replaceState(null, "", url.pathname + url.search);
      }
    });
    onPage.page = true;
    pageForm.addEventListener("submit", function (e) { e.preventDefault(); onPage.run(); });
    page.hidden = false;
    document.querySelectorAll("[data-ods-search-nojs]").forEach(function (n) { n.hidden = true; });
    onPage.loadFilters({ typ: params.get("typ"), kommun: params.get("kommun") }).then(function () {
      if (input.value || onPage.typ.value || onPage.kommun.value) onPage.run();
    }, function () { onPage.run(); });
  }
})();
