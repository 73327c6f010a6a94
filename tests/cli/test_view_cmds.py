"""``mechgraph view`` (:mod:`mechgraph.cli.view_cmds`): writes the page and reports it."""


def test_view_cli_writes_file_and_reports(run_cli, tmp_path):
    out = tmp_path / "v.html"
    proc = run_cli("view", "Doxil", "avelumab", "-c", "pdl1=positive", "-o", str(out), "--json")
    assert proc.returncode == 0, proc.stderr
    import json

    summary = json.loads(proc.stdout)
    assert summary["file"] == str(out) and out.read_text().startswith("<!DOCTYPE html>")
    assert summary["nodes"] > 5 and "wrote" in proc.stderr
    bad = run_cli("view", "no-such-drug", "-o", str(tmp_path / "x.html"))
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
    assert not (tmp_path / "x.html").exists()
    missing = run_cli("view", "--network", str(tmp_path / "none.tsv"))
    assert missing.returncode == 2 and "not found" in missing.stderr
