/* mechgraph view filters (issue 16): evidence level, document, minimum strength, entity
   type, "hide hypothesis-level claims" in one click and the paths below the strength floor.

   One function, apply(), computes the hidden state of every node and edge from all filters
   at once and updates each vis DataSet in one batch, with only the items whose state changed
   (a pass over plain arrays: fast on a 6,000-node, 10,000-edge imported network).

   What is shown:
   - a claim edge (one whose evidence entries are claims: a claim id and an evidence level)
     is visible iff at least one of its claims has a ticked level and a ticked document, and
     its strength (mg.weight) is at least the minimum;
   - a structural edge (formulation part, is a, part of, an imported row: evidence that is
     no claim) ignores the level, document and strength filters;
   - a node is hidden when its entity type is unticked; an edge with a hidden end is hidden
     (vis does not draw it; its DataSet item keeps the edge's own state, see apply());
   - a node left with no visible edge stays visible (predictable: a filter on evidence never
     removes an entity; untick its type to hide it);
   - nodes and edges with mg.below_floor === true are hidden until "show paths below the
     strength floor" is ticked (that box is shown only when the page has such items).
   Only the filters that apply to the page are shown (an imported network has no evidence
   levels or documents). Other scripts may add a rule: mgFilters.addRule({node: fn, edge: fn})
   (each returns true to hide the node or edge data item it is given), then mgFilters.apply().

   Every text is set with textContent (never innerHTML). */
