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


class _Tags(HTMLParser):
    """Start tags with their attributes, and the text, of an HTML fragment."""

    def __init__(self, html: str):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def test_hostile_sources_round_trip_through_links_and_the_source_list():
    """A source carrying HTML and script is cited by a deal: its link's title and text and its
    row in the source list parse back to exactly the source string (escaped, not executed), and
    the anchor it links to is letters, digits and dashes only."""
    led = Ledger(name="t", entities=[Entity(id="a", name="A", layer="cloud"),
                                     Entity(id="b", name="B", layer="semiconductor")],
                 deals=[Deal(id="d", kind="chip_purchase", payer="a", payee="b",
                             amount_usd=1e9, sources=[HOSTILE, "seed:B1"])])
    secs = _sections(build_report(led, sections=["ledger"]))
    links = [a for t, a in _Tags(secs["ledger"]).tags if t == "a" and a.get("class") == "src"]
    hostile = [a for a in links if a["title"] == HOSTILE]
    assert len(hostile) == 1 and re.fullmatch(r"#src-[A-Za-z0-9-]+", hostile[0]["href"])
    seed = next(a for a in links if a["href"] == "#src-seed-B1")
    assert seed["title"].startswith("Microsoft")           # seed B1's line of the fact sheet
    rows = _Tags(secs["sources"])
    assert [t for t, _ in rows.tags].count("script") == 0
    ids = [a["id"] for t, a in rows.tags if t == "tr" and "id" in a]
    assert hostile[0]["href"][1:] in ids and all(re.fullmatch(r"src-[A-Za-z0-9-]+", i)
                                                 for i in ids)
    assert HOSTILE in rows.text


def test_figure_wrapper_trusts_only_the_libraries_output():
    """The figure macro wraps plotly's div and matplotlib's SVG; a figure whose title and trace
    carry HTML gains no element or handler from it (plotly writes it as JSON \\u003c escapes,
    matplotlib as SVG text), and plain text given as a figure is escaped, not trusted."""
    import plotly.graph_objects as go

    from capexloop.report.build import environment
    from capexloop.report.figures import ReportFigure, report_figure

    macro = environment().from_string('{% import "_macros.html.j2" as m %}{{ m.figure(f) }}')
    fig = go.Figure([go.Bar(name=HOSTILE, x=[HOSTILE], y=[1.0])])
    fig.update_layout(title=HOSTILE)
    page = _Tags(macro.render(f=report_figure(fig, "hostile")))
    tags = [t for t, _ in page.tags]
    assert tags[:2] == ["div", "div"] and page.tags[0][1] == {"class": "figure"}
    assert tags.count("script") == 1 and "img" not in tags and "noscript" in tags
    assert not [k for _, a in page.tags for k in a if k.startswith("on")]
    plain = macro.render(f=ReportFigure(live=HOSTILE, static=HOSTILE))
    assert "<script>" not in plain and "<img" not in plain
    assert plain.count("&lt;script&gt;alert(1)&lt;/script&gt;") == 2
    assert macro.render(f=None) == ""


def test_industry_revenue_for_scale_is_the_ledgers_own_or_said_to_be_reference():
    """The break-even section's 2024 industry revenue used to come from ai2025 whatever the
    ledger: a ledger holding its own ``world`` series shows them (automotive set to $7T here),
    one without says the figures are the embedded ai2025 dataset's (seed F4: $4–5T)."""
    from capexloop.ledger.quantities import Range

    ai = load_dataset("ai2025")
    obs = [o.model_copy(update={"value": Range.point(7e12)})
           if (o.entity, o.metric) == ("world", "automotive_revenue") else o
           for o in ai.observations]
    mine = ai.model_copy(update={"name": "mine", "observations": obs})
    sec = _sections(build_report(mine, sections=["breakeven"]))["breakeven"]
    assert "<td>automotive revenue</td><td>$7T</td>" in sec and "embedded ai2025" not in sec
    tel = _sections(build_report(load_dataset("telecom2000"), sections=["breakeven"]))
    assert "Industry revenue for scale: the embedded ai2025 dataset." in tel["breakeven"]
    assert "<td>automotive revenue</td><td>$4T–5T</td>" in tel["breakeven"]


def test_stress_section_shows_the_backtests_fy1999_inputs_and_cash_sensitivity():
    """The backtest's FY1999 inputs (filed with their source, or assumed and said where they
    were looked for) and its cash sensitivity appear in the report as the library gives them."""
    import html as htmlmod

    from capexloop.studies.stress import reference_backtest

    bt = reference_backtest()
    assert bt.inputs and bt.sensitivity
    secs = _sections(build_report(load_dataset("ai2025"), sections=["stress"]))
    text = htmlmod.unescape(secs["stress"])
    for line in (*bt.inputs, *bt.sensitivity):
        assert line in text
