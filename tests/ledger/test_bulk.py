"""Column-at-once validation equals validating each row alone (the reference: pydantic's
``model_validate`` through ``from_raw`` / ``from_db``), record for record and error for error."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from capexloop.errors import CapexloopError, LedgerValidationError
from capexloop.ledger import LedgerStore, load_dataset, read_ledger
from capexloop.ledger.bulk import validate_columns
from capexloop.ledger.model import Deal, Entity, Observation
from capexloop.ledger.records import from_raw, to_doc
from capexloop.ledger.schema import MODELS, column_names, from_db, to_db, to_db_columns
from capexloop.ledger.synthetic import synthetic_ledger


def _row_by_row(store: LedgerStore, table: str) -> list:
    return [from_db(table, r) for r in store._dicts(f"SELECT * FROM {table} ORDER BY rowid")]


@pytest.mark.parametrize("name", ["ai2025", "telecom2000"])
def test_database_load_equals_row_by_row(name):
    led = load_dataset(name)
    with LedgerStore() as s:
        s.add_ledger(led)
        for table in MODELS:
            bulk, ref = s._records(table), _row_by_row(s, table)
            assert bulk == ref, table
            assert [r.model_fields_set for r in bulk] == [r.model_fields_set for r in ref]
        assert s.load(name=name) == led


def test_synthetic_ledger_round_trips_through_the_store():
    led = synthetic_ledger(60, 600, seed=3)
    with LedgerStore() as s:
        s.add_ledger(led)
        back = s.load()
        assert back.deals == led.deals and back.entities == led.entities
        assert back.observations == led.observations


def test_records_own_their_lists():
    led = synthetic_ledger(20, 100, seed=1)
    with LedgerStore() as s:
        s.add_ledger(led)
        deals = s.load().deals
    assert deals[0].sources == deals[1].sources and deals[0].sources is not deals[1].sources


@pytest.mark.parametrize(("sql", "expected"), [
    ("UPDATE deals SET kind = 'chip_purchse' WHERE id = 'd7'", "did you mean 'chip_purchase'"),
    ("UPDATE deals SET payee = payer WHERE id = 'd5'", "payer and payee are the same"),
    ("UPDATE deals SET amount_low = 3e9, amount_high = 1e9 WHERE id = 'd9'", "above high"),
    ("UPDATE deals SET amount_low = -1, amount_high = 1 WHERE id = 'd4'", "negative"),
    ("UPDATE deals SET announced = '2025-13' WHERE id = 'd8'", "not a valid calendar date"),
    ("UPDATE deals SET id = 'Bad Id' WHERE id = 'd6'", "lowercase slug"),
    ("UPDATE observations SET value_low = NULL, value_high = NULL WHERE rowid = 2",
     "value is required"),
])
def test_a_bad_row_in_a_database_gives_the_row_by_row_error(sql, expected):
    """The first bad row in table order raises exactly what ``from_db`` raises for it."""
    led = synthetic_ledger(30, 40, seed=2, unknown=0.0)
    with LedgerStore() as s:
        s.add_ledger(led)
        s.con.execute(sql)
        table = sql.split()[1]
        if table == "deals" and "SET id" not in sql:  # (a key update moves the row to the end)
            s.con.execute("UPDATE deals SET status = 'bogus' WHERE id = 'd30'")  # a later one
        with pytest.raises(Exception, match=expected) as ref:
            _row_by_row(s, table)
        with pytest.raises(type(ref.value)) as got:
            s.load()
        assert str(got.value) == str(ref.value)


def _deal_raw(i: int, kind, amount, binding, announced, payee) -> dict:
    return {"id": f"d{i}", "kind": kind, "payer": "a", "payee": payee, "amount_usd": amount,
            "binding": binding, "announced": announced, "status": "committed",
            "sources": "s1; s2"}


_KIND = st.sampled_from(["equity", "Equity ", "chip_purchase", "warant", None])
_AMOUNT = st.sampled_from([1, 1.0, True, "1", "$2B", "1e9..2e9", "3..1", -5, "nan", None, ""])
_FLAG = st.sampled_from([True, 1, 1.0, "yes", "no", "maybe", 0, None])
_PERIOD = st.sampled_from(["2025", "2025-09", 2025, "2025-02-30", "2019..2023", None])
_PAYEE = st.sampled_from(["b", "b", "a"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(_KIND, _AMOUNT, _FLAG, _PERIOD, _PAYEE), min_size=1, max_size=12))
def test_columns_equal_rows_or_fail_at_the_same_row(rows):
    """Random mixes of valid and invalid spellings (1 / 1.0 / True collide in a dict: kept
    apart): bulk either equals ``from_raw`` row by row, or raises its error for the first bad
    row."""
    raws = [{k: v for k, v in _deal_raw(i, *r).items() if v is not None and v != ""}
            for i, r in enumerate(rows)]
    ref, ref_err, bad_at = [], None, None
    for i, raw in enumerate(raws):
        try:
            ref.append(from_raw("deal", raw, source="f.csv", line=i + 2))
        except LedgerValidationError as err:
            ref_err, bad_at = err, i
            break
    fields = sorted({k for raw in raws for k in raw})
    cols = {f: [raw.get(f) for raw in raws] for f in fields}

    def one(i: int) -> None:
        from_raw("deal", raws[i], source="f.csv", line=i + 2)

    if ref_err is None:
        got = validate_columns(Deal, cols, len(raws), on_error=one)
        assert got == ref
        assert [g.model_fields_set for g in got] == [r.model_fields_set for r in ref]
    else:
        with pytest.raises(LedgerValidationError) as err:
            validate_columns(Deal, cols, len(raws), on_error=one)
        assert str(err.value) == str(ref_err) and err.value.line == bad_at + 2


def test_missing_required_field_and_unknown_column():
    cols = {"id": ["a", "b"], "name": ["A", None], "sources": ["x", "y"]}

    def one(i):
        from_raw("entity", {k: v[i] for k, v in cols.items() if v[i] is not None},
                 source="e.csv", line=10 + i)

    with pytest.raises(LedgerValidationError, match=r"e.csv:11: name: required field"):
        validate_columns(Entity, cols, 2, on_error=one)
    cols = {"entity": ["a", "a"], "metric": ["revenue"] * 2, "date": ["2025"] * 2,
            "value": [1, 2], "unit": ["USD"] * 2, "colour": [None, "red"]}

    def one_obs(i):
        from_raw("observation", {k: v[i] for k, v in cols.items() if v[i] is not None},
                 source="o.csv", line=2 + i)

    with pytest.raises(LedgerValidationError, match=r"o.csv:3: colour: unknown column"):
        validate_columns(Observation, cols, 2, on_error=one_obs)


@pytest.mark.parametrize("name", ["ai2025", "telecom2000"])
def test_columns_written_equal_rows_written(name):
    """``to_db_columns`` gives, column by column, what ``to_db`` gives row by row."""
    led = load_dataset(name)
    for table in MODELS:
        recs = list(getattr(led, table))
        srcs, lines = [f"f{i}" for i in range(len(recs))], list(range(len(recs)))
        cols = to_db_columns(table, recs, srcs, lines)
        rows = [to_db(table, r, s, n) for r, s, n in zip(recs, srcs, lines, strict=True)]
        assert cols == {c: [r[c] for r in rows] for c in column_names(table)}, table


_ENTS = """entities:
  - {id: nvidia, name: NVIDIA, layer: semiconductor}
  - {id: openai, name: OpenAI, layer: model_provider}