(function () {
  "use strict";
  var data = window.mgData, nodes = window.mgNodes, edges = window.mgEdges;
  if (!data || !nodes || !edges) return;
  var byId = function (id) { return document.getElementById(id); };
  var el = window.mgEl;  // viewer.js: an element with its text set by textContent
  function words(s) { return String(s).replace(/_/g, " "); }
  function fmt(n) { return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ","); }
  function shown(visible, total) { return visible === total ? fmt(total) : fmt(visible) + " of " + fmt(total); }
  var LEVELS = ["clinical_phase3", "clinical", "preclinical_in_vivo", "in_vitro", "review_statement", "hypothesis"];

  // -- the page's items as arrays, indexed once ----------------------------------------
  var N = data.nodes.length, E = data.edges.length;
  var nodeIndex = Object.create(null);
  var catIndex = Object.create(null), cats = data.categories || [];
  cats.forEach(function (c, i) { catIndex[c.key] = i; });
  var nodeCat = new Int32Array(N), nodeBelow = new Uint8Array(N), nodeHidden = new Uint8Array(N);
  data.nodes.forEach(function (n, i) {
    nodeIndex[n.id] = i;
    var c = catIndex[n.category];
    nodeCat[i] = c === undefined ? -1 : c;  // not an entity type of the legend: never hidden by type
    nodeBelow[i] = n.mg && n.mg.below_floor === true ? 1 : 0;
    nodeHidden[i] = n.hidden ? 1 : 0;
  });
  var levelKeys = [], levelIndex = Object.create(null), docKeys = [], docIndex = Object.create(null);
  function intern(keys, index, key) {
    if (index[key] === undefined) { index[key] = keys.length; keys.push(key); }
    return index[key];
  }
  var eFrom = new Int32Array(E), eTo = new Int32Array(E), eWeight = new Float64Array(E);
  var eBelow = new Uint8Array(E), eHidden = new Uint8Array(E), eClaims = new Array(E);
  var eLevels = new Array(E), eDocs = new Array(E);
  var claimEdges = 0, belowEdges = 0, belowNodes = 0;
  data.edges.forEach(function (e, j) {
    var f = nodeIndex[e.from], t = nodeIndex[e.to], mg = e.mg || {};
    eFrom[j] = f === undefined ? -1 : f; eTo[j] = t === undefined ? -1 : t;
    eWeight[j] = typeof mg.weight === "number" ? mg.weight : 1;
    eBelow[j] = mg.below_floor === true ? 1 : 0;
    eHidden[j] = e.hidden ? 1 : 0;
    var pairs = [], lv = [], dc = [];
    (mg.evidence || []).forEach(function (c) {
      if (!c || c.id === undefined || !c.evidence_level) return;  // structure, not a claim
      var l = intern(levelKeys, levelIndex, c.evidence_level);
      var d = intern(docKeys, docIndex, c.document || "(no document)");
      pairs.push(l, d);
      if (lv.indexOf(l) < 0) lv.push(l);
      if (dc.indexOf(d) < 0) dc.push(d);
    });
    eClaims[j] = pairs.length ? pairs : null; eLevels[j] = lv; eDocs[j] = dc;
    if (pairs.length) claimEdges++;
    belowEdges += eBelow[j];
  });
  for (var i = 0; i < N; i++) belowNodes += nodeBelow[i];

  // -- filter state ------------------------------------------------------------------
  var catOn = new Uint8Array(cats.length).fill(1);
  var levelOn = new Uint8Array(levelKeys.length).fill(1);
  var docOn = new Uint8Array(docKeys.length).fill(1);
  var minStrength = 0, showBelow = false, rules = [];

  function passes(j) {
    var pairs = eClaims[j];
    if (!pairs) return true;  // structural: level, document and strength do not apply
    if (eWeight[j] < minStrength) return false;
    for (var k = 0; k < pairs.length; k += 2) if (levelOn[pairs[k]] && docOn[pairs[k + 1]]) return true;
    return false;
  }
  function ruleHides(kind, item) {
    for (var r = 0; r < rules.length; r++) if (rules[r][kind] && rules[r][kind](item)) return true;
    return false;
  }

  // -- the one function: every node and edge from all filters, one update per DataSet ----
  var counts = { nodes: 0, edges: 0, cat: [], level: [], doc: [] };
  function apply() {
    var nodeUpdates = [], edgeUpdates = [], h, k;
    var catSeen = new Int32Array(cats.length), levelSeen = new Int32Array(levelKeys.length), docSeen = new Int32Array(docKeys.length);
    var catTotal = new Int32Array(cats.length), levelTotal = new Int32Array(levelKeys.length), docTotal = new Int32Array(docKeys.length);
    var visibleNodes = 0, visibleEdges = 0;
    for (var i = 0; i < N; i++) {
      var c = nodeCat[i];
      h = ((c >= 0 && !catOn[c]) || (nodeBelow[i] && !showBelow) || (rules.length && ruleHides("node", data.nodes[i]))) ? 1 : 0;
      if (h !== nodeHidden[i]) { nodeHidden[i] = h; nodeUpdates.push({ id: data.nodes[i].id, hidden: h === 1 }); }
      if (c >= 0) { catTotal[c]++; if (!h) catSeen[c]++; }
      if (!h) visibleNodes++;
    }
    for (var j = 0; j < E; j++) {
      // the DataSet holds the edge's own state; vis draws no edge with a hidden end, so
      // unticking a node type updates the nodes only (not their 10,000 edges as well)
      h = ((eBelow[j] && !showBelow) || !passes(j) || (rules.length && ruleHides("edge", data.edges[j]))) ? 1 : 0;
      if (h !== eHidden[j]) { eHidden[j] = h; edgeUpdates.push({ id: data.edges[j].id, hidden: h === 1 }); }
      if ((eFrom[j] >= 0 && nodeHidden[eFrom[j]]) || (eTo[j] >= 0 && nodeHidden[eTo[j]])) h = 1;
      var lv = eLevels[j], dc = eDocs[j];
      for (k = 0; k < lv.length; k++) { levelTotal[lv[k]]++; if (!h) levelSeen[lv[k]]++; }
      for (k = 0; k < dc.length; k++) { docTotal[dc[k]]++; if (!h) docSeen[dc[k]]++; }
      if (!h) visibleEdges++;
    }
    if (nodeUpdates.length) nodes.update(nodeUpdates);
    if (edgeUpdates.length) edges.update(edgeUpdates);
    counts = { nodes: visibleNodes, edges: visibleEdges, cat: [catSeen, catTotal], level: [levelSeen, levelTotal], doc: [docSeen, docTotal] };
    showCounts();
  }

  // -- the controls ------------------------------------------------------------------
  var countSpans = { cat: [], level: [], doc: [] };
  function row(list, text, onChange, attr, value) {
    var li = el("li"), label = el("label");
    var box = el("input"); box.type = "checkbox"; box.checked = true;
    if (attr) box.setAttribute(attr, value);
    box.addEventListener("change", function () { onChange(box.checked); });
    label.appendChild(box);
    li.appendChild(label);
    list.appendChild(li);
    return { box: box, label: label, li: li, text: text };
  }
  function finish(r) {
    r.label.appendChild(el("span", r.text));
    var count = el("span", null, "mg-count");
    r.li.appendChild(count);
    return count;
  }

  // entity type: the legend's checkboxes
  var types = byId("mg-types");
  cats.forEach(function (c, i) {
    var r = row(types, c.label + " (" + c.shape + ")", function (on) { catOn[i] = on ? 1 : 0; apply(); }, "data-category", c.key);
    r.box.setAttribute("aria-label", "show " + c.label);
    var sw = el("span", null, "swatch"); sw.style.background = c.color;
    r.label.appendChild(sw);
    countSpans.cat.push(finish(r));
  });

  var controls = byId("mg-filter-controls");
  function group(id, title) {
    var set = el("fieldset"); set.id = id;
    set.appendChild(el("legend", title));
    var list = el("ul");
    set.appendChild(list);
    controls.appendChild(set);
    return list;
  }
  var levelBoxes = [], hypothesis = levelIndex.hypothesis, hideHypothesis = null;
  function setLevel(l, on) {
    levelOn[l] = on ? 1 : 0;
    levelBoxes[l].checked = on;
    if (l === hypothesis && hideHypothesis) hideHypothesis.checked = !on;
    apply();
  }
  if (hypothesis !== undefined) {
    var one = row(group("mg-filter-hypothesis", "Claims"), "Hide hypothesis-level claims", function (on) { setLevel(hypothesis, !on); });
    hideHypothesis = one.box; hideHypothesis.id = "mg-hide-hypothesis"; hideHypothesis.checked = false;
    one.label.appendChild(el("span", one.text));
  }
  if (claimEdges && claimEdges < E) {
    controls.appendChild(el("p", fmt(E - claimEdges) + " structural edges (formulation parts, is a, part of) ignore the claim filters (level, document, strength).", "hint"));
  }
  if (claimEdges) {
    var set = group("mg-filter-strength", "Minimum strength");
    var li = el("li"), label = el("label");
    var range = el("input"); range.type = "range"; range.id = "mg-min-strength";
    range.min = "0"; range.max = "1"; range.step = "0.05"; range.value = "0";
    range.setAttribute("aria-label", "minimum evidence strength of a claim edge");
    var value = el("output", "0.00"); value.id = "mg-min-strength-value";
    range.addEventListener("input", function () {
      minStrength = parseFloat(range.value) || 0;
      value.textContent = minStrength.toFixed(2);
      apply();
    });
    label.appendChild(range); label.appendChild(value);
    li.appendChild(label);
    set.appendChild(li);
  }
  if (levelKeys.length) {
    var order = levelKeys.map(function (k, l) { return l; }).sort(function (a, b) {
      var x = LEVELS.indexOf(levelKeys[a]), y = LEVELS.indexOf(levelKeys[b]);
      x = x < 0 ? LEVELS.length : x; y = y < 0 ? LEVELS.length : y;
      return x - y || (levelKeys[a] < levelKeys[b] ? -1 : 1);
    });
    var levelList = group("mg-filter-levels", "Evidence level");
    order.forEach(function (l) {
      var r = row(levelList, words(levelKeys[l]), function (on) { setLevel(l, on); }, "data-level", levelKeys[l]);
      levelBoxes[l] = r.box;
      countSpans.level[l] = finish(r);
    });
  }
  if (docKeys.length) {
    var docList = group("mg-filter-documents", "Document");
    var uses = new Int32Array(docKeys.length);
    for (var j = 0; j < E; j++) eDocs[j].forEach(function (d) { uses[d]++; });
    docKeys.map(function (k, d) { return d; }).sort(function (a, b) {
      return uses[b] - uses[a] || (docKeys[a] < docKeys[b] ? -1 : 1);
    }).forEach(function (d) {
      var r = row(docList, docKeys[d], function (on) { docOn[d] = on ? 1 : 0; apply(); }, "data-document", docKeys[d]);
      countSpans.doc[d] = finish(r);
    });
  }
  if (belowEdges || belowNodes) {
    var below = row(group("mg-filter-floor", "Strength floor"), "Show paths below the strength floor", function (on) { showBelow = on; apply(); });
    below.box.id = "mg-show-below-floor"; below.box.checked = false;
    finish(below).textContent = fmt(belowEdges) + (belowEdges === 1 ? " edge, " : " edges, ") + fmt(belowNodes) + (belowNodes === 1 ? " node" : " nodes");
  }

  var status = byId("mg-filter-status");
  function showCounts() {
    status.textContent = "showing " + fmt(counts.edges) + " of " + fmt(E) + " edges, " + fmt(counts.nodes) + " of " + fmt(N) + " nodes";
    ["cat", "level", "doc"].forEach(function (kind) {
      var seen = counts[kind][0], total = counts[kind][1];
      countSpans[kind].forEach(function (span, i) { if (span) span.textContent = shown(seen[i], total[i]); });
    });
  }

  // -- for other scripts and tests --------------------------------------------------------
  window.mgFilters = {
    apply: apply,
    addRule: function (rule) { rules.push(rule); apply(); },
    counts: function () { return { nodes: counts.nodes, edges: counts.edges }; }
  };
  // edges not hidden whose two ends are visible, read from the DataSets the network draws
  window.mgVisibleEdgeCount = function () {
    var visible = Object.create(null), count = 0;
    nodes.forEach(function (n) { if (!n.hidden) visible[n.id] = true; });
    edges.forEach(function (e) { if (!e.hidden && visible[e.from] && visible[e.to]) count++; });
    return count;
  };
  window.mgVisibleNodeCount = function () {
    return nodes.get({ filter: function (n) { return !n.hidden; } }).length;
  };
  apply();
})();
