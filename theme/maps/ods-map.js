/* ÖDS-portalen: popups, legend and controls for the standalone map documents in kartor/.
   Every text from data is set with textContent, never as HTML. */
(function () {
  "use strict";

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    if (cls) { node.className = cls; }
    return node;
  }

  function popup(p) {
    var box = el("div", null, "ods-popup");
    box.appendChild(el("strong", p.name));
    var lines = [];
    if (p.kind === "school") {
      lines.push(p.type_label);
    } else {
      if (p.municipality) { lines.push("Kommun: " + p.municipality); }
      lines.push(p.year + ": " + p.status_label);
      lines.push(p.certainty === "inferred"
        ? "Vår slutsats, inte angivet i källan: " + p.inferred_from
        : "Enligt källan.");
      lines.push("Läge: " + p.precision_label + ".");
      if (p.note) { lines.push(p.note); }
    }
    lines.forEach(function (line) { box.appendChild(el("br")); box.appendChild(document.createTextNode(line)); });
    if (p.href) {
      box.appendChild(el("br"));
      var a = el("a", p.link_text || "Till platsens sida");
      a.href = p.href;       // relative to this document, so it works under any site root
      a.target = "_top";     // open the page, not the page inside the map frame
      box.appendChild(a);
    }
    return box;
  }

  // Called by folium's GeoJson onEachFeature for every shape.
  window.odsFeature = function (feature, layer) {
    var p = feature.properties || {};
    if (p.kind === "ring") { return; }
    layer.bindPopup(function () { return popup(p); });
    layer.bindTooltip(el("span", p.kind === "scene" ? p.name + " (" + p.year + ")" : p.name));
  };

  function legend(map, items) {
    var control = L.control({ position: "bottomright" });
    control.onAdd = function () {
      var box = L.DomUtil.create("div", "ods-legend leaflet-control");
      box.appendChild(el("strong", "Förklaring"));
      var list = el("ul");
      items.forEach(function (item) {
        var li = el("li");
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
      box.appendChild(list);
      L.DomEvent.disableClickPropagation(box);
      return box;
    };
    control.addTo(map);
  }

  function zoomSelect(map, areas, all) {
    var control = L.control({ position: "topright" });
    control.onAdd = function () {
      var box = L.DomUtil.create("div", "ods-zoomto leaflet-control");
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
      select.addEventListener("change", function () {
        var found = areas.filter(function (a) { return a.id === select.value; })[0];
        map.fitBounds(found ? found.bounds : all, { padding: [24, 24], maxZoom: 15 });
      });
      box.appendChild(label);
      box.appendChild(select);
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      return box;
    };
    control.addTo(map);
  }

  // Keep the places clear of the controls: the legend (bottom right) and the layer list (top right).
  function fitPadding(map, maxZoom) {
    var box = map.getContainer();
    var size = function (sel) { var el = box.querySelector(sel); return el ? [el.offsetWidth, el.offsetHeight] : [0, 0]; };
    var legend = size(".ods-legend"), layers = size(".leaflet-control-layers");
    var width = box.clientWidth, height = box.clientHeight;
    // On a narrow map the controls cover most of it; then only a small margin is kept.
    var right = Math.min(Math.max(legend[0], layers[0]) + 16, width / 3);
    var bottom = Math.min(legend[1] + 16, height / 3);
    return { paddingTopLeft: [24, Math.min(24, height / 4)], paddingBottomRight: [right, bottom], maxZoom: maxZoom };
  }

  // Leaflet writes layer names into the layer list as HTML: escape them (they come from data).
  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function fail(map, message) {
    var box = el("p", message, "ods-map-error");
    box.setAttribute("role", "alert");
    map.getContainer().appendChild(box);
    window.odsMapReady = true;
  }

  function draw(map, data) {
    document.title = data.title;
    var heading = document.querySelector("h1");
    if (heading) { heading.textContent = data.title; }
    var overlays = {};
    data.layers.forEach(function (spec) {
      var layer = L.geoJSON(spec.features, {
        style: function (feature) { return feature.properties.style; },
        pointToLayer: function (feature, latlng) { return L.circleMarker(latlng, { radius: 8 }); },
        onEachFeature: spec.interactive ? window.odsFeature : null,
        interactive: spec.interactive
      });
      if (spec.show) { layer.addTo(map); }
      overlays[escapeHtml(spec.name)] = layer;
    });
    L.control.layers(null, overlays, { collapsed: false, position: "topright" }).addTo(map);
    if (data.areas && data.areas.length) { zoomSelect(map, data.areas, data.bounds); }
    legend(map, data.legend);
    if (data.bounds) { map.fitBounds(data.bounds, fitPadding(map, data.max_fit_zoom || 15)); }
    window.odsMapReady = true;
  }

  // Called last in the document: one document per kind of map, drawing the record named in its
  // address (?id=…) from its JSON file next to it.
  window.odsSetup = function (map, cfg) {
    L.control.zoom({ position: "topleft", zoomInTitle: "Zooma in", zoomOutTitle: "Zooma ut" }).addTo(map);
    L.control.scale({ imperial: false }).addTo(map);  // metres and kilometres only
    map.attributionControl.setPrefix(false);
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
    fetch(url)
      .then(function (response) { if (!response.ok) { throw new Error(response.status); } return response.json(); })
      .then(function (data) { draw(map, data); })
      .catch(function () { fail(map, "Kartans uppgifter kunde inte läsas. Samma uppgifter finns i tabellen på sidan."); });
  };
})();
