"""Financing mix (E14 computed), concentration, coverage, the map and the CLI."""

import json
import re
import shutil
from pathlib import Path

import pytest

from capexloop.errors import CapexloopError
from capexloop.ledger import Deal, Entity, Ledger, load_dataset
from capexloop.network import (
    commitment_coverage,
    concentration,
    financing_mix,
    hhi_lower_bound,
    map_graph,
    render_map,
)


def test_e14_equity_vs_loans():
    """Seed E14: AI vendor financing is mostly equity, telecom's was loans — computed."""
    ai, tel = financing_mix(load_dataset("ai2025")), financing_mix(load_dataset("telecom2000"))
    assert ai.dominant == "equity" and ai.shares()["equity"] > 0.9
    assert tel.dominant == "debt" and tel.shares()["debt"] == 1.0
    # AI: NVIDIA 100 + 3 equity, 6.3 backstop; AMD 35 warrants; CoreWeave 0.35; Microsoft 13
    assert ai.by_group()["equity"] == pytest.approx(100e9 + 3e9 + 35e9 + 0.35e9 + 13e9)
    assert ai.by_group()["contingent"] == pytest.approx(6.3e9)


def test_hhi_lower_bound_hand():
    """E11: top2 39%, top4 46% → 2·0.195² + 2·0.035² = 0.0785; D10: 3·(0.37/3)²."""
    assert hhi_lower_bound([2, 4], [0.39, 0.46]) == pytest.approx(0.0785)
    assert hhi_lower_bound([3], [0.37]) == pytest.approx(0.37**2 / 3)
    with pytest.raises(CapexloopError, match='later customer larger'):
        hhi_lower_bound([2, 4], [0.10, 0.30])  # customers 3–4 larger than 1–2: impossible


def test_concentration_from_flows():
    ents = [Entity(id=i, name=i) for i in "vabc"]
    deals = [Deal(id=f"d{c}", kind="chip_purchase", payer=c, payee="v", amount_usd=x)
             for c, x in (("a", 60), ("b", 30), ("c", 10))]
    df = concentration(Ledger(entities=ents, deals=deals))
    r = df.iloc[0]
    assert (r.top1, r.top2, r.hhi) == pytest.approx((0.6, 0.9, 0.36 + 0.09 + 0.01))


def test_coverage_openai():
    """A3/E8: $1.4T commitments over $13B revenue ≈ 108 years; E12: 50 GW stated."""
    cov = commitment_coverage(load_dataset("ai2025")).set_index("lab")
    assert cov.loc["openai", "coverage"] == pytest.approx(1.4e12 / 13e9)
    assert cov.loc["openai", "gw_stated"] == 50
    assert cov.loc["anthropic", "coverage"] != cov.loc["anthropic", "coverage"]  # NaN, not 0


def test_map_styles():
    src = map_graph(load_dataset("ai2025")).source
    edges = {m.group(1): m.group(2) for m in re.finditer(r"\t(\w+ -> \w+) \[([^\]]*)\]", src)}
    fin = edges["softbank -> openai"]        # financing arrow: financier → recipient
    assert "dotted" in fin and "#c62828" in fin and "$40B" in fin
    loi = edges["nvidia -> openai"]          # a non-binding letter of intent: dashed, pale
    assert "dashed" in loi and "#ef9a9a" in loi and "LOI $100B" in loi
    assert "Legend" in src and "seller → buyer" in src and "financier → " in src
    goods = edges["oracle -> openai"]        # goods arrow: seller → buyer
    assert "solid" in goods and "4.5 GW" in goods and "#1565c0" in goods
    assert "openai -> oracle" not in edges   # the payment direction is not drawn for goods


def test_render_svg_png_and_big(tmp_path):
    """Renders with system dot or, without it, the graphviz-pure dependency."""
    svg = render_map(load_dataset("ai2025"), tmp_path / "m.svg")
    assert svg.read_text().lstrip().startswith("<?xml") and "OpenAI" in svg.read_text()
    png = render_map(load_dataset("telecom2000"), tmp_path / "m.png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    layers = ["model_provider", "cloud", "semiconductor", "investor", "other"]
    ents = [Entity(id=f"e{i}", name=f"Entity {i}", layer=layers[i % 5]) for i in range(45)]
    deals = [Deal(id=f"d{i}", kind="equity" if i % 3 else "chip_purchase", payer=f"e{i % 45}",
                  payee=f"e{(i * 7 + 1) % 45}", amount_usd=1e9 * (i + 1)) for i in range(90)
             if i % 45 != (i * 7 + 1) % 45]
    big = render_map(Ledger(entities=ents, deals=deals), tmp_path / "big.svg")
    assert big.read_text().count('class="node"') == 45 + 1   # 45 entities and the legend


def test_map_renders_without_system_graphviz(tmp_path, monkeypatch):
    """A fresh machine has no Debian graphviz: PATH without ``dot`` still draws the map through
    graphviz-pure (installed with capexloop, found beside the running Python)."""
    import sys

    monkeypatch.setenv("PATH", str(Path(sys.executable).parent))
    assert shutil.which("dot") is None
    from capexloop.network.mapplot import layout_engine, map_svg

    assert layout_engine() is not None and "graphviz-pure" in layout_engine()
    out = render_map(load_dataset("ai2025"), tmp_path / "m.svg", scope="binding")
    assert "OpenAI" in out.read_text() and "scope binding" in out.read_text()
    assert map_svg(load_dataset("ai2025")).startswith("<svg")


def test_circularity_cli(cli, tmp_path):
    code, out, err = cli("circularity", "--dataset", "ai2025", "--json")
    assert code == 0, err
    doc = json.loads(out)
    assert doc["financing_mix"]["vendor"]["equity"] > 0.9
    assert doc["cycles"]["top"][0]["bottleneck"] == 100e9
    assert 0 < doc["finn"]["fci"] < 1
    code, out, _ = cli("circularity", "--dataset", "telecom2000")
    assert code == 0 and "Finn cycling index" in out
    code, _, err = cli("circularity", "--dataset", "ai2025", "--amount", "max")
    assert code == 2 and "--amount" in err
    code, _, err = cli("map", "--dataset", "ai2025", "-o", tmp_path / "m.jpg")
    assert code == 2 and "unknown map format" in err


def test_no_financing_ledger_and_empty(cli, tmp_path):
    f = tmp_path / "l.yaml"
    f.write_text("entities:\n  - {id: a, name: A}\n  - {id: b, name: B}\n"
                 "deals:\n  - {id: x, kind: chip_purchase, payer: a, payee: b, amount_usd: 1B,"
                 " status: drawn}\n")
    db = tmp_path / "l.duckdb"
    assert cli("ledger", "import", f, "--db", db)[0] == 0
    code, out, err = cli("circularity", "--db", db, "--json")
    assert code == 0, err
    doc = json.loads(out)
    assert doc["round_trip"]["vendors"] == [] and doc["finn"]["fci"] == 0.0
    empty = tmp_path / "e.duckdb"
    cli("ledger", "init", "--db", empty, "--dataset", "ai2025")
    code, out, _ = cli("report", "--db", db, "-o", tmp_path / "r.html")
    assert code == 0 and "No vendor both finances and sells" in (tmp_path / "r.html").read_text()
