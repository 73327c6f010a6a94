/* mechgraph: folded chains of an answer page (mechgraph/views/fold.py). A chain's nodes and
   edges carry mg.fold, its "..." placeholder and two edges mg.fold_of; while a fold is
   closed its members are hidden, once open its placeholder is. Clicking the placeholder
   opens the chain; the details of an opened chain's node offer to fold it again. */
(function () {
  "use strict";
  var data = window.mgData, network = window.mgNetwork;
  if (!data || !data.folds || !data.folds.length || !window.mgFilters) return;
  var open = {};
  function hidden(item) {  // the same rule for nodes and edges
    var m = item.mg || {};
    return m.fold_of ? !!open[m.fold_of] : (m.fold ? !open[m.fold] : false);
  }
  window.mgFilters.addRule({ node: hidden, edge: hidden });
  function setOpen(fold, state) { open[fold] = state; window.mgFilters.apply(); }
  network.on("click", function (p) {
    if (!p.nodes.length) return;
    var node = window.mgNodes.get(p.nodes[0]), m = (node && node.mg) || {};
    if (m.fold_of) { setOpen(m.fold_of, true); network.selectNodes([]); return; }
    if (m.fold && open[m.fold]) {
      var button = document.createElement("button");
      button.type = "button"; button.textContent = "Fold this chain again";
      button.addEventListener("click", function () { setOpen(m.fold, false); button.remove(); });
      var details = document.getElementById("mg-details");
      details.insertBefore(button, details.children[1] || null);
    }
  });
})();
