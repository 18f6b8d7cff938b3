/* Previews in the web editor that look like the portal's pages: the style sheets are the ones the
 * built site's start page links to (Material for MkDocs and assets/ods.css), read at run time so
 * that a new Material version or a changed ods.css is used at once; the markup uses the same
 * classes as the pages (md-typeset, the facts table, admonitions). */
(function () {
  "use strict";
  var h = window.h;
  var site = new URL("../", document.currentScript.src);

  fetch(site.href)
    .then(function (answer) { return answer.ok ? answer.text() : ""; })
    .then(function (html) {
      var page = new DOMParser().parseFromString(html, "text/html");
      page.querySelectorAll('link[rel="stylesheet"]').forEach(function (link) {
        window.CMS.registerPreviewStyle(new URL(link.getAttribute("href"), site).href);
      });
    })
    .catch(function () { /* no site around the editor (a bare copy): plain previews */ });

  // A year's status and certainty in the words the pages use (the build's label file, urls.LABELS_FILE).
  var labels = { status: {}, certainty: {} };
  fetch(new URL("assets/ods-labels.json", site))
    .then(function (answer) { return answer.ok ? answer.json() : labels; })
    .then(function (found) { labels = found; })
    .catch(function () { /* a bare copy: the values as the data writes them */ });

  function word(group, value) {
    return (labels[group][value] || value || "").toLowerCase();
  }

  function plain(value) {
    return value && typeof value.toJS === "function" ? value.toJS() : value;
  }

  function list(items) {
    items = plain(items) || [];
    return items.length ? h("ul", null, items.map(function (item, i) { return h("li", { key: i }, String(item)); })) : null;
  }

  function paragraphs(text) {
    return String(text || "").split(/\n\s*\n/).filter(Boolean).map(function (p, i) { return h("p", { key: i }, p); });
  }

  function facts(rows) {
    rows = rows.filter(function (row) { return row[1] !== undefined && row[1] !== null && String(row[1]) !== ""; });
    return h("table", null, h("tbody", null, rows.map(function (row) {
      return h("tr", { key: row[0] }, h("th", { scope: "row" }, row[0]), h("td", null, String(row[1])));
    })));
  }

  function page(children) {
    return h("div", { className: "md-container" }, h("main", { className: "md-main" },
      h("div", { className: "md-content" }, h("article", { className: "md-content__inner md-typeset" }, children))));
  }

  // The follow-up's measures as the editor chose them (the select shows the Swedish words beside
  // the values), each with who says it: the built page words them in full.
  function followup(indicators) {
    return list((indicators || []).map(function (m) {
      return (m.measure === "other" ? (m.other || "(vad saknas)") : m.measure) + ": "
        + [m.direction, m.amount].filter(Boolean).join(" ")
        + (m.compared_with ? ", jämfört med " + m.compared_with : "")
        + "; enligt " + (m.according_to || "(vem saknas)");
    }));
  }

  function scene(s, i) {
    var years = (s.years || []).map(function (y) {
      return h("tr", { key: y.year }, h("td", null, String(y.year)), h("td", null, word("status", y.status)),
        h("td", null, word("certainty", y.certainty || "stated")
          + (y.dispute ? "; ifrågasatt av " + (y.dispute.by || "(vem saknas)") + ": " + (y.dispute.says || "") : "")),
        h("td", null, y.note || ""),
        h("td", null, followup(y.indicators)));
    });
    return h("section", { key: s.id || i, className: "ods-preview-record" },
      h("h1", null, s.name || "(namn saknas)"),
      facts([["Kommun", s.municipality], ["Stadsdel", s.district], ["Typ av plats", s.place_type],
        ["Tider på dygnet", (s.times_of_day || []).join(", ")]]),
      paragraphs(s.description),
      h("h2", null, "Kartläggningar"),
      h("table", null, h("thead", null, h("tr", null, h("th", null, "År"), h("th", null, "Status"), h("th", null, "Säkerhet"),
        h("th", null, "Anteckning"), h("th", null, "Polisens uppföljning"))), h("tbody", null, years)),
      s.collaboration ? h("div", { className: "admonition note" }, h("p", { className: "admonition-title" }, "Platssamverkan"),
        paragraphs(s.collaboration.description)) : null,
      h("p", null, "Källor: " + (s.sources || []).join(", ")));
  }

  window.CMS.registerPreviewTemplate("scenes", window.createClass({
    render: function () {
      var scenes = plain(this.props.entry.getIn(["data", "scenes"])) || [];
      return page([h("p", { key: "n", className: "ods-preview-note" }, "Förhandsvisning av " + scenes.length + " platser, i filens ordning.")]
        .concat(scenes.map(scene)));
    },
  }));

  window.CMS.registerPreviewTemplate("examples", window.createClass({
    render: function () {
      var e = plain(this.props.entry.get("data")) || {};
      var period = e.period || {};
      return page([
        h("h1", { key: "t" }, e.title || "(rubrik saknas)"),
        h("p", { key: "s" }, h("strong", null, e.summary || "")),
        facts([["Kommun", e.municipality], ["Period", (period.start || "") + (period.end ? " – " + period.end : " – pågår")],
          ["Platser", (e.scenes || []).join(", ")], ["Metoder", (e.methods || []).join(", ")],
          ["Aktörer", (e.actors || []).join(", ")]]),
        h("h2", { key: "w" }, "Vad som gjordes"),
        list(e.what_was_done),
        h("h2", { key: "r" }, "Resultat"),
        paragraphs(e.result),
        h("p", { key: "k" }, "Källor: " + (e.sources || []).join(", ")),
      ]);
    },
  }));
})();
