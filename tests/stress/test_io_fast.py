"""The C-parser fast path of the ``clear`` readers gives exactly what the cell-by-cell reader
gives (the reference), and leaves every error and amount notation to it."""

from __future__ import annotations

import numpy as np
import pytest

import capexloop.stress.io as sio
from capexloop.errors import CapexloopError


def _slow(monkeypatch):
    monkeypatch.setattr(sio, "_fast_matrix", lambda *a: None)
    monkeypatch.setattr(sio, "_fast_edges", lambda *a: None)
    monkeypatch.setattr(sio, "_fast_vector", lambda *a: None)


def _write_matrix(path, M, ids):
    lines = ["id," + ",".join(ids)] + [ids[i] + "," + ",".join(repr(float(x)) for x in row)
                                       for i, row in enumerate(M)]
    path.write_text("\n".join(lines) + "\n")


def test_fast_and_slow_readers_agree(tmp_path, monkeypatch):
    rng = np.random.default_rng(3)
    n = 30
    M = rng.lognormal(0, 1, (n, n)) * (rng.random((n, n)) < 0.2)
    np.fill_diagonal(M, 0)
    ids = [f"b{i}" for i in range(n)]
    _write_matrix(tmp_path / "m.csv", M, ids)
    r, c = np.nonzero(M)
    (tmp_path / "e.csv").write_text("debtor,creditor,amount\n" + "".join(
        f"b{i},b{j},{float(M[i, j])!r}\n" for i, j in zip(r, c, strict=True)))
    (tmp_path / "v.csv").write_text("id,value\n" + "".join(f"b{i},{i * 1.5}\n" for i in range(n)))
    fast = [sio.read_liabilities(tmp_path / "m.csv"), sio.read_liabilities(tmp_path / "e.csv")]
    vfast = sio.read_vector(tmp_path / "v.csv", tuple(ids), "assets")
    _slow(monkeypatch)
    slow = [sio.read_liabilities(tmp_path / "m.csv"), sio.read_liabilities(tmp_path / "e.csv")]
    vslow = sio.read_vector(tmp_path / "v.csv", tuple(ids), "assets")
    for (fi, fL), (si, sL) in zip(fast, slow, strict=True):
        assert set(fi) == set(si)
        order = [fi.index(i) for i in si]
        np.testing.assert_array_equal(fL.toarray()[np.ix_(order, order)], sL.toarray())
    np.testing.assert_array_equal(vfast, vslow)


def test_amount_notation_and_errors_go_to_the_slow_reader(tmp_path):
    (tmp_path / "m.csv").write_text("id,a,b\na,0,$1.5B\nb,2,0\n")
    _, L = sio.read_liabilities(tmp_path / "m.csv")
    assert L.toarray()[0, 1] == 1.5e9
    (tmp_path / "bad.csv").write_text("id,a,b\na,0,x\nb,2,0\n")
    with pytest.raises(CapexloopError, match="cannot read 'x'") as ei:
        sio.read_liabilities(tmp_path / "bad.csv")
    assert ei.value.line == 2
    (tmp_path / "ragged.csv").write_text("id,a,b\na,0,1,7\nb,2,0\n")
    with pytest.raises(CapexloopError, match="row has 3 values"):
        sio.read_liabilities(tmp_path / "ragged.csv")


def test_fast_reader_handles_spaces_blank_lines_and_bom_like_the_slow_one(tmp_path, monkeypatch):
    """Cells with spaces, blank lines, a byte-order mark and a header-less vector: the
    whole-text reader gives what the csv-module reader gives."""
    (tmp_path / "e.csv").write_text("\ufeffdebtor, creditor ,amount\n a ,b, 2.5\n\nb,c,1e3\n"
                                    "c, a,0.5 \n a,b,1\n", encoding="utf-8")
    (tmp_path / "v.csv").write_text("a, 1\nb,2.5\n\nc ,0\n")
    ids, L = sio.read_liabilities(tmp_path / "e.csv")
    v = sio.read_vector(tmp_path / "v.csv", ids, "assets")
    _slow(monkeypatch)
    ids2, L2 = sio.read_liabilities(tmp_path / "e.csv")
    v2 = sio.read_vector(tmp_path / "v.csv", ids2, "assets")
    assert ids == ids2 == ("a", "b", "c")
    np.testing.assert_array_equal(L.toarray(), L2.toarray())
    np.testing.assert_array_equal(L.toarray(), [[0, 3.5, 0], [0, 0, 1e3], [0.5, 0, 0]])
    np.testing.assert_array_equal(v, v2)
    np.testing.assert_array_equal(v, [1, 2.5, 0])