"""
_HEAD = "id,kind,payer,payee,amount_usd,announced,status\n"


def _big_csv(tmp_path, n: int, bad: dict[int, str]):
    """``n`` deal rows (line k + 2 holds deal k); ``bad[k]`` replaces row k."""
    ents = tmp_path / "entities.yaml"
    ents.write_text(_ENTS)
    f = tmp_path / "deals.csv"
    f.write_text(_HEAD + "".join(bad.get(k, f"d{k},equity,nvidia,openai,{k + 1}M,2025,drawn")
                                 + "\n" for k in range(n)))
    return ents, f


@pytest.mark.parametrize(("bad", "line", "field"), [
    ({2345: "d2345,equity,nvidia,openai,2B..1B,2025,drawn",
      2900: "d2900,equty,nvidia,openai,1M,2025,drawn"}, 2347, "amount_usd"),
    ({1500: "d1500,equity,nvidia,nvidia,1M,2025,drawn"}, 1502, ""),      # payer == payee
    ({10: "d9,equity,nvidia,openai,1M,2025,drawn",                        # duplicate id first
      20: "d20,equity,nvidia,openai,-1M,2025,drawn"}, 12, "id"),
    ({30: "d30,equity,nvidia,opnai,1M,2025,drawn",                        # unknown name later
      25: "d25,equity,nvidia,openai,1M,2025-02-30,drawn"}, 27, "announced"),
    ({999: "d999,equity,nvidia,openai,1M,2025,drawn,extra"}, 1001, None),  # a reading error
])
def test_a_bad_row_in_a_large_file_keeps_its_line(tmp_path, bad, line, field):
    """Batched validation reports the row-by-row error: the first bad row in file order, with
    its file, line and field, whatever batch it falls in; the store is left unchanged."""
    ents, f = _big_csv(tmp_path, 3000, bad)
    with LedgerStore() as s:
        s.import_files([ents])
        before = s.counts()
        with pytest.raises(CapexloopError) as err:
            s.import_files([f], duplicates="keep-both")
        assert s.counts() == before
    assert err.value.line == line and str(err.value).startswith(f"{f}:{line}:")
    if field is not None:
        assert (err.value.field or "") == field
    if field != "id":   # reading without a store (duplicate ids are checked after reading)
        with pytest.raises(CapexloopError) as again:
            read_ledger([ents, f])
        assert str(again.value) == str(err.value)


def test_batched_file_reading_equals_row_by_row(tmp_path):
    """``read_ledger`` (batched) gives the records ``from_raw`` gives row by row."""
    ents, f = _big_csv(tmp_path, 2500, {7: "d7,equity,nvidia,openai,$1–2B,2025-09,drawn",
                                        8: "d8,chip_purchase,openai,nvidia,,2025,committed"})
    led = read_ledger([ents, f])
    ref = [from_raw("deal", {k: v for k, v in zip(_HEAD.strip().split(","), row.split(","),
                                                  strict=True) if v}, source=str(f), line=i + 2)
           for i, row in enumerate(f.read_text().splitlines()[1:])]
    assert led.deals == ref
    assert [d.model_fields_set for d in led.deals] == [r.model_fields_set for r in ref]


def test_synthetic_deals_are_what_row_by_row_validation_gives():
    led = synthetic_ledger(80, 800, seed=5)
    assert len(led.deals) == 800 and any(d.amount_usd is None for d in led.deals)
    assert any(d.amount_usd is not None and not d.amount_usd.is_point for d in led.deals)
    for d in led.deals:
        assert from_raw("deal", to_doc(d)) == d


def test_read_only_database_without_a_newer_column_reads_its_default(tmp_path):
    """A file written before a field existed (no column) opens read-only: the field is its
    default, as ``from_db`` reads a NULL."""
    import duckdb

    led = load_dataset("ai2025")
    path = tmp_path / "old.duckdb"
    with LedgerStore(path) as s:
        s.add_ledger(led)
    con = duckdb.connect(str(path))
    con.execute("ALTER TABLE deals DROP COLUMN holder")
    con.close()
    with LedgerStore(path, read_only=True) as s:
        back = s.load()
    assert back.deals == [d.model_copy(update={"holder": ""}) for d in led.deals]


def test_an_amount_of_true_beside_1_is_refused_as_row_by_row():
    """``{1, True} == {1}``: a column holding both must still validate ``True`` on its own
    (found by the property test above: row 2's amount True was taken for 1)."""
    raws = [_deal_raw(0, "equity", 1, True, "2025", "b"),
            _deal_raw(1, "equity", True, True, "2025", "b")]
    with pytest.raises(LedgerValidationError) as ref:
        from_raw("deal", raws[1], source="f.csv", line=3)
    cols = {f: [r[f] for r in raws] for f in raws[0]}

    def one(i: int) -> None:
        from_raw("deal", raws[i], source="f.csv", line=i + 2)

    with pytest.raises(LedgerValidationError) as got:
        validate_columns(Deal, cols, 2, on_error=one)
    assert str(got.value) == str(ref.value) and got.value.line == 3
