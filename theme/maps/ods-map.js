/* ÖDS-portalen: places, popups, legend and controls for the standalone map documents in kartor/.
   Every text from data is set with textContent or setAttribute, never as HTML.

   For keyboard and screen-reader users: every drawn place is a focusable button named after the place
   (in the order of the data: by name within each year), Enter or Space opens its popup as a dialog and
   moves focus into it, Esc closes it and returns focus to the place. The controls come before the
   places, and the popups are kept clear of the controls. */
(function () {
  "use strict";

  // Below this width (in CSS pixels of the map) the layer list and the legend start folded.
  var NARROW = 560;
  var GAP = 8;
  var ids = 0;
  var folds = [];  // functions that fold each foldable control

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    if (cls) { node.className = cls; }
    return node;
  }

  function uid(prefix) { ids += 1; return prefix + "-" + ids; }

  // What a popup says of a place below its name: the plain answer first, the same words as the place's
  // page; undefined until known (a map of many places fetches it when the popup opens).
  function popupLines(p) {
    if (p.kind === "school") { return [p.type_label]; }
    if (p.status_now === undefined) { return undefined; }
    var lines = [];
    lines.push(p.status_now);  // the plain answer first, the same words as the place's page
    if (p.municipality) { lines.push("Kommun: " + p.municipality); }
    lines.push(p.year + ": " + p.status_label);
    lines.push(p.certainty === "inferred"
      ? "Vår slutsats, inte angivet i källan: " + p.inferred_from
      : "Enligt källan.");
    lines.push("Läge: " + p.precision_label + ".");
    if (p.note) { lines.push(p.note); }
    if (p.dispute) { lines.push(p.dispute); }
    if (p.dispute_sources) { lines.push(p.dispute_sources); }
    return lines;
  }

  function fillLines(box, lines) {
    box.textContent = "";
    lines.forEach(function (line) { box.appendChild(el("p", line)); });
  }

  var UNREAD = "Uppgifterna om platsen kunde inte läsas. De står på platsens sida.";

  // A place's own data file, fetched once per place: what its popup says of each year.
  var details = {};
  function placeDetails(data, id) {
    if (!details[id]) {
      details[id] = getJSON(data.detail.split("{id}").join(id)).then(function (own) {
        var years = {};
        own.places = rows(own.places);
        own.layers.forEach(function (spec) {
          rows(spec.shapes || []).forEach(function (s) {
            if (!spec.kind && !years[s.y]) { years[s.y] = toFeature(own, own, spec.kind, s).properties; }
          });
        });
        return years;
      });
      details[id].catch(function () { delete details[id]; });  // the next opening tries again
    }
    return details[id];
  }

  function popup(map, layer, p, data) {
    var box = el("div", null, "ods-popup");
    var title = el("h2", p.name, "ods-popup__title");
    title.id = uid("ods-popup-title");
    title.tabIndex = -1;  // focused when the popup opens, so that it is read first
    box.appendChild(title);
    var body = el("div", null, "ods-popup__body");
    box.appendChild(body);
    var lines = popupLines(p);
    if (lines) {
      fillLines(body, lines);
    } else {
      // The name at once; the rest is said once, by the live region, when it arrives.
      body.setAttribute("role", "status");
      body.setAttribute("aria-busy", "true");  // read out when complete, not line by line
      body.appendChild(el("p", "Hämtar uppgifterna om platsen …"));
      placeDetails(data, p.id).then(function (years) {
        var own = years[p.year] || {};
        ["status_now", "certainty", "inferred_from", "precision_label", "note", "dispute", "dispute_sources"]
          .forEach(function (key) { p[key] = own[key]; });
        fillLines(body, popupLines(p) || [UNREAD]);
      }, function () {
        fillLines(body, [UNREAD]);
      }).then(function () {
        body.setAttribute("aria-busy", "false");
        var open = layer.getPopup();
        if (open && open.isOpen()) {  // the popup grew: lay it out again and keep it clear of the controls
          open._updateLayout();
          open._updatePosition();
          keepClear(map, open.getElement());
        }
      });
    }
    if (p.href) {
      var a = el("a", p.link_text || "Till platsens sida");
      a.href = p.href;       // relative to this document, so it works under any site root
      a.target = "_top";     // open the page, not the page inside the map frame
      var line = el("p");
      line.appendChild(a);
      box.appendChild(line);
    }
    return box;
  }

  // A finger covers about 44 px (WCAG 2.5.5): the places drawn within that of the one tapped.
  var REACH = 22;

  function pointOf(map, layer) {
    var at = layer.getLatLng ? layer.getLatLng() : layer.getBounds().getCenter();
    return map.latLngToContainerPoint(at);
  }

  function nearPlaces(map, point, except) {
    var found = [];
    map.eachLayer(function (l) {
      var p = l.feature && l.feature.properties;
      if (!p || p.kind === "ring" || l === except || !l.getPopup || !l.getPopup()) { return; }
      var d = pointOf(map, l).distanceTo(point);
      if (d <= REACH) { found.push({ layer: l, distance: d }); }
    });
    return found.sort(function (a, b) { return a.distance - b.distance; });
  }

  // Places that overlap the opened one are listed in its popup, each a button that opens its own.
  function overlapList(map, layer) {
    var others = nearPlaces(map, pointOf(map, layer), layer);
    if (!others.length) { return null; }
    var box = el("div", null, "ods-popup__near");
    box.appendChild(el("p", "Andra platser på samma ställe på kartan:"));
    var list = el("ul");
    others.forEach(function (o) {
      var p = o.layer.feature.properties;
      var button = el("button", p.name + (p.year ? " (" + p.year + ")" : ""));
      button.type = "button";
      button.addEventListener("click", function () { o.layer.openPopup(); });
      var li = el("li");
      li.appendChild(button);
      list.appendChild(li);
    });
    box.appendChild(list);
    return box;
  }

  // A tap beside a small circle still opens the nearest place within reach.
  function tapReach(map) {
    map.on("click", function (e) {
      // a click on a shape has opened it already, and bubbles up to the map
      if (e.originalEvent.target.classList.contains("leaflet-interactive")) { return; }
      var near = nearPlaces(map, e.containerPoint, null);
      if (near.length) { near[0].layer.openPopup(); }
    });
  }

  // What a screen reader says for a place: its name, where and its status in the year drawn.
  function placeName(p) {
    if (p.kind === "school") { return p.name + " (" + p.type_label.toLowerCase() + ")"; }
    return p.name + (p.municipality ? ", " + p.municipality : "") + ": " + p.status_label.toLowerCase() + " " + p.year;
  }

  // Leaflet draws a new SVG path each time a layer is added, so the attributes are set on every add.
  function makeFocusable(map, layer, p) {
    var path = layer.getElement && layer.getElement();
    if (!path) { return; }
    path.setAttribute("tabindex", "0");
    path.setAttribute("role", "button");
    path.setAttribute("aria-label", placeName(p));
    path.setAttribute("aria-haspopup", "dialog");
    path.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        layer.openPopup();
      }
    });
    // Tab may reach a place outside the view: bring it in (the browser would scroll the map box instead).
    path.addEventListener("focus", function () {
      var centre = layer.getBounds ? layer.getBounds().getCenter() : layer.getLatLng();
      if (!map.getBounds().contains(centre)) { map.panTo(centre, { animate: false }); }
    });
  }

  // Called for every shape of an interactive layer.
  function feature(map, data) {
    return function (f, layer) {
      var p = f.properties || {};
      if (p.kind === "ring") { return; }
      // Narrow enough for the map, with room for its frame and close button (about 50 px).
      var width = Math.max(120, Math.min(280, map.getContainer().clientWidth - 2 * GAP - 50));
      layer.bindPopup(function () {
        // Leaflet's maxHeight scrolls a long popup, read after this content: it must fit between the
        // controls at the top and those at the bottom (about 40 px for the frame and the tip).
        var a = freeArea(map);
        layer.getPopup().options.maxHeight = Math.max(120, a.bottom - a.top - 2 * GAP - 40);
        var box = popup(map, layer, p, data);
        var near = overlapList(map, layer);
        if (near) { box.appendChild(near); }
        return box;
      }, { autoPan: false, maxWidth: width, minWidth: Math.min(200, width) });
      layer.bindTooltip(el("span", p.kind === "scene" ? p.name + " (" + p.year + ")" : p.name));
      layer.on("add", function () { makeFocusable(map, layer, p); });
    };
  }

  // A control with a heading whose button folds its body away; folded from the start on a narrow map.
  function foldable(map, position, cls, heading, body) {
    var control = L.control({ position: position });
    control.onAdd = function () {
      var box = L.DomUtil.create("div", "ods-control leaflet-control " + cls);
      var h = el("h2", null, "ods-control__title");
      var button = el("button", null, "ods-control__toggle");
      button.type = "button";
      var mark = el("span", null, "ods-control__mark");
      mark.setAttribute("aria-hidden", "true");
      button.appendChild(mark);
      button.appendChild(document.createTextNode(heading));
      body.id = uid("ods-control");
      button.setAttribute("aria-controls", body.id);
      var open = map.getContainer().clientWidth >= NARROW;
      var set = function (value) {
        button.setAttribute("aria-expanded", value ? "true" : "false");
        body.hidden = !value;
      };
      set(open);
      folds.push(function () { set(false); });
      button.addEventListener("click", function () { set(button.getAttribute("aria-expanded") !== "true"); });
      h.appendChild(button);
      box.appendChild(h);
      box.appendChild(body);
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      return box;
    };
    control.addTo(map);
    return control;
  }

  function legend(map, items) {
    var list = el("ul", null, "ods-legend__list");
    items.forEach(function (item) {
      var li = el("li");
      if (item.heading) {  // which view is shown, in words: a line without a swatch
        li.className = "ods-legend__view";
        li.textContent = item.label;
        list.appendChild(li);
        return;
      }
      var swatch = el("span", null, "ods-swatch ods-swatch--" + item.shape);
      swatch.setAttribute("aria-hidden", "true");
      swatch.style.borderColor = item.color;
      swatch.style.backgroundColor = item.fill || "transparent";
      if (item.dash) { swatch.style.borderStyle = "dashed"; }
      if (item.dot) { swatch.style.borderStyle = "dotted"; }
      li.appendChild(swatch);
      li.appendChild(document.createTextNode(item.label));
      list.appendChild(li);
    });
    foldable(map, "bottomright", "ods-legend", "Förklaring", list);
  }

  // The layers as checkboxes of our own: Leaflet's layer control writes names as HTML and names its
  // folded button in English.
  function layerList(map, layers) {
    var fieldset = el("fieldset", null, "ods-layers__list");
    fieldset.appendChild(el("legend", "Lager som visas", "ods-visually-hidden"));
    var problem = el("p", null, "ods-layers__error");  // said once by screen readers when a layer fails
    problem.setAttribute("role", "alert");
    layers.forEach(function (entry) {
      var label = el("label");
      var box = el("input");
      box.type = "checkbox";
      box.checked = map.hasLayer(entry.layer);
      box.addEventListener("change", function () {
        if (!box.checked) { map.removeLayer(entry.layer); return; }
        if (!entry.load) { entry.layer.addTo(map); return; }
        window.odsLayersLoading = (window.odsLayersLoading || 0) + 1;  // for tests: wait until it is 0
        box.setAttribute("aria-busy", "true");
        var done = function () { window.odsLayersLoading -= 1; box.removeAttribute("aria-busy"); };
        entry.load().then(function () {
          done();
          if (problem.parentNode) { problem.parentNode.removeChild(problem); }  // an earlier failure is over
          if (box.checked) { entry.layer.addTo(map); }
        }, function () {
          done();
          box.checked = false;
          fieldset.appendChild(problem);
          problem.textContent = "Lagret " + entry.name + " kunde inte läsas. Försök igen om en stund.";
        });
      });
      label.appendChild(box);
      label.appendChild(document.createTextNode(" " + entry.name));
      fieldset.appendChild(label);
    });
    foldable(map, "topright", "ods-layers", "Kartlager", fieldset);
  }

  // Zooms when the button is pressed, not when the choice changes: arrow keys in the list only choose
  // (WCAG 3.2.2).
  function zoomSelect(map, areas, all) {
    var control = L.control({ position: "topright" });
    control.onAdd = function () {
      var box = L.DomUtil.create("div", "ods-control ods-zoomto leaflet-control");
      var label = el("label", "Zooma till kommun");
      label.htmlFor = "ods-zoomto";
      var select = el("select");
      select.id = "ods-zoomto";
      var first = el("option", "Hela länet");
      first.value = "";
      select.appendChild(first);
      areas.forEach(function (a) {
        var option = el("option", a.name);
        option.value = a.id;
        select.appendChild(option);
      });
      var button = el("button", "Visa");
      button.type = "button";
      button.addEventListener("click", function () {
        var found = areas.filter(function (a) { return a.id === select.value; })[0];
        map.fitBounds(found ? found.bounds : all, { padding: [24, 24], maxZoom: 15 });
      });
      var row = el("div", null, "ods-zoomto__row");
      row.appendChild(select);
      row.appendChild(button);
      box.appendChild(label);
      box.appendChild(row);
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      return box;
    };
    control.addTo(map);
  }

  function rect(node) {
    var r = node.getBoundingClientRect();
    return r.width && r.height ? r : null;
  }

  function cornerRects(map) {
    var out = [];
    map.getContainer().querySelectorAll(".leaflet-control").forEach(function (c) {
      var r = rect(c);
      if (r) { out.push(r); }
    });
    return out;
  }

  // Where a popup may lie: left of the controls on the right, or between those at the top and those
  // at the bottom.
  function freeArea(map) {
    var box = map.getContainer().getBoundingClientRect();
    var area = { box: box, right: box.right, top: box.top, bottom: box.bottom, leftTop: box.top, leftBottom: box.bottom };
    cornerRects(map).forEach(function (c) {
      var onRight = c.left > box.left + box.width / 2, atTop = c.top < box.top + box.height / 2;
      if (onRight) { area.right = Math.min(area.right, c.left); }
      if (atTop) { area.top = Math.max(area.top, c.bottom); } else { area.bottom = Math.min(area.bottom, c.top); }
      if (!onRight && atTop) { area.leftTop = Math.max(area.leftTop, c.bottom); }
      if (!onRight && !atTop) { area.leftBottom = Math.min(area.leftBottom, c.top); }
    });
    return area;
  }

  // Move the map so that an open popup is inside the map and covered by no control: to the left of the
  // controls on the right if it fits there, else between the controls at the top and those at the
  // bottom, folding the layer list and the legend if it does not fit between them either.
  function keepClear(map, node) {
    var p = node.getBoundingClientRect();
    var a = freeArea(map);
    var box = a.box;
    var fitsSide = p.width + 2 * GAP <= a.right - box.left;
    if (!fitsSide && p.height + 2 * GAP > a.bottom - a.top) {
      folds.forEach(function (fold) { fold(); });
      a = freeArea(map);
    }
    var dx = 0, dy = 0;
    var top = fitsSide ? a.leftTop : a.top, bottom = fitsSide ? a.leftBottom : a.bottom;
    var right = fitsSide ? a.right : box.right;
    if (p.right > right - GAP) { dx = p.right - (right - GAP); }
    if (p.left - dx < box.left + GAP) { dx = p.left - (box.left + GAP); }
    if (p.top < top + GAP) { dy = p.top - (top + GAP); }
    if (p.bottom - dy > bottom - GAP) { dy = p.bottom - (bottom - GAP); }
    if (dx || dy) { map.panBy([dx, dy], { animate: false }); }
  }

  // Popups are dialogs: named by their heading, focused when they open, closed with Esc, and focus
  // goes back to the place they belong to.
  function popupFocus(map) {
    map.on("popupopen", function (e) {
      var node = e.popup.getElement();
      var title = node.querySelector(".ods-popup__title");
      node.setAttribute("role", "dialog");
      if (title) { node.setAttribute("aria-labelledby", title.id); }
      var close = node.querySelector(".leaflet-popup-close-button");
      if (close) {
        close.setAttribute("aria-label", "Stäng");
        close.title = "Stäng";
      }
      node.addEventListener("keydown", function (event) {
        if (event.key === "Escape") { event.stopPropagation(); map.closePopup(e.popup); }
      });
      keepClear(map, node);
      if (title) { title.focus({ preventScroll: true }); }
    });
    map.on("popupclose", function (e) {
      var node = e.popup.getElement();
      var active = document.activeElement;
      var source = e.popup._source && e.popup._source.getElement && e.popup._source.getElement();
      if (source && (!active || active === document.body || (node && node.contains(active)))) {
        source.focus({ preventScroll: true });
      }
    });
  }

  function fail(map, message) {
    var box = el("p", message, "ods-map-error");
    box.setAttribute("role", "alert");
    map.getContainer().appendChild(box);
    window.odsMapReady = true;
  }

  // Keep the places clear of the controls: the legend (bottom right) and the layer list (top right).
  function fitPadding(map, maxZoom) {
    var box = map.getContainer();
    var size = function (sel) { var n = box.querySelector(sel); return n ? [n.offsetWidth, n.offsetHeight] : [0, 0]; };
    var legendSize = size(".ods-legend"), layers = size(".ods-layers"), zoom = size(".leaflet-control-zoom");
    var width = box.clientWidth, height = box.clientHeight;
    // On a narrow map the controls cover most of it; then only a small margin is kept.
    var right = Math.min(Math.max(legendSize[0], layers[0]) + 16, width / 3);
    var bottom = Math.min(legendSize[1] + 16, height / 3);
    // No zoom animation on opening: the map is ready (and a click lands where it is aimed) once drawn.
    // The zoom buttons stand in the top left corner: a place there would sit under them (Storvreten did, on
    // Botkyrka's map at 375 px), so the places start to the right of them.
    return { paddingTopLeft: [Math.max(24, zoom[0] + 20), Math.min(24, height / 4)], paddingBottomRight: [right, bottom], maxZoom: maxZoom,
      animate: false };
  }

  // The data files are small: each place's name and municipality once (data.places; on a place's own
  // map its status sentence too), each text and style once (texts, styles), and shapes that point
  // into them. These turn a shape back
  // into the GeoJSON feature Leaflet draws, with everything a popup shows. part is the file the shapes
  // come from (a year layer has a file of its own); its shapes point into the places of data.
  function toFeature(data, part, kind, s) {
    var text = function (i) { return i === undefined ? undefined : part.texts[i]; };
    var p;
    if (kind === "ring") {
      p = { kind: "ring" };
    } else if (kind === "school") {
      p = { kind: "school", name: s.n, type_label: text(s.k) };
    } else {
      var place = data.places[s.i];
      p = {
        kind: "scene", id: place.id, name: place.n, municipality: data.texts[place.m],
        status_now: place.t === undefined ? undefined : data.texts[place.t],
        year: s.y, status_label: text(s.a), certainty: s.c === undefined ? "stated" : "inferred",  // "c": what it rests on
        inferred_from: text(s.c), precision_label: text(s.p), note: text(s.o), dispute: text(s.d),
        dispute_sources: text(s.q),
        href: data.href ? data.href.split("{id}").join(place.id) : null  // the place's page, from the one template
      };
    }
    p.style = part.styles[s.s];
    var point = typeof s.g[0] === "number";
    var geometry = point ? { type: "Point", coordinates: s.g } : { type: "Polygon", coordinates: s.g.map(corners) };
    return { type: "Feature", geometry: geometry, properties: p };
  }

  // An area's ring as the generator writes it: whole millionths of a degree, each corner a step from
  // the one before. The sum divided once gives the same number as the decimal itself.
  function corners(steps) {
    var out = [], lon = 0, lat = 0;
    for (var k = 0; k < steps.length; k += 2) {
      lon += steps[k];
      lat += steps[k + 1];
      out.push([lon / 1e6, lat / 1e6]);
    }
    return out;
  }

  // Many shapes or places come as one list per key (packs best); a few as a list of objects.
  function rows(table) {
    if (Array.isArray(table)) { return table; }
    var keys = Object.keys(table), out = [];
    var count = keys.length ? table[keys[0]].length : 0;
    for (var j = 0; j < count; j += 1) {
      var row = {};
      keys.forEach(function (key) { row[key] = table[key][j]; });
      out.push(row);
    }
    return out;
  }

  function fill(layer, data, part, kind) {
    layer.addData({ type: "FeatureCollection", features: rows(part.shapes).map(function (s, j) {
      if (s.i === undefined) { s.i = j; }  // a shape per place, in the order of the places
      return toFeature(data, part, kind, s);
    }) });
  }

  function getJSON(url) {
    return fetch(url).then(function (response) {
      if (!response.ok) { throw new Error(response.status); }
      return response.json();
    });
  }

  function draw(map, data) {
    data.places = rows(data.places || []);
    document.title = data.title;
    var heading = document.querySelector("h1");
    if (heading) { heading.textContent = data.title; }
    var layers = data.layers.map(function (spec) {
      var interactive = spec.kind !== "ring";
      var layer = L.geoJSON(null, {
        style: function (f) { return f.properties.style; },
        pointToLayer: function (f, latlng) { return L.circleMarker(latlng, { radius: 8 }); },
        onEachFeature: interactive ? feature(map, data) : null,
        interactive: interactive
      });
      var entry = { name: spec.name, layer: layer };
      if (spec.shapes) {
        fill(layer, data, { shapes: spec.shapes, texts: data.texts, styles: data.styles }, spec.kind);
      } else {
        // A hidden layer in a file of its own: fetched the first time it is turned on, again after a failure.
        var pending = null;
        entry.load = function () {
          if (!pending) {
            pending = getJSON(spec.src).then(function (part) { fill(layer, data, part, spec.kind); entry.load = null; });
            pending.catch(function () { pending = null; });
          }
          return pending;
        };
      }
      if (spec.show) { layer.addTo(map); }
      return entry;
    });
    if (data.areas && data.areas.length) { zoomSelect(map, data.areas, data.bounds); }
    layerList(map, layers);
    legend(map, data.legend);
    if (data.bounds) { map.fitBounds(data.bounds, fitPadding(map, data.max_fit_zoom || 15)); }
    window.odsMapReady = true;
  }

  // The map box itself: a named region that arrow keys move; its controls come before the places in
  // the tab order (Leaflet puts them after), and the browser never scrolls it (Leaflet moves it).
  function container(map) {
    var box = map.getContainer();
    box.setAttribute("role", "region");
    box.setAttribute("aria-label", "Kartan");
    var hint = el("p", "Piltangenterna flyttar kartan och plus och minus zoomar när kartan har fokus. "
      + "Med Tab når du knapparna och sedan platserna; Enter visar mer om en plats.", "ods-visually-hidden");
    hint.id = uid("ods-map-hint");
    box.parentNode.insertBefore(hint, box);
    box.setAttribute("aria-describedby", hint.id);
    var controls = box.querySelector(".leaflet-control-container");
    if (controls) { box.insertBefore(controls, box.firstChild); }
    box.addEventListener("scroll", function () { box.scrollTop = 0; box.scrollLeft = 0; });
  }

  // Called last in the document: one document per kind of map, drawing the record named in its
  // address (?id=…) from its JSON file next to it.
  window.odsSetup = function (map, cfg) {
    L.control.zoom({ position: "topleft", zoomInTitle: "Zooma in", zoomOutTitle: "Zooma ut" }).addTo(map);
    L.control.scale({ imperial: false }).addTo(map);  // metres and kilometres only
    map.attributionControl.setPrefix(false);
    container(map);
    popupFocus(map);
    tapReach(map);
    window.odsMap = map;
    var url = cfg.data;
    if (url.indexOf("ID") !== -1) {
      var id = new URLSearchParams(window.location.search).get("id") || "";
      if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(id)) {  // an id is all the address may name
        fail(map, "Kartan vet inte vilken plats den ska visa. Uppgifterna finns i tabellen på sidan.");
        return;
      }
      url = url.replace("ID", id);
    }
    getJSON(url)
      .then(function (data) { draw(map, data); })
      .catch(function () { fail(map, "Kartans uppgifter kunde inte läsas. Samma uppgifter finns i tabellen på sidan."); });
  };
})();
