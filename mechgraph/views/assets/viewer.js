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
  window.mgData = data; window.mgNodes = nodes; window.mgEdges = edges; window.mgEl = el;

  // -- the backbone drawn under the network: the cycle's ring or lane, its loop, the
  //    targeting strategies' regions (shapes in canvas coordinates, from the data) --------
  function arrowHead(ctx, x, y, angle, size, colour) {
    ctx.save(); ctx.translate(x, y); ctx.rotate(angle);
    ctx.beginPath(); ctx.moveTo(0, 0); ctx.lineTo(-size, -size * 0.55); ctx.lineTo(-size, size * 0.55);
    ctx.closePath(); ctx.fillStyle = colour; ctx.fill(); ctx.restore();
  }
  function ringPoint(s, a, grow) {
    grow = grow || 0;
    return [s.cx + (s.rx + grow) * Math.sin(a), s.cy - (s.ry + grow) * Math.cos(a)];
  }
  function drawShape(ctx, s) {
    ctx.save();
    if (s.kind === "region") {
      ctx.fillStyle = s.fill; ctx.strokeStyle = "#00000018"; ctx.lineWidth = 2;
      ctx.beginPath();
      if (ctx.roundRect) ctx.roundRect(s.x, s.y, s.w, s.h, 18); else ctx.rect(s.x, s.y, s.w, s.h);
      ctx.fill(); ctx.stroke();
      ctx.fillStyle = "#444"; ctx.font = "600 " + s.size + "px system-ui, sans-serif";
      ctx.textBaseline = "top";
      String(s.label).split("\n").forEach(function (line, i) { ctx.fillText(line, s.x + 14, s.y + 10 + i * s.size * 1.2); });
    } else if (s.kind === "arc" || s.kind === "band") {
      // an ellipse's arc; angles clockwise from the top (the canvas counts from the right)
      ctx.strokeStyle = s.color; ctx.lineWidth = s.width; ctx.lineCap = s.kind === "band" ? "round" : "butt";
      ctx.beginPath(); ctx.ellipse(s.cx, s.cy, s.rx, s.ry, 0, s.start - Math.PI / 2, s.end - Math.PI / 2); ctx.stroke();
      if (s.arrow) {
        var end = ringPoint(s, s.end);
        arrowHead(ctx, end[0], end[1], Math.atan2(s.ry * Math.sin(s.end), s.rx * Math.cos(s.end)), 5 * s.width, s.color);
      }
      if (s.label) {
        var mid = ringPoint(s, (s.start + s.end) / 2, 30);
        ctx.fillStyle = s.color; ctx.font = "italic " + s.size + "px system-ui, sans-serif";
        ctx.textAlign = mid[0] < s.cx ? "right" : "left"; ctx.textBaseline = "middle";
        ctx.fillText(s.label, mid[0], mid[1]);
      }
    } else if (s.kind === "line") {
      var p = s.points;
      ctx.strokeStyle = s.color; ctx.lineWidth = s.width; ctx.lineJoin = "round";
      ctx.beginPath(); ctx.moveTo(p[0][0], p[0][1]);
      for (var i = 1; i < p.length; i++) ctx.lineTo(p[i][0], p[i][1]);
      ctx.stroke();
      var a = p[p.length - 2], b = p[p.length - 1];
      if (s.arrow) arrowHead(ctx, b[0], b[1], Math.atan2(b[1] - a[1], b[0] - a[0]), 5 * s.width, s.color);
      if (s.label) {
        ctx.save(); ctx.translate(p[1][0] + 14, (p[1][1] + p[2][1]) / 2); ctx.rotate(Math.PI / 2);
        ctx.fillStyle = s.color; ctx.font = "italic " + s.size + "px system-ui, sans-serif";
        ctx.textAlign = "center"; ctx.textBaseline = "top"; ctx.fillText(s.label, 0, 0); ctx.restore();
      }
    } else if (s.kind === "text") {
      ctx.fillStyle = s.color; ctx.font = "600 " + s.size + "px system-ui, sans-serif";
      ctx.textAlign = "center"; ctx.textBaseline = "middle"; ctx.fillText(s.text, s.x, s.y);
    }
    ctx.restore();
  }
  network.on("beforeDrawing", function (ctx) { (data.backdrop || []).forEach(function (s) { drawShape(ctx, s); }); });
  // the first view: the whole frame, at a zoom where the main labels are legible
  function firstView() {
    var f = data.frame;
    if (!f) return;
    var box = container.getBoundingClientRect();
    var scale = Math.min(box.width / f.w, box.height / f.h) * 0.995;
    network.moveTo({ position: { x: f.x + f.w / 2, y: f.y + f.h / 2 }, scale: scale });
  }
  firstView();
  // until the user moves the view, keep the whole frame in it as the page settles or resizes
  var moved = false;
  ["dragStart", "zoom"].forEach(function (name) { network.on(name, function () { moved = true; }); });
  if (window.ResizeObserver && data.frame) {
    new ResizeObserver(function () { if (!moved) firstView(); }).observe(container);
  }

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
    inView();
  }
  // what a click shows appears where the user is looking: the sidebar scrolls to the details
  function inView() { byId("mg-info").scrollIntoView({ block: "start" }); }
  network.on("click", function (p) {
    if (p.nodes.length) { pinned = true; showNode(p.nodes[0]); highlight(p.nodes[0]); }
    else if (p.edges.length) { pinned = true; showEdge(p.edges[0]); inView(); }
    else { pinned = false; }
  });

  // -- legend and type filter --------------------------------------------------------
  // The node types (the legend's checkboxes) and every other filter: filters.js.
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
      li.textContent = r.sign + "  " + r.label + " \u2014 " + (r.word || r.verdict) + (r.note ? " (" + r.note + ")" : "");
      li.addEventListener("click", function () {
        if (nodes.get(r.node)) { network.selectNodes([r.node]); network.focus(r.node, { scale: 1.0 }); showNode(r.node); pinned = true; inView(); }
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
        inView();
      });
      byId("mg-contradictions").appendChild(li);
    });
  }
})();
