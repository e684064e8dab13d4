"""CLI: report, JSON outputs and the user-error contract."""

import json
import re

from capexloop.ledger import load_dataset


def test_report_lists_every_deal_with_sources_offline(tmp_path, cli):
    out = tmp_path / "r.html"
    code, _, err = cli("report", "-o", out)
    assert code == 0, err
    html = out.read_text()
    for d in load_dataset("ai2025").deals:
        row = re.search(rf'<tr class="\w+" id="deal-{re.escape(d.id)}">(.*?)</tr>', html, re.S)
        assert row, d.id
        for s in d.sources:
            assert s in row.group(1)
    # self-contained: no external scripts, styles or fonts
    assert not re.search(r'<(script|link)[^>]+(src|href)="https?:', html)
    assert "seed:B1" in html and 'id="src-seed-B1"' in html


def test_report_is_deterministic(tmp_path, cli):
    a, b = tmp_path / "a.html", tmp_path / "b.html"
    cli("report", "-o", a, "--dataset", "telecom2000")
    cli("report", "-o", b, "--dataset", "telecom2000")
    strip = lambda p: re.sub(r"Generated [^.]+\.", "", p.read_text())  # noqa: E731
    assert strip(a) == strip(b)


def test_report_from_db_and_sections(tmp_path, cli):
    db = tmp_path / "x.duckdb"
    assert cli("ledger", "init", "--db", db, "--dataset", "telecom2000")[0] == 0
    out = tmp_path / "r.html"
    assert cli("report", "--db", db, "-o", out, "--sections", "ledger")[0] == 0
    assert "Lucent" in out.read_text() and "recomputed" not in out.read_text()
    code, _, err = cli("report", "--db", db, "-o", out, "--sections", "nope")
    assert code == 2 and "unknown report section" in err


def test_json_outputs(cli):
    code, out, _ = cli("datasets", "--json")
    assert code == 0 and {r["name"] for r in json.loads(out)} == {"ai2025", "telecom2000", "ai-public"}
    code, out, _ = cli("ledger", "show", "--dataset", "ai2025", "--json")
    doc = json.loads(out)
    assert len(doc["deals"]) == len(load_dataset("ai2025").deals)
    fin = sum(r["usd_low"] or 0 for r in doc["totals"] if r["flow"] == "financing")
    assert fin > 0
    code, out, _ = cli("ledger", "checks", "--json")
    doc = json.loads(out)
    assert any(r["id"] == "F2" and not r["agrees"] for r in doc["checks"])
    assert doc["double_counts"] and any(r["outlier"] for r in doc["usd_per_gw"])
    code, out, _ = cli("seeds", "--json")
    assert len(json.loads(out)) == 8 + 7 + 19 + 12 + 14 + 5  # A..F of the fact sheet


def test_user_errors_exit_2_without_traceback(cli, tmp_path):
    for args in (("report", "--dataset", "nope"),
                 ("ledger", "show", "--db", tmp_path / "missing.duckdb"),
                 ("ledger", "show", "--dataset", "ai2025", "--db", tmp_path / "x.duckdb"),
                 ("ledger", "export", "--dataset", "ai2025", "-o", tmp_path / "x.txt")):
        code, _, err = cli(*args)
        assert code == 2 and "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_export_then_import_via_cli(tmp_path, cli):
    for fmt in ("csv", "yaml", "json", "xlsx", "parquet"):
        f = tmp_path / f"ai.{fmt}"
        assert cli("ledger", "export", "--dataset", "ai2025", "--format", fmt, "-o", f)[0] == 0
        db = tmp_path / f"{fmt}.duckdb"
        code, _, err = cli("ledger", "import", f, "--db", db)
        assert code == 0, err
        code, out, _ = cli("ledger", "show", "--db", db, "--json")
        assert len(json.loads(out)["deals"]) == len(load_dataset("ai2025").deals)


