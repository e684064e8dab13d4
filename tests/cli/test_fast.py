"""The typer-free path of plain commands (:mod:`capexloop.cli._fast`): its option table is the
typer declaration's, it gives byte-identical output, and it hands anything unusual to typer."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
from enum import Enum
from pathlib import Path

import numpy as np
import pytest

from capexloop import cli
from capexloop.cli import _clear, _fast, _typer_main


def test_choices_are_the_library_ones():
    from capexloop.stress.run import MODELS

    assert _clear.MODELS == MODELS


@pytest.mark.parametrize("command", sorted(_fast.FAST))
def test_options_are_the_typer_declaration(command):
    import typer

    cli.register([command])
    cmd = typer.main.get_group(cli.app).commands[command]  # type: ignore[attr-defined]
    declared = {}
    for p in cmd.params:
        ann = p.type_descriptor.annotation
        kind = ("flag" if p.is_flag and ann is bool else
                tuple(m.value for m in ann) if isinstance(ann, type) and issubclass(ann, Enum)
                else {Path: "path", float: "float", int: "int", str: "str"}.get(ann, repr(ann)))
        default = p.default.value if isinstance(p.default, Enum) else p.default
        assert not p.multiple and len(p.secondary_opts) <= (kind == "flag")
        declared[p.opts[0]] = (p.name, kind, _fast.REQUIRED if p.required else default,
                               tuple(p.opts[1:]), p.secondary_opts[0] if p.secondary_opts
                               else None)
    module = importlib.import_module(_fast.FAST[command].split(":")[0])
    ours = {o.name: (o.dest, o.kind, o.default, o.aliases, o.off) for o in module.OPTIONS}
    assert ours == declared


def _assert_fast_equals_typer(capsys, args: list[str]) -> None:
    """``args`` take the typer-free path and print exactly what typer prints."""
    assert _fast.fast_call(args) is not None
    assert cli.main(args) == 0
    fast = capsys.readouterr()
    assert _typer_main(args) == 0
    slow = capsys.readouterr()
    assert fast.out == slow.out and fast.out
    assert fast.err == slow.err == ""


@pytest.fixture
def files(tmp_path: Path) -> dict[str, str]:
    (tmp_path / "E.csv").write_text("debtor,creditor,amount\na,b,20\na,c,10\nb,a,5\nb,c,24\n"
                                    "c,a,10\n")
    (tmp_path / "A.csv").write_text("id,value\na,10\nb,10\nc,10\n")
    (tmp_path / "S.csv").write_text("id,value\na,4\n")
    return {k: str(tmp_path / f"{k}.csv") for k in "EAS"}


@pytest.mark.parametrize("extra", [
    ["--json"], [], ["--model", "rv", "--alpha=0.5", "--beta", "0.9", "--json"],
    ["--model=debtrank", "--shock", "{S}", "--json"], ["--model", "furfine", "--lgd", ".6"]])
def test_fast_path_prints_what_typer_prints(capsys, files, extra):
    args = ["clear", "--liabilities", files["E"], "--assets", files["A"],
            *[a.format(**files) for a in extra]]
    _assert_fast_equals_typer(capsys, args)


@pytest.mark.parametrize("rest", [
    ["--help"], ["--liabilities", "x"],                       # help; a required option missing
    ["--liabilities", "x", "--assets", "y", "--model", "zz"],   # not a choice
    ["--liabilities", "x", "--assets", "y", "--alpha", "1_0"],  # not a number typer reads
    ["--liabilities", "x", "--assets", "y", "--alpha", "\u0663"],  # a digit typer refuses
    ["--liabilities", "x", "--assets", "y", "--assets", "z"],   # repeated
    ["--liabilities", "x", "--assets", "y", "--json=1"], ["--liabilities", "x", "--assets"],
    ["--liabilities", "x", "--assets", "y", "--bogus", "1"], ["--liabilities", "", "--assets", "y"]])
def test_anything_unusual_goes_to_typer(rest):
    assert _fast.fast_call(["clear", *rest]) is None


def test_parse_defaults_and_equals_form():
    kw = _fast.parse(_clear.OPTIONS, ["--assets=a.csv", "--liabilities", "l.csv", "--json"])
    assert kw == {"liabilities": Path("l.csv"), "assets": Path("a.csv"), "model": "en",
                  "alpha": 1.0, "beta": 1.0, "lgd": 1.0, "shock": None, "as_json": True}


def test_errors_on_the_fast_path(cli, files, tmp_path):
    code, out, err = cli("clear", "--liabilities", tmp_path / "missing.csv", "--assets",
                         files["A"], "--json")
    assert code == 2 and "missing.csv" in err and "Traceback" not in err and not out
    code, _, err = cli("clear", "--liabilities", files["E"], "--assets", files["A"],
                       "--model", "rv", "--alpha", "2")
    assert code == 2 and "alpha" in err


def test_plain_clear_imports_neither_typer_nor_pydantic(files):
    code = ("import sys; from capexloop.cli import main; "
            f"main(['clear', '--liabilities', {files['E']!r}, '--assets', {files['A']!r}, "
            "'--json']); print(sorted(m for m in ('typer', 'pydantic', 'rich', 'scipy', "
            "'pandas') if m in sys.modules), file=sys.stderr)")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert r.stderr.strip().splitlines()[-1] == "[]"
    assert '"model": "eisenberg_noe"' in r.stdout


@pytest.fixture
def prices(tmp_path: Path, monkeypatch) -> str:
    """Monthly prices with an episode: a random walk, 30 months of 6% growth, a fall."""
    monkeypatch.setenv("CAPEXLOOP_CACHE", str(tmp_path / "cache"))
    rng = np.random.default_rng(5)
    y = np.concatenate([100 + np.cumsum(rng.normal(0, 1, 120)), np.zeros(40)])
    y[120:150] = y[119] * 1.06 ** np.arange(1, 31)
    y[150:] = y[149] * 0.9 ** np.arange(1, 11)
    dates = np.arange("2000-01", "2013-05", dtype="datetime64[M]").astype("datetime64[D]")
    f = tmp_path / "p.csv"
    f.write_text("date,value\n" + "".join(f"{d},{v!r}\n" for d, v in
                                            zip(dates.astype(str), y.tolist(), strict=True)))
    return str(f)


@pytest.mark.parametrize("rest", [
    ["--dataset", "sp500"], ["--dataset", "sp500", "--json"],
    ["-d", "sp500", "--no-log", "--seed=0", "--cv", "mc"], ["--dataset", "nasdaq", "--lags", "1"],
    ["--csv", "{csv}", "--reps", "100", "--log"],
    ["--csv={csv}", "--lags", "2", "--ic", "bic", "--reps", "100", "--json"],
    ["--csv", "{csv}", "--freq", "M", "--min-window", "24", "--reps", "100", "--json"]])
def test_fast_bubble_prints_what_typer_prints(capsys, prices, rest):
    args = ["bubble", *[a.format(csv=prices) for a in rest]]
    assert _fast.fast_call(args) is not None
    assert cli.main(args) == 0            # fills the critical-value cache (a progress bar)
    capsys.readouterr()
    assert cli.main(args) == 0
    fast = capsys.readouterr()
    assert _typer_main(args) == 0
    slow = capsys.readouterr()
    assert fast.out == slow.out and "GSADF" in fast.out.upper()
    assert fast.err == slow.err == ""
    if "--csv" in rest and "--json" not in rest:
        assert "episodes (95%)" in fast.out        # the table is part of the comparison


@pytest.mark.parametrize("rest", [
    ["--help"], ["-d=sp500"], ["-dsp500"], ["-d"],              # short: only "-d VALUE"
    ["-d", "sp500", "--lags", "1.5"], ["-d", "sp500", "--lags", "\u0663"],   # not an int
    ["-d", "sp500", "--log=1"], ["-d", "sp500", "--log", "--no-log"],        # flag forms
    ["-d", "sp500", "--freq", "m"], ["-d", "sp500", "--ic", ""],             # not a choice
    ["-d", "sp500", "--dataset", "nasdaq"], ["-d", "sp500", "-x"], ["-d", "sp500", "extra"]])
def test_unusual_bubble_arguments_go_to_typer(rest):
    assert _fast.fast_call(["bubble", *rest]) is None


def test_parse_short_alias_negative_flag_and_int():
    from capexloop.cli import _bubble

    kw = _fast.parse(_bubble.OPTIONS, ["-d", "sp500", "--lags=-2", "--reps", "+30", "--no-log"])
    assert kw is not None
    assert (kw["dataset"], kw["lags"], kw["reps"], kw["log"], kw["min_window"], kw["freq"]) == (
        "sp500", -2, 30, False, None, "M")
    assert _fast.parse(_bubble.OPTIONS, ["--log"])["log"] is True  # type: ignore[index]


def test_bubble_errors_on_the_fast_path(cli):
    code, out, err = cli("bubble", "-d", "nope", "--json")
    assert code == 2 and "nope" in err and "Traceback" not in err and not out


@pytest.mark.parametrize("json_out", [False, True])
def test_plain_bubble_imports_neither_typer_nor_pydantic(tmp_path, json_out):
    """The table needs rich; JSON needs neither rich nor typer."""
    args = ["bubble", "--dataset", "sp500", *(["--json"] if json_out else [])]
    code = (f"import sys; from capexloop.cli import main; main({args!r}); "
            "print(sorted(m for m in ('typer', 'pydantic', 'rich', 'scipy', 'pandas', 'numba') "
            "if m in sys.modules), file=sys.stderr)")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                       env={**os.environ, "CAPEXLOOP_CACHE": str(tmp_path)})
    assert r.stderr.strip().splitlines()[-1] == ("[]" if json_out else "['rich']")
    assert ('"gsadf": 4.2068' if json_out else "episodes (95%)") in r.stdout


@pytest.mark.parametrize("rest", [
    ["--json"], [], ["-d", "telecom2000", "--max-len=3", "--top", "3", "--json"],
    ["--scope", "binding", "--rows", "2"], ["--dataset", "ai2025", "--as-of", "2025Q3", "--json"],
    ["--amount", "low", "--start", "2025-01-01", "--end=2025-12-31", "--json"]])
def test_fast_circularity_prints_what_typer_prints(capsys, rest):
    args = ["circularity", *rest]
    _assert_fast_equals_typer(capsys, args)


@pytest.mark.parametrize("rest", [
    ["--help"], ["--max-len", "2.5"], ["--top", "x"], ["-d", "ai2025", "-d", "ai2025"],
    ["--json=1"], ["--scope"], ["-d=ai2025"]])
def test_unusual_circularity_arguments_go_to_typer(rest):
    assert _fast.fast_call(["circularity", *rest]) is None


def test_circularity_errors_on_the_fast_path(cli, tmp_path):
    code, out, err = cli("circularity", "--db", tmp_path / "none.duckdb", "--json")
    assert code == 2 and "none.duckdb" in err and "Traceback" not in err and not out
    code, _, err = cli("circularity", "-d", "ai2025", "--amount", "middle")
    assert code == 2 and "--amount" in err


def test_plain_circularity_json_imports_neither_typer_nor_rich():
    code = ("import sys; from capexloop.cli import main; "
            "main(['circularity', '-d', 'ai2025', '--json']); "
            "print(sorted(m for m in ('typer', 'rich') if m in sys.modules), file=sys.stderr)")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert r.stderr.strip().splitlines()[-1] == "[]"
    assert '"round_trip"' in r.stdout


@pytest.mark.parametrize(("preset", "want"), [(None, "1"), ("3", "3")])
def test_serial_commands_ask_openblas_for_one_thread_unless_the_user_chose(files, preset, want):
    """``clear`` (LU under a one-thread limit) and ``bubble`` set OPENBLAS_NUM_THREADS=1 before
    numpy is imported, so OpenBLAS starts no idle threads; a value the user set stands."""
    import os

    code = ("import os, sys; from capexloop.cli import main; "
            f"main(['clear', '--liabilities', {files['E']!r}, '--assets', {files['A']!r}, "
            "'--json']); print(os.environ.get('OPENBLAS_NUM_THREADS'), file=sys.stderr)")
    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    if preset is not None:
        env["OPENBLAS_NUM_THREADS"] = preset
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                       env=env)
    assert r.stderr.strip().splitlines()[-1] == want
    assert set(_fast.SERIAL) <= set(_fast.FAST)
