"""Report: every section says whose data it shows, a user's ledger never silently shows the
embedded datasets, hostile text cannot inject markup, and one lead lab across sections."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from capexloop.ledger import Deal, Entity, Ledger, Observation, load_dataset
from capexloop.report import build_report
from capexloop.report.build import DATA, SECTIONS

HOSTILE = '<script>alert(1)</script><img src=x onerror="alert(2)">&"\''


def _sections(html: str) -> dict[str, str]:
    return dict(re.findall(r'<section id="([\w-]+)">(.*?)</section>', html, re.S))


def test_every_section_declares_its_data():
    assert set(DATA) == set(SECTIONS)
    assert {kind for kind, _ in DATA.values()} <= {"ledger", "reference", "both"}
    assert DATA["ledger"][0] == "ledger" and DATA["bubble"][0] == "reference"


def test_db_report_labels_every_section_and_shows_no_embedded_ledger(tmp_path, cli):
    """A telecom2000 database: the roadmap and vendor sections used to show ai2025's labs
    and vendors as if they were the ledger's; now they show the ledger's (none) and every
    section names its data source."""
    db = tmp_path / "mine.duckdb"
    assert cli("ledger", "init", "--db", db, "--dataset", "telecom2000")[0] == 0
    out = tmp_path / "r.html"
    keys = ["ledger", "checks", "forensics", "breakeven", "roadmaps", "monitor"]
    code, _, err = cli("report", "--db", db, "-o", out, "--sections", ",".join(keys))
    assert code == 0, err
    secs = _sections(out.read_text())
    for k in keys:
        label = re.search(r'<p class="data-source (\w+)">(.*?)</p>', secs[k])
        assert label and label.group(1) == DATA[k][0], k
        assert "mine" in label.group(2) or label.group(1) == "reference", k
    roadmap_table = secs["roadmaps"].split("<h3>Telecom 2000 vs AI 2025</h3>")[0]
    assert "openai" not in roadmap_table and "No model provider" in roadmap_table
    assert "none of the AI vendors" in secs["forensics"]
    assert "stores no break-even parameters" in secs["breakeven"]


def test_hostile_names_notes_and_sources_stay_text():
    """Names, ids-as-aliases, notes, sources and the ledger name carrying HTML and script come
    out escaped: no script element, no event attribute, and the page still parses into the
    same sections."""
    ents = [Entity(id="lab", name=HOSTILE, layer="model_provider", aliases=[HOSTILE],
                   sources=[HOSTILE], notes=HOSTILE),
            Entity(id="chip", name="Chip " + HOSTILE, layer="semiconductor")]
    deals = [Deal(id="d1", kind="chip_purchase", payer="lab", payee="chip", amount_usd=5e9,
                  sources=[HOSTILE, "seed:B1"], notes=HOSTILE, derived_from=HOSTILE),
             Deal(id="d2", kind="equity", payer="chip", payee="lab", amount_usd=1e9,
                  sources=["https://example.com/?a=<b>"], notes=HOSTILE)]
    obs = [Observation(entity="lab", metric="revenue", date="2025", value=1e9, unit="USD",
                       sources=[HOSTILE])]
    led = Ledger(name=HOSTILE, entities=ents, deals=deals, observations=obs)
    html = build_report(led, sections=["ledger", "circularity", "stress", "roadmaps"])

    class Probe(HTMLParser):
        handlers, sections = [], 0

        def handle_starttag(self, tag, attrs):
            if tag == "section":
                Probe.sections += 1
            Probe.handlers += [a for a, _ in attrs if a.startswith("on")]

        def handle_data(self, data):
            pass

    Probe().feed(html)
    assert Probe.handlers == [] and Probe.sections == 5
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    # the sources list used to print a literal <id> tag
    assert "seed:&lt;id&gt; refers" in html and "seed:<id>" not in html
    # every inline script is the bundled plotly or a figure call, never ledger text
    for body in re.findall(r"<script[^>]*>(.*?)</script>", html, re.S):
        assert "alert(" not in body


def test_summary_and_stress_section_shock_the_same_lab():
    """One rule picks the lead lab (largest payments due over the horizon): the executive
    summary and the stress section name the same lab."""
    html = build_report(load_dataset("ai2025"))
    secs = _sections(html)
    lab = re.search(r"<h3>(\w+)'s revenue 40% below its plan", secs["stress"]).group(1)
    summary = secs["summary"]
    assert f"if {lab}&#x27;s revenue is 40% below plan" in summary or \
        f"if {lab}'s revenue is 40% below plan" in summary
