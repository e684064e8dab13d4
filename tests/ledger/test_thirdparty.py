"""A file written by someone else: their columns, kind words, spellings, nulls, partial dates."""

import pytest

from capexloop.ledger import LedgerStore

THEIRS = """from,to,flow_type,amount_usd,date,comment
Nvidia Corp.,Open AI,equity_investment,$100B,2025-09,headline figure
OPENAI,nvidia,gpu_purchase,,2026-01,amount not disclosed
Open AI Inc,Oracle Cloud,compute_contract,300e9,2025..ongoing,Stargate
"""
MAPPING = """columns:
  from: payer
  to: payee
  flow_type: kind
  date: announced
  comment: notes
constants:
  status: announced
kinds:
  gpu_purchase: chip_purchase
  equity_investment: equity
  compute_contract: cloud_contract
"""


@pytest.fixture
def base_db(tmp_path, cli):
    db = tmp_path / "l.duckdb"
    assert cli("ledger", "init", "--db", db, "--dataset", "ai2025")[0] == 0
    return db


def test_import_with_command_line_mapping(tmp_path, cli, base_db):
    f = tmp_path / "theirs.csv"
    f.write_text(THEIRS)
    code, _out, err = cli("ledger", "import", f, "--db", base_db,
                         "--columns", "from=payer,to=payee,flow_type=kind,date=announced,"
                         "comment=notes",
                         "--kinds", "gpu_purchase=chip_purchase,equity_investment=equity,"
                         "compute_contract=cloud_contract", "--set", "status=announced",
                         "--duplicates", "keep-both")
    assert code == 0, err
    with LedgerStore(base_db) as s:
        led = s.load()
    new = [d for d in led.deals if d.notes in ("headline figure", "amount not disclosed",
                                               "Stargate")]
    assert len(new) == 3
    by_note = {d.notes: d for d in new}
    eq = by_note["headline figure"]
    assert (eq.payer, eq.payee, eq.kind.value, eq.amount_usd.low) == ("nvidia", "openai",
                                                                      "equity", 100e9)
    assert (eq.announced.precision, str(eq.announced)) == ("month", "2025-09")
    gpu = by_note["amount not disclosed"]
    assert gpu.amount_usd is None  # unknown stays unknown, never zero
    assert gpu.kind.value == "chip_purchase"
    sg = by_note["Stargate"]
    assert sg.payee == "oracle" and sg.announced.end is None and str(sg.announced) == "2025..ongoing"


def test_import_with_mapping_file_finds_duplicates(tmp_path, cli, base_db):
    """NVIDIA's $100B and the Oracle $300B already exist in ai2025: refused by default."""
    f = tmp_path / "theirs.csv"
    f.write_text(THEIRS)
    m = tmp_path / "map.yaml"
    m.write_text(MAPPING)
    code, _, err = cli("ledger", "import", f, "--db", base_db, "--mapping", m)
    assert code == 2
    assert "likely duplicate" in err and "nvidia-openai-investment-2025" in err
    assert "openai-oracle-stargate" in err
    code, _, err = cli("ledger", "import", f, "--db", base_db, "--mapping", m,
                       "--duplicates", "keep-existing")
    assert code == 0, err
    with LedgerStore(base_db) as s:
        notes = [d.notes for d in s.load().deals]
    assert "amount not disclosed" in notes and "headline figure" not in notes


def test_unmapped_columns_and_kinds_give_actionable_errors(tmp_path, cli, base_db):
    f = tmp_path / "theirs.csv"
    f.write_text(THEIRS.replace("comment", "remark"))
    code, _, err = cli("ledger", "import", f, "--db", base_db)
    assert code == 2 and "unknown column" in err and "'remark'" in err and "--columns" in err
    # from, to, flow_type, date are recognised by name; a file without status is refused
    code, _, err = cli("ledger", "import", f, "--db", base_db, "--columns", "remark=-")
    assert code == 2 and f"{f}:2: status: status is missing" in err and "constants" in err
    code, _, err = cli("ledger", "import", f, "--db", base_db, "--columns", "remark=-",
                       "--set", "status=announced")
    assert code == 2 and f"{f}:2: kind: unknown deal kind 'equity_investment'" in err
    code, _, err = cli("ledger", "validate", f, "--base", "ai2025", "--columns",
                       "from=payer,to=payer", "--kinds", "x")
    assert code == 2 and "SOURCE=TARGET" in err


def test_misspelt_entity_suggests(tmp_path, cli, base_db):
    f = tmp_path / "t.csv"
    f.write_text("payer,payee,kind,amount_usd,status\nNvidai,OpenAI,equity,1B,drawn\n")
    code, _, err = cli("ledger", "import", f, "--db", base_db)
    assert code == 2 and "payer: unknown entity 'Nvidai'; did you mean 'nvidia'?" in err
