"""Long chains fold into one node (:mod:`mechgraph.views.fold`)."""


def test_long_chains_fold_into_one_node():
    from mechgraph.views.fold import fold_chains

    nodes = [{"id": x, "label": x, "mg": {}} for x in "abcdefg"]
    pairs = ["ab", "bc", "cd", "de", "ef", "ag", "gf"]  # a-b-c-d-e-f folds, a-g-f does not
    edges = [
        {"id": f"e{i}", "from": s, "to": t, "mg": {"sign": "increases"}}
        for i, (s, t) in enumerate(pairs)
    ]
    folds = fold_chains(nodes, edges, keep={"a", "f"})
    assert [f["members"] for f in folds] == [["b", "c", "d", "e"]]
    holder = nodes[-1]
    assert holder["mg"]["fold_of"] == folds[0]["id"] and "4 steps" in holder["label"]
    stand_ins = [e for e in edges if e["mg"].get("fold_of")]
    assert {(e["from"], e["to"]) for e in stand_ins} == {("a", holder["id"]), (holder["id"], "f")}
    assert all(n["mg"].get("fold") == folds[0]["id"] for n in nodes if n["id"] in "bcde")
    assert "fold" not in nodes[6]["mg"]  # g: a chain of one stays
