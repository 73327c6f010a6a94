/* mechgraph network viewer. Every text shown comes from the JSON data block and is set
   with textContent (never innerHTML), so curated or imported text cannot become markup. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("mg-data").textContent);
  var byId = function (id) { return document.getElementById(id); };
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  byId("mg-title").textContent = data.title;
  byId("mg-subtitle").textContent = data.subtitle || "";
  document.title = data.title;

  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var container = byId("mg-network");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
  window.mgNetwork = network;

  // -- image of the current view (drawn from the canvas: no network) --------------------
  function pngOfView() {
    var canvas = byId("mg-network").getElementsByTagName("canvas")[0];
    var copy = document.createElement("canvas");
    copy.width = canvas.width; copy.height = canvas.height;
    var ctx = copy.getContext("2d");
    ctx.fillStyle = "#ffffff"; ctx.fillRect(0, 0, copy.width, copy.height);
    ctx.drawImage(canvas, 0, 0);
    return copy.toDataURL("image/png");
  }
  window.mgPng = pngOfView;
  byId("mg-png").addEventListener("click", function () {
    var link = document.createElement("a");
    link.href = pngOfView();
    link.download = (data.title || "mechgraph-view").replace(/[^A-Za-z0-9_.-]+/g, "_") + ".png";
    document.body.appendChild(link); link.click(); link.remove();
  });
  network.once("afterDrawing", function () { document.body.setAttribute("data-drawn", "1"); });

  // -- details panel ---------------------------------------------------------------
  var details = byId("mg-details");
  var pinned = false;
  function clear() { while (details.firstChild) details.removeChild(details.firstChild); }
  function field(dl, name, value) {
    if (value === undefined || value === null || value === "" || (value.length === 0)) return;
    dl.appendChild(el("dt", name));
    var dd = el("dd");
    if (value instanceof Node) dd.appendChild(value); else dd.textContent = String(value);
    dl.appendChild(dd);
  }
  function safeLink(url, text) {
    if (typeof url === "string" && /^https?:\/\//.test(url)) {
      var a = el("a", text);
      a.href = url; a.target = "_blank"; a.rel = "noopener noreferrer";
      return a;
    }
    return el("span", text);
  }
  function showNode(id) {
    var node = nodes.get(id);
    if (!node) return;
    var info = node.mg || {};
    clear();
    details.appendChild(el("h3", info.name || node.label));
    var dl = el("dl");
    field(dl, "Type", info.type);
    field(dl, "Id", node.id);
    if (info.verdict) field(dl, "Answer", info.verdict);
    if (info.synonyms && info.synonyms.length) field(dl, "Synonyms", info.synonyms.join("; "));
    if (info.xrefs && info.xrefs.length) {
      var list = el("span");
      info.xrefs.forEach(function (x, i) {
        if (i) list.appendChild(document.createTextNode(", "));
        list.appendChild(safeLink(x.url, x.curie));
      });
      field(dl, "Identifiers", list);
    }
    field(dl, "Definition", info.definition);
    if (info.strategies && info.strategies.length) field(dl, "Targeting strategy", info.strategies.join("; "));
    field(dl, "Source", info.source);
    details.appendChild(dl);
  }
  function claimBox(c, sign) {
    var box = el("div", null, "claim " + (sign === "-" ? "minus" : "plus"));
    box.appendChild(el("div", (c.id ? c.id + ": " : "") + (c.statement || ""), "kind"));
    if (c.quote) box.appendChild(el("div", "\u201c" + c.quote + "\u201d", "quote"));
    var meta = [];
    if (c.evidence_level) meta.push(c.evidence_level.replace(/_/g, " "));
    if (c.document) meta.push(c.document);
    if (c.section) meta.push("section " + c.section);
    if (c.refs && c.refs.length) meta.push("ref. " + c.refs.map(function (r) { return "[" + r + "]"; }).join(""));
    if (c.context) meta.push(c.context);
    if (c.source) meta.push(c.source);
    box.appendChild(el("div", meta.join(" \u00b7 "), "meta"));
    if (c.note) box.appendChild(el("div", "note: " + c.note, "meta"));
    return box;
  }
  function showEdge(id) {
    var edge = edges.get(id);
    if (!edge) return;
    var info = edge.mg || {};
    clear();
    var from = nodes.get(edge.from), to = nodes.get(edge.to);
    details.appendChild(el("h3", (from ? from.mg.name : edge.from) + " \u2192 " + (to ? to.mg.name : edge.to)));
    var dl = el("dl");
    field(dl, "Relation", info.relation);
    field(dl, "Sign", info.sign);
    field(dl, "Evidence strength", info.weight);
    details.appendChild(dl);
    (info.evidence || []).forEach(function (c) { details.appendChild(claimBox(c, info.sign)); });
  }
  network.on("hoverNode", function (p) { if (!pinned) showNode(p.node); });
  network.on("hoverEdge", function (p) { if (!pinned) showEdge(p.edge); });
  // -- a node's neighbourhood: one and two steps away, and the claims on its edges --------
  function neighbourhood(id) {
    var first = network.getConnectedNodes(id), second = {};
    first.forEach(function (n) {
      network.getConnectedNodes(n).forEach(function (m) { if (m !== id && first.indexOf(m) < 0) second[m] = true; });
    });
    return { first: first, second: Object.keys(second) };
  }
  window.mgNeighbourhood = neighbourhood;
  function highlight(id) {
    var near = neighbourhood(id);
    network.selectNodes([id].concat(near.first, near.second), true);
    var claims = [], seen = {};
    network.getConnectedEdges(id).forEach(function (eid) {
      var edge = edges.get(eid);
      (edge.mg.evidence || []).forEach(function (c) {
        if (c.quote && !seen[c.id]) { seen[c.id] = true; claims.push([c, edge.mg.sign === "decreases" ? "-" : "+"]); }
      });
    });
    var head = el("h4", "Neighbours: " + near.first.length + " one step, " + near.second.length + " two steps away; claims on its edges: " + claims.length);
    head.id = "mg-node-claims";
    details.appendChild(head);
    claims.forEach(function (pair) { details.appendChild(claimBox(pair[0], pair[1])); });
    byId("mg-info").scrollIntoView({ block: "start" });
  }
  network.on("click", function (p) {
    if (p.nodes.length) { pinned = true; showNode(p.nodes[0]); highlight(p.nodes[0]); }
    else if (p.edges.length) { pinned = true; showEdge(p.edges[0]); }
    else { pinned = false; }
  });

  // -- legend and type filter --------------------------------------------------------
  var hiddenTypes = {};
  function applyFilter() {
    nodes.update(data.nodes.map(function (n) { return { id: n.id, hidden: !!hiddenTypes[n.category] }; }));
  }
  data.categories.forEach(function (c) {
    var li = el("li");
    var box = el("input"); box.type = "checkbox"; box.checked = true;
    box.setAttribute("aria-label", "show " + c.label);
    box.addEventListener("change", function () { hiddenTypes[c.key] = !box.checked; applyFilter(); });
    var sw = el("span", null, "swatch"); sw.style.background = c.color;
    li.appendChild(box); li.appendChild(sw);
    li.appendChild(el("span", c.label + " (" + c.shape + ", " + c.count + ")"));
    byId("mg-types").appendChild(li);
  });
  data.edge_legend.forEach(function (item) {
    var li = el("li");
    var line = el("span", null, "line" + (item.dashed ? " dashed" : ""));
    line.style.borderTopColor = item.color;
    li.appendChild(line);
    li.appendChild(el("span", item.label + (item.count != null ? " (" + item.count + ")" : "")));
    byId("mg-edge-legend").appendChild(li);
  });

  // -- search --------------------------------------------------------------------------
  byId("mg-search").addEventListener("submit", function (ev) {
    ev.preventDefault();
    var q = byId("mg-query").value.trim().toLowerCase();
    if (!q) { network.unselectAll(); byId("mg-found").textContent = ""; return; }
    var hits = data.nodes.filter(function (n) {
      var m = n.mg || {};
      var hay = [n.id, m.name].concat(m.synonyms || [], (m.xrefs || []).map(function (x) { return x.curie; }));
      return hay.some(function (s) { return String(s).toLowerCase().indexOf(q) >= 0; });
    }).map(function (n) { return n.id; });
    byId("mg-found").textContent = hits.length + " found";
    network.selectNodes(hits);
    if (hits.length) { network.fit({ nodes: hits, animation: false }); showNode(hits[0]); }
  });

  // -- explanation: readouts and contradictions -----------------------------------------
  if (data.readouts && data.readouts.length) {
    byId("mg-answer").hidden = false;
    data.readouts.forEach(function (r) {
      var li = el("li", null, "verdict-" + r.verdict);
      li.textContent = r.sign + "  " + r.label + " \u2014 " + r.verdict + (r.note ? " (" + r.note + ")" : "");
      li.addEventListener("click", function () {
        if (nodes.get(r.node)) { network.selectNodes([r.node]); network.focus(r.node, { scale: 1.0 }); showNode(r.node); pinned = true; }
      });
      byId("mg-readouts").appendChild(li);
    });
  }
  var baseEdges = {};
  data.edges.forEach(function (e) { baseEdges[e.id] = { width: e.width, shadow: false }; });
  if (data.contradictions && data.contradictions.length) {
    byId("mg-conflicts").hidden = false;
    data.contradictions.forEach(function (c, i) {
      var li = el("li");
      li.appendChild(el("span", "[" + c.kind + "] ", "kind"));
      li.appendChild(document.createTextNode(c.summary));
      li.addEventListener("click", function () {
        Array.prototype.forEach.call(byId("mg-contradictions").children, function (x) { x.classList.remove("active"); });
        li.classList.add("active");
        var updates = Object.keys(baseEdges).map(function (id) {
          return { id: id, width: baseEdges[id].width, shadow: false };
        });
        var touched = {};
        Object.keys(c.sides).forEach(function (side) {
          c.sides[side].forEach(function (id) {
            touched[id] = true;
            updates.push({ id: id, width: baseEdges[id].width + 4, shadow: { enabled: true, color: side === c.first ? "#2e7d32" : "#c62828", size: 12, x: 0, y: 0 } });
          });
        });
        edges.update(updates);
        var ids = Object.keys(touched);
        network.selectEdges(ids);
        clear();
        details.appendChild(el("h3", c.kind + ": " + c.node_label));
        details.appendChild(el("p", c.summary));
        Object.keys(c.sides).forEach(function (side) {
          details.appendChild(el("h4", side));
          (c.side_text[side] || []).forEach(function (t) { details.appendChild(el("div", t, "claim " + (side === c.first ? "plus" : "minus"))); });
        });
        pinned = true;
      });
      byId("mg-contradictions").appendChild(li);
    });
  }
})();
