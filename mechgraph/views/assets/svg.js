/* mechgraph: an SVG image of the current view, what the canvas shows (the same zoom and pan,
   only the nodes and edges vis-network draws), as vector shapes and text. The geometry and
   colours are vis-network's own, as it resolves them for drawing; every text and attribute is
   XML-escaped, and the image holds no script, link or foreign object. window.mgSvg() returns
   the SVG text; the "SVG" button saves it; with the address ending in #mg-svg-out the page
   writes it into a hidden element after drawing (what `mechgraph view --svg` reads). */
(function () {
  "use strict";
  var network = window.mgNetwork;
  var ARROW = [{ x: 0, y: 0 }, { x: -1, y: 0.3 }, { x: -0.9, y: 0 }, { x: -1, y: -0.3 }];
  var BAR = [{ x: 0, y: 0.5 }, { x: 0, y: -0.5 }, { x: -0.15, y: -0.5 }, { x: -0.15, y: 0.5 }];
  var LABEL_INSIDE = { box: true, circle: true, database: true, ellipse: true, text: true };
  var ENTITIES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" };

  function esc(value) {  // XML text or attribute value (characters XML 1.0 forbids dropped)
    return String(value)
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, "")
      .replace(/[&<>"']/g, function (c) { return ENTITIES[c]; });
  }
  function num(v) { return String(Math.round(v * 100) / 100); }
  function alpha(v) { return typeof v === "number" && v < 1 ? v : undefined; }  // opacity, if any
  function tag(name, attrs, text) {  // one element; attributes left undefined are omitted
    var out = "<" + name;
    Object.keys(attrs).forEach(function (key) {
      var v = attrs[key];
      if (v === undefined || v === null || v === "") return;
      out += " " + key + '="' + esc(typeof v === "number" ? num(v) : v) + '"';
    });
    return text === undefined ? out + "/>" : out + ">" + esc(text) + "</" + name + ">";
  }
  function dom(p) { return network.canvasToDOM({ x: p.x, y: p.y }); }
  function xy(p) { var d = dom(p); return num(d.x) + "," + num(d.y); }
  function polygon(points) { return "M" + points.map(xy).join(" L") + " Z"; }
  function dashes(pattern, fallback, scale) {
    var list = Array.isArray(pattern) ? pattern : pattern ? fallback : null;
    return list ? list.map(function (d) { return num(d * scale); }).join(" ") : undefined;
  }

  // -- edges: the line (straight, or the curve vis draws through its via point) and its ends --
  function edgeSvg(edge, ctx, scale) {
    var v = edge.getFormattingValues(), type = edge.edgeType, from = edge.from, to = edge.to;
    var via = type.getViaNode(), d;
    if (from === to) {
      var loop = type._getCircleData(ctx), c = dom({ x: loop[0], y: loop[1] }), r = num(loop[2] * scale);
      var half = " a" + r + "," + r + " 0 1,0 ";  // a circle as two half arcs
      d = "M" + num(c.x - r) + "," + num(c.y) + half + num(2 * r) + ",0" + half + num(-2 * r) + ",0";
    } else if (Array.isArray(via)) {
      d = "M" + xy(from) + " C" + xy(via[0]) + " " + xy(via[1]) + " " + xy(to);
    } else if (via && via.x !== undefined && edge.options.smooth.enabled) {
      d = "M" + xy(from) + " Q" + xy(via) + " " + xy(to);
    } else {
      d = "M" + xy(from) + " L" + xy(to);
    }
    var colour = v.color || (v.inheritsColor === "to" ? to : from).options.color.border;
    var width = v.width * scale, out = "";
    if (v.shadow) {  // a highlighted edge (a contradiction's side): its glow, as a wide faint line
      out += tag("path", {
        d: d, fill: "none", stroke: v.shadowColor, "stroke-width": width + v.shadowSize * scale,
        "stroke-opacity": 0.5, "stroke-linecap": "round"
      });
    }
    out += tag("path", {
      d: d, fill: "none", stroke: colour, "stroke-width": width, "stroke-opacity": alpha(v.opacity),
      "stroke-dasharray": dashes(v.dashes, [5, 5], scale), "stroke-linecap": v.dashes ? "round" : undefined
    });
    ["from", "middle", "to"].forEach(function (end) {  // arrow heads and bar ends, as vis places them
      if (!v[end + "Arrow"]) return;
      var a = type.getArrowData(ctx, end, via, edge.selected, edge.hover, v);
      var shape = v[end + "ArrowType"] === "bar" ? BAR : ARROW;
      var cos = Math.cos(a.angle), sin = Math.sin(a.angle);
      var points = shape.map(function (p) {
        var x = p.x * cos - p.y * sin, y = p.x * sin + p.y * cos;
        return { x: a.point.x + a.length * x, y: a.point.y + a.length * y };
      });
      out += tag("path", { d: polygon(points), fill: colour, "fill-opacity": alpha(v.opacity) });
    });
    return out;
  }

  // -- nodes: vis-network's shapes, with the colours and border it draws them with -----------
  function regular(x, y, r, count, start) {  // a polygon of count corners on a circle
    var points = [];
    for (var i = 0; i < count; i++) {
      var a = start + 2 * Math.PI * i / count;
      points.push({ x: x + r * Math.cos(a), y: y + r * Math.sin(a) });
    }
    return points;
  }
  function triangle(x, y, r, down) {
    r *= 1.15; y += (down ? -0.275 : 0.275) * r;
    var s = 2 * r, inner = Math.sqrt(3) / 6 * s, h = Math.sqrt(s * s - r * r), k = down ? -1 : 1;
    return [{ x: x, y: y - k * (h - inner) }, { x: x + r, y: y + k * inner }, { x: x - r, y: y + k * inner }];
  }
  function star(x, y, r) {
    r *= 0.82; y += 0.1 * r;
    var points = [];
    for (var i = 0; i < 10; i++) {
      var radius = i % 2 === 0 ? 1.3 * r : 0.5 * r;
      points.push({ x: x + radius * Math.sin(2 * i * Math.PI / 10), y: y - radius * Math.cos(2 * i * Math.PI / 10) });
    }
    return points;
  }
  function nodeSvg(node, scale) {
    var v = node.getFormattingValues(), shape = node.options.shape, box = node.shape;
    var x = node.x, y = node.y, r = v.size;
    var paint = {
      fill: v.color, "fill-opacity": alpha(v.opacity),
      stroke: v.borderWidth > 0 ? v.borderColor : undefined,
      // vis draws a border equally wide on the screen at any zoom
      "stroke-width": v.borderWidth > 0 ? Math.min(box.width * scale, v.borderWidth) : undefined,
      "stroke-dasharray": dashes(v.borderDashes, [5, 15], scale)
    };
    function painted(attrs) {
      Object.keys(paint).forEach(function (k) { attrs[k] = paint[k]; });
      return attrs;
    }
    var c = dom({ x: x, y: y });
    if (shape === "text") return "";
    if (shape === "box" || shape === "database") {
      var corner = dom({ x: box.left, y: box.top });
      return tag("rect", painted({
        x: corner.x, y: corner.y, width: box.width * scale, height: box.height * scale,
        rx: (v.borderRadius || 0) * scale
      }));
    }
    if (shape === "ellipse") {
      return tag("ellipse", painted({ cx: c.x, cy: c.y, rx: box.width / 2 * scale, ry: box.height / 2 * scale }));
    }
    if (shape === "circle") return tag("circle", painted({ cx: c.x, cy: c.y, r: box.width / 2 * scale }));
    var points = {
      square: function () {
        return [{ x: x - r, y: y - r }, { x: x + r, y: y - r }, { x: x + r, y: y + r }, { x: x - r, y: y + r }];
      },
      diamond: function () { return [{ x: x, y: y + r }, { x: x + r, y: y }, { x: x, y: y - r }, { x: x - r, y: y }]; },
      hexagon: function () { return regular(x, y, r, 6, 0); },
      triangle: function () { return triangle(x, y, r, false); },
      triangleDown: function () { return triangle(x, y, r, true); },
      star: function () { return star(x, y, r); }
    }[shape];
    if (points) return tag("path", painted({ d: polygon(points()) }));
    return tag("circle", painted({ cx: c.x, cy: c.y, r: r * scale }));  // dot, and images or icons as dots
  }

  // -- labels: the lines vis-network laid out, where it draws them, skipped when too small ----
  function labelSvg(module, baseline, scale) {
    var options = module.elementOptions, font = module.fontOptions, size = module.size;
    if (options.label === undefined || options.label === null || !module.lines) return "";
    var threshold = options.scaling.label.drawThreshold, onScreen = font.size * scale;
    if (options.label && onScreen < threshold - 1) return "";  // vis does not draw it at this zoom
    var opacity = Math.max(0, Math.min(1, 1 - (threshold - onScreen)));  // and fades it near there
    var out = "";
    if (font.background && font.background !== "none") {
      var corner = dom({ x: size.left, y: size.top });
      out += tag("rect", {
        x: corner.x, y: corner.y, width: size.width * scale, height: size.height * scale, fill: font.background
      });
    }
    var y = size.yLine;
    module.lines.forEach(function (line) {
      var x = size.left;
      if (module.isEdgeLabel || font.align === "center") x += (size.width - line.width) / 2;
      else if (font.align === "right") x += size.width - line.width;
      (line.blocks || []).forEach(function (block) {
        var at = dom({ x: x, y: y + (block.vadjust || 0) });
        var mod = (block.mod || "") + " " + (block.font || "");  // the font says bold when selected
        if (block.text) {
          out += tag("text", {
            x: at.x, y: at.y, "font-family": block.face, "font-size": block.size * scale,
            "font-weight": /bold/.test(mod) ? "bold" : undefined,
            "font-style": /ital/.test(mod) ? "italic" : undefined,
            fill: block.color, "fill-opacity": alpha(opacity),
            stroke: block.strokeWidth > 0 ? block.strokeColor : undefined,
            "stroke-width": block.strokeWidth > 0 ? block.strokeWidth * scale : undefined,
            "paint-order": block.strokeWidth > 0 ? "stroke" : undefined,
            "dominant-baseline": baseline === "hanging" ? "hanging" : "central", "xml:space": "preserve"
          }, block.text);
        }
        x += block.width;
      });
      y += line.height;
    });
    return out;
  }

  // -- what the viewer draws under the network (its "beforeDrawing" handlers: regions, the
  //    cycle's ring): replayed on a stand-in for the canvas context that records SVG ----------
  var STATE = ["fillStyle", "strokeStyle", "lineWidth", "lineCap", "lineJoin", "font", "textAlign",
    "textBaseline", "globalAlpha"];
  var ANCHOR = { center: "middle", right: "end", end: "end" };
  var BASELINE = { top: "text-before-edge", hanging: "hanging", middle: "central", bottom: "text-after-edge",
    ideographic: "text-after-edge" };
  function sweep(start, end, anticlockwise) {  // the angle a canvas arc turns through
    var full = 2 * Math.PI, span = anticlockwise ? start - end : end - start;
    span = span >= full ? full : ((span % full) + full) % full;
    return anticlockwise ? -span : span;
  }
  function recorder(real, matrix) {
    var m = matrix, saved = [], d = "", dash = [], out = [];
    function at(x, y) { return { x: m[0] * x + m[2] * y + m[4], y: m[1] * x + m[3] * y + m[5] }; }
    function point(x, y) { var p = at(x, y); return num(p.x) + "," + num(p.y); }
    function times(a, b, c, e, f, g) {  // m = m x [a b c e f g]
      m = [m[0] * a + m[2] * b, m[1] * a + m[3] * b, m[0] * c + m[2] * e, m[1] * c + m[3] * e,
        m[0] * f + m[2] * g + m[4], m[1] * f + m[3] * g + m[5]];
    }
    function zoom() { return Math.hypot(m[0], m[1]); }
    function text(words, x, y, paint) {
      var p = at(x, y), angle = Math.atan2(m[1], m[0]) * 180 / Math.PI;
      var font = String(ctx.font).replace(/([0-9.]+)px/, function (all, px) { return num(px * zoom()) + "px"; });
      paint.x = p.x; paint.y = p.y; paint.style = "font: " + font; paint["xml:space"] = "preserve";
      paint["text-anchor"] = ANCHOR[ctx.textAlign]; paint["dominant-baseline"] = BASELINE[ctx.textBaseline];
      if (Math.abs(angle) > 0.01) paint.transform = "rotate(" + num(angle) + " " + num(p.x) + " " + num(p.y) + ")";
      out.push(tag("text", paint, words));
    }
    function line() {
      return {
        fill: "none", stroke: ctx.strokeStyle, "stroke-width": ctx.lineWidth * zoom(), "stroke-linecap": ctx.lineCap,
        "stroke-linejoin": ctx.lineJoin, "stroke-opacity": alpha(ctx.globalAlpha),
        "stroke-dasharray": dash.length ? dash.map(function (v) { return num(v * zoom()); }).join(" ") : undefined
      };
    }
    var ctx = {
      fillStyle: "#000000", strokeStyle: "#000000", lineWidth: 1, lineCap: "butt", lineJoin: "miter",
      font: "10px sans-serif", textAlign: "start", textBaseline: "alphabetic", globalAlpha: 1,
      save: function () {
        saved.push({ m: m, state: STATE.map(function (k) { return ctx[k]; }), dash: dash });
      },
      restore: function () {
        var top = saved.pop();
        if (top) { m = top.m; dash = top.dash; STATE.forEach(function (k, i) { ctx[k] = top.state[i]; }); }
      },
      translate: function (x, y) { times(1, 0, 0, 1, x, y); },
      scale: function (x, y) { times(x, 0, 0, y, 0, 0); },
      rotate: function (a) { times(Math.cos(a), Math.sin(a), -Math.sin(a), Math.cos(a), 0, 0); },
      setLineDash: function (list) { dash = list.slice(); },
      getLineDash: function () { return dash.slice(); },
      measureText: function (words) {
        real.save(); real.font = ctx.font;
        var measured = real.measureText(words);
        real.restore();
        return measured;
      },
      beginPath: function () { d = ""; },
      moveTo: function (x, y) { d += "M" + point(x, y) + " "; },
      lineTo: function (x, y) { d += (d ? "L" : "M") + point(x, y) + " "; },
      quadraticCurveTo: function (cx, cy, x, y) { d += "Q" + point(cx, cy) + " " + point(x, y) + " "; },
      bezierCurveTo: function (ax, ay, bx, by, x, y) {
        d += "C" + point(ax, ay) + " " + point(bx, by) + " " + point(x, y) + " ";
      },
      closePath: function () { if (d) d += "Z "; },
      rect: function (x, y, w, h) {
        ctx.moveTo(x, y); ctx.lineTo(x + w, y); ctx.lineTo(x + w, y + h); ctx.lineTo(x, y + h); ctx.closePath();
      },
      ellipse: function (cx, cy, rx, ry, rotation, start, end, anticlockwise) {
        var span = sweep(start, end, anticlockwise);
        var steps = Math.max(8, Math.ceil(Math.abs(span) / (Math.PI / 48)));  // as a line of short steps
        var cos = Math.cos(rotation), sin = Math.sin(rotation);
        for (var i = 0; i <= steps; i++) {
          var t = start + span * i / steps, x = rx * Math.cos(t), y = ry * Math.sin(t);
          ctx.lineTo(cx + x * cos - y * sin, cy + x * sin + y * cos);
        }
      },
      arc: function (cx, cy, r, start, end, anticlockwise) { ctx.ellipse(cx, cy, r, r, 0, start, end, anticlockwise); },
      roundRect: function (x, y, w, h, r) {
        r = Math.max(0, Math.min(Array.isArray(r) ? r[0] : r || 0, w / 2, h / 2));
        ctx.moveTo(x + r, y);
        ctx.arc(x + w - r, y + r, r, -Math.PI / 2, 0); ctx.arc(x + w - r, y + h - r, r, 0, Math.PI / 2);
        ctx.arc(x + r, y + h - r, r, Math.PI / 2, Math.PI); ctx.arc(x + r, y + r, r, Math.PI, 1.5 * Math.PI);
        ctx.closePath();
      },
      fill: function () {
        if (d) out.push(tag("path", { d: d.trim(), fill: ctx.fillStyle, "fill-opacity": alpha(ctx.globalAlpha) }));
      },
      stroke: function () {
        if (!d) return;
        var paint = line();
        paint.d = d.trim();
        out.push(tag("path", paint));
      },
      fillRect: function (x, y, w, h) { ctx.beginPath(); ctx.rect(x, y, w, h); ctx.fill(); },
      strokeRect: function (x, y, w, h) { ctx.beginPath(); ctx.rect(x, y, w, h); ctx.stroke(); },
      fillText: function (words, x, y) {
        text(words, x, y, { fill: ctx.fillStyle, "fill-opacity": alpha(ctx.globalAlpha) });
      },
      strokeText: function (words, x, y) { text(words, x, y, line()); }
    };
    ctx.svg = function () { return out.join("\n"); };
    return ctx;
  }
  function backdropSvg(real, scale) {
    var origin = dom({ x: 0, y: 0 }), ctx = recorder(real, [scale, 0, 0, scale, origin.x, origin.y]);
    try { network.emit("beforeDrawing", ctx); } catch (err) { return ""; }  // one it cannot record: left out
    return ctx.svg();
  }

  // -- the image --------------------------------------------------------------------------------
  function svgOfView() {
    var canvas = network.body.container.getElementsByTagName("canvas")[0];
    var ctx = canvas.getContext("2d"), body = network.body;
    network.redraw();  // lays out every shape and label where the canvas now shows them
    var width = canvas.clientWidth, height = canvas.clientHeight, scale = network.getScale();
    function onCanvas(points) {  // whether the box around these canvas points meets the view
      var d = points.map(dom);
      var xs = d.map(function (p) { return p.x; }), ys = d.map(function (p) { return p.y; });
      return Math.max.apply(null, xs) >= 0 && Math.min.apply(null, xs) <= width &&
        Math.max.apply(null, ys) >= 0 && Math.min.apply(null, ys) <= height;
    }
    // the nodes vis draws (shown, in the view; selected ones on top), read before the edges:
    // placing an arrow head measures its node again, as if it were not selected
    var nodes = body.nodeIndices.map(function (id) { return body.nodes[id]; }).filter(function (node) {
      var b = node && node.shape.boundingBox;
      return b && onCanvas([{ x: b.left, y: b.top }, { x: b.right, y: b.bottom }]);
    });
    function onTop(node) { return node.selected || node.hover ? 1 : 0; }
    nodes.sort(function (a, b) { return onTop(a) - onTop(b); });
    var shapes = nodes.map(function (node) { return nodeSvg(node, scale); });
    var labels = nodes.map(function (node) {
      return labelSvg(node.labelModule, LABEL_INSIDE[node.options.shape] ? "middle" : "hanging", scale);
    });
    var lines = [];
    body.edgeIndices.forEach(function (id) {  // the edges vis draws: shown, both ends shown
      var edge = body.edges[id];
      if (!edge || !edge.connected) return;
      var via = edge.edgeType.getViaNode();
      var points = [edge.from, edge.to].concat(Array.isArray(via) ? via : via && via.x !== undefined ? [via] : []);
      if (edge.from !== edge.to && !onCanvas(points)) return;
      lines.push(edgeSvg(edge, ctx, scale));
      if (edge.options.label !== undefined) labels.push(labelSvg(edge.labelModule, "middle", scale));
    });
    var title = (window.mgData && window.mgData.title) || "mechgraph view";
    return [
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<svg xmlns="http://www.w3.org/2000/svg" width="' + num(width) + '" height="' + num(height) +
        '" viewBox="0 0 ' + num(width) + " " + num(height) + '">',
      tag("title", {}, title),
      tag("rect", { width: width, height: height, fill: "#ffffff" }),
      '<g class="backdrop">', backdropSvg(ctx, scale), "</g>",
      '<g class="edges">', lines.join("\n"), "</g>",
      '<g class="nodes">', shapes.join("\n"), "</g>",
      '<g class="labels">', labels.join("\n"), "</g>",
      "</svg>", ""
    ].join("\n");
  }
  window.mgSvg = svgOfView;

  var button = document.getElementById("mg-svg");
  if (button) button.addEventListener("click", function () {
    var link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([svgOfView()], { type: "image/svg+xml" }));
    var title = (window.mgData && window.mgData.title) || "mechgraph-view";
    link.download = title.replace(/[^A-Za-z0-9_.-]+/g, "_") + ".svg";
    document.body.appendChild(link); link.click(); link.remove();
    setTimeout(function () { URL.revokeObjectURL(link.href); }, 60000);
  });

  // -- for `mechgraph view --svg`: headless Chromium prints the page (--dump-dom) when its time
  //    is up, and Python reads the SVG back from this hidden element: written at the first
  //    drawing, and again once the drawing has been still for a moment (the settled layout) --
  if (location.hash === "#mg-svg-out") {
    // Chromium's --screenshot lays the page out at the window's full height once the page has
    // loaded (vis-network then keeps the view's centre and scales it): the same here
    if (window.outerHeight > window.innerHeight) document.body.style.height = window.outerHeight + "px";
    var writing = false, pending = null;
    var write = function () {
      var out = document.getElementById("mg-svg-out");
      if (!out) {
        out = document.createElement("pre");
        out.id = "mg-svg-out"; out.hidden = true;
        document.body.appendChild(out);
      }
      writing = true;  // mgSvg redraws: that drawing is not a change
      try { out.textContent = svgOfView(); } finally { writing = false; }
    };
    network.once("afterDrawing", write);
    network.on("afterDrawing", function () {
      if (writing) return;
      clearTimeout(pending);
      pending = setTimeout(write, 250);
    });
  }
})();