def test_report_on_a_huge_ledger_stays_readable(tmp_path):
    """2,000 entities and 6,000 deals: the page explains what it leaves out instead of
    freezing (map skipped, long lists cut)."""
    import numpy as np

    from capexloop.ledger import Deal, Entity, Ledger
    from capexloop.report import build_report

    rng = np.random.default_rng(0)
    layers = ["model_provider", "cloud", "semiconductor", "investor"]
    ents = [Entity(id=f"e{i}", name=f"E{i}", layer=layers[i % 4]) for i in range(2000)]
    a, b = rng.integers(0, 2000, 6000), rng.integers(0, 2000, 6000)
    deals = [Deal(id=f"d{k}", kind="equity" if k % 3 == 0 else "chip_purchase", payer=f"e{i}",
                  payee=f"e{j}", amount_usd=float(rng.lognormal(20, 1)))
             for k, (i, j) in enumerate(zip(a, b, strict=True)) if i != j]
    html = build_report(Ledger(name="big", entities=ents, deals=deals),
                        sections=["ledger", "circularity"])
    assert "The map is drawn for ledgers of up to 150 entities" in html
    assert f"The first 500 of {len(deals)} deals are listed" in html
    assert "and 440 more" in html


def test_report_empty_ledger(tmp_path, cli):
    f = tmp_path / "e.yaml"
    f.write_text("entities:\n  - {id: a, name: A}\n")
    db = tmp_path / "e.duckdb"
    assert cli("ledger", "import", f, "--db", db)[0] == 0
    code, _, err = cli("report", "--db", db, "-o", tmp_path / "r.html")
    assert code == 0, err
    text = (tmp_path / "r.html").read_text()
    assert "This ledger has no deals" in text and "No model provider" in text


def test_ledger_show_both_datasets(cli):
    """Human output for a ledger whose deals have no GW and some unknown amounts."""
    for name in ("ai2025", "telecom2000"):
        code, out, err = cli("ledger", "show", "--dataset", name)
        assert code == 0, err
        assert "unknown" in out


def test_help_loads_no_numerical_stack():
    """``capexloop --help`` imports the command modules but neither pandas nor scipy (the
    library is imported inside the commands)."""
    import subprocess
    import sys

    code = ("import sys; from capexloop.cli import main; main(['--help']); "
            "main(['ledger', '--help']); "
            "print(sorted(m for m in ('pandas', 'scipy', 'numpy', 'duckdb') "
            "if m in sys.modules))")  # (typer itself may load pydantic)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip().splitlines()[-1] == "[]"


def test_every_command_is_registered_by_the_module_named_for_it():
    """A command imports only its own module (``COMMANDS``): the table must name, for every
    registered command and group, the module that registers it, and nothing else."""
    import importlib

    from capexloop import cli

    for m in cli.MODULES:
        importlib.import_module(f"capexloop.cli.{m}")
    found = {}
    for c in cli.app.registered_commands:
        found[c.name or c.callback.__name__] = c.callback.__module__.rsplit(".", 1)[-1]
    for g in cli.app.registered_groups:
        cb = next(c.callback for c in g.typer_instance.registered_commands)
        found[g.name] = cb.__module__.rsplit(".", 1)[-1]
    assert found == cli.COMMANDS


def test_a_command_builds_only_its_module():
    """``capexloop clear`` imports the stress command module and no other command module."""
    import subprocess
    import sys

    code = ("import sys; from capexloop.cli import main; main(['clear', '--help']); "
            "print(sorted(m.rsplit('.', 1)[-1] for m in sys.modules "
            "if m.startswith('capexloop.cli.') and not m.rsplit('.', 1)[-1].startswith('_')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip().splitlines()[-1] == "['stress']"


def test_python_dash_m_runs_the_cli():
    """``python -m capexloop`` is the ``capexloop`` command (same usage line, exit 0)."""
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-m", "capexloop", "--help"], capture_output=True,
                         text=True, check=True).stdout
    assert out.lstrip().startswith("Usage: capexloop ")
