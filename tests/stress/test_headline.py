"""One line of scope, horizon and key assumptions, written by one library function
(:func:`capexloop.stress.simulation.assumptions_line`), in every place that shows a stress
run: ``capexloop stress`` (text and ``--json``), the report's executive summary and stress
section, and the dashboard's stress panel. Each place is checked against the library's line
computed here from the same ledger."""

import html
import json

from capexloop.ledger.asof import as_of
from capexloop.ledger.datasets import load_dataset
from capexloop.stress.simulation import assumptions_line, prepare
from capexloop.studies.stress import reference_loss_rates

EN = "Eisenberg–Noe clearing"


def library_line(ledger, scope="binding"):
    inp = prepare(ledger, scope=scope, start=2025, horizon=2030, rates=reference_loss_rates())
    return assumptions_line(inp, EN)


def test_the_line_says_scope_horizon_and_key_assumptions():
    line = library_line(load_dataset("ai2025"))
    assert "\n" not in line
    assert line.startswith("scope binding, 2025–2030, Eisenberg–Noe clearing; ")
    for part in ("unscheduled contracts straight line over 5 years",
                 "undrawn facilities drawn on need, 5 years where no maturity is stated",
                 "loss rates: loans 71%, equity 100% (drawn facilities at their kind's rate)",
                 "entities without a balance sheet (default not assessed)"):
        assert part in line
    assert "ledger as of" not in line
    dated = library_line(as_of(load_dataset("ai2025"), "2025-06-30"))
    assert dated.endswith("; ledger as of 2025-06-30")


def test_cli_text_and_json_print_the_line(cli):
    line = library_line(load_dataset("ai2025"), scope="all")
    code, out, err = cli("stress", "--dataset", "ai2025", "--scope", "all",
                         "--shock", "openai.revenue=-0.4")
    assert code == 0, err
    assert f"Stress simulation — {line}\n" in out
    assert out.count("scope all, 2025–2030") == 1          # said once, not per section
    code, out, err = cli("stress", "--dataset", "ai2025", "--scope", "all",
                         "--shock", "openai.revenue=-0.4", "--scenarios", "200", "--json")
    doc = json.loads(out)
    assert doc["headline"] == line and doc["simulation"]["headline"] == line
    assert "scope" not in doc["monte_carlo"]["headline"]   # the draws only; the line is above


def test_cli_as_of_line(cli):
    line = library_line(as_of(load_dataset("ai2025"), "2025-06-30"))
    code, out, err = cli("stress", "--dataset", "ai2025", "--as-of", "2025-06-30", "--json")
    assert code == 0, err
    assert json.loads(out)["headline"] == line


def test_executive_summary_carries_the_line():
    from capexloop.report.summary import executive_summary

    led = load_dataset("ai2025")
    line = library_line(led)
    stress = [h for h in executive_summary(led) if h.label.startswith("losses at ")]
    assert len(stress) == 1 and f"below plan. {line}. " in stress[0].label


def test_report_stress_section_carries_the_line():
    from capexloop.report import build_report

    led = load_dataset("ai2025")
    page = build_report(led, sections=["stress"])
    assert f"<p class='headline'><b>{html.escape(library_line(led))}</b></p>" in page


def test_dashboard_stress_panel_carries_the_line():
    from capexloop.dashboard.app import stress_panel
    from capexloop.studies.stress import stress_run

    led = load_dataset("ai2025")
    panel = stress_panel(stress_run(led, shocks={"openai": 0.4}))
    first = panel.children[0]
    assert first.id == "stress-headline" and first.children == library_line(led)
