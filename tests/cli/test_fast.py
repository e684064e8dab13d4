"""The typer-free path of plain commands (:mod:`capexloop.cli._fast`): its option table is the
typer declaration's, it gives byte-identical output, and it hands anything unusual to typer."""

from __future__ import annotations

import subprocess
import sys
from enum import Enum
from pathlib import Path

import pytest

from capexloop import cli
from capexloop.cli import _clear, _fast, _typer_main


def test_clear_options_are_the_typer_declaration():
    import typer

    from capexloop.stress.run import MODELS

    assert _clear.MODELS == MODELS
    cli.register(["clear"])
    cmd = typer.main.get_command(cli.app).commands["clear"]  # type: ignore[attr-defined]
    declared = {}
    for p in cmd.params:
        ann = p.type_descriptor.annotation
        kind = ("flag" if p.is_flag and ann is bool else
                tuple(m.value for m in ann) if isinstance(ann, type) and issubclass(ann, Enum)
                else {Path: "path", float: "float"}.get(ann, repr(ann)))
        default = p.default.value if isinstance(p.default, Enum) else p.default
        assert len(p.opts) == 1 and not p.secondary_opts and not p.multiple
        declared[p.opts[0]] = (p.name, kind, _fast.REQUIRED if p.required else default)
    ours = {o.name: (o.dest, o.kind, o.default) for o in _clear.OPTIONS}
    assert ours == declared


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
    assert _fast.fast_call(args) is not None
    assert cli.main(args) == 0
    fast = capsys.readouterr()
    assert _typer_main(args) == 0
    slow = capsys.readouterr()
    assert fast.out == slow.out and fast.out
    assert fast.err == slow.err == ""


@pytest.mark.parametrize("rest", [
    ["--help"], ["--liabilities", "x"],                       # help; a required option missing
    ["--liabilities", "x", "--assets", "y", "--model", "zz"],   # not a choice
    ["--liabilities", "x", "--assets", "y", "--alpha", "1_0"],  # not a number typer reads
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
