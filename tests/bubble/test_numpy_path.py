"""The bubble command's pandas-free path gives what the pandas path gives: the S&P 500 read
with numpy equals pandas' reading of the same file, the episode records equal the
``datestamp`` table, and their JSON equals what pandas' ``to_json`` wrote before."""

import json
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from capexloop.bubble import (
    datestamp,
    episode_records,
    psy,
    sp500_arrays,
    sp500_pd,
    with_critical_values,
)
from capexloop.bubble.series import SERIES
from capexloop.studies.bubble import BubbleRun, bubble_run


@pytest.mark.parametrize("column", ["pd_index", "pd_ratio", "real_price", "real_dividend"])
def test_sp500_arrays_equal_pandas_reading(column):
    """Reference: pandas.read_csv of the shipped file (its own float parser and dates)."""
    from importlib import resources

    dates, values = sp500_arrays(column)
    path = resources.files("capexloop.bubble").joinpath("data/sp500_pd_1871_2011.csv")
    df = pd.read_csv(path.open(encoding="utf-8"))
    np.testing.assert_array_equal(values, df[column].to_numpy())
    ref = pd.PeriodIndex(df["month"], freq="M").to_timestamp()
    np.testing.assert_array_equal(dates.astype("datetime64[ns]"), ref.to_numpy("datetime64[ns]"))
    assert np.array_equal(sp500_pd(column).to_numpy(), values)
    assert "sp500" in SERIES


def _pandas_json(res) -> list:
    """The episodes as the command wrote them before: pandas' ``to_json`` of the table."""
    return json.loads(datestamp(res).to_json(orient="records", date_format="iso"))


def test_records_and_json_equal_the_pandas_table():
    res = with_critical_values(psy(sp500_pd(), min_window=90), "mc")
    recs = episode_records(res)
    table = datestamp(res)
    assert len(recs) == len(table) >= 5
    for r, row in zip(recs, table.itertuples(index=False), strict=True):
        assert pd.Timestamp(r["start"]) == row.start and pd.Timestamp(r["end"]) == row.end
        assert r["max_bsadf"] == row.max_bsadf and r["collapse"] == row.collapse
    run = bubble_run(dataset="sp500")
    assert run.to_dict()["episodes"] == _pandas_json(res)
    assert run.episodes.equals(table)          # the lazy table is datestamp's table
    assert run.result.summary() == res.summary()
    np.testing.assert_array_equal(run.result.bsadf, res.bsadf)


def test_undated_series_records_and_json():
    """A plain array: episodes are positions (as with a RangeIndex before), JSON integers."""
    rng = np.random.default_rng(11)
    y = 50 + np.cumsum(rng.standard_normal(200) * 0.5)
    y[100:140] += 1.06 ** np.arange(40)
    res = with_critical_values(psy(y), "mc", reps=400)
    recs = episode_records(res)
    assert recs and all(isinstance(r["start"], np.integer) for r in recs)
    run = BubbleRun("y", res, tuple(recs))
    assert run.to_dict()["episodes"] == _pandas_json(res)


def test_bubble_command_on_sp500_does_not_import_pandas(tmp_path):
    code = ("import sys\nfrom capexloop.cli import main\n"
            "rc = main(['bubble', '--dataset', 'sp500', '--json'])\n"
            "assert rc == 0, rc\n"
            "heavy = sorted({m.split('.')[0] for m in sys.modules} & "
            "{'pandas', 'scipy', 'numba', 'matplotlib', 'statsmodels', 'arch', 'pyarrow'})\n"
            "sys.stderr.write(repr(heavy))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=tmp_path, env={"CAPEXLOOP_CACHE": str(tmp_path), "PATH": "",
                                            "PYTHONPATH": ":".join(sys.path)}, check=False)
    assert out.returncode == 0, out.stderr
    assert out.stderr.strip().endswith("[]"), out.stderr
    assert round(json.loads(out.stdout)["gsadf"], 6) == 4.206874
