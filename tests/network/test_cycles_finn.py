"""Cycles against brute force (networkx) and the Finn index against a published example."""

import networkx as nx
import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from capexloop.errors import CapexloopError
from capexloop.ledger import Ledger, load_dataset
from capexloop.network import finn_cycling_index, money_cycles, simple_cycles_array


def _canon(cyc):
    i = cyc.index(min(cyc))
    return tuple(cyc[i:] + cyc[:i])


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 100_000), st.integers(1, 14), st.floats(0.05, 0.6), st.integers(0, 5))
def test_cycles_equal_networkx(seed, n, p, k):
    rng = np.random.default_rng(seed)
    A = (rng.random((n, n)) < p) * rng.integers(1, 100, (n, n))
    np.fill_diagonal(A, rng.integers(0, 2, n))  # self-loops must be ignored
    ours = {}
    for nodes, bott in simple_cycles_array(sp.csr_matrix(A), k):
        for row, b in zip(nodes, bott, strict=True):
            ours[tuple(row)] = b
    g = nx.DiGraph(A * (1 - np.eye(n, dtype=int)))
    ref = {}
    for c in (nx.simple_cycles(g, length_bound=k) if k >= 1 else []):
        if len(c) >= 2:
            c = _canon(c)
            ref[c] = min(A[c[i], c[(i + 1) % len(c)]] for i in range(len(c)))
    assert ours == ref


def test_cycle_arguments():
    with pytest.raises(CapexloopError):
        simple_cycles_array(sp.csr_matrix((2, 2)), -1)
    assert simple_cycles_array(sp.csr_matrix(np.array([[0, 1], [1, 0]])), 0) == []
    assert len(money_cycles(Ledger())) == 0


def test_ai2025_top_cycle():
    t = money_cycles(load_dataset("ai2025"), 4)
    assert set(t.cycles[0]) == {"openai", "nvidia"} and t.bottleneck[0] == 100e9
    known = t.bottleneck[~np.isnan(t.bottleneck)]
    assert list(known) == sorted(known, reverse=True)
    # cycles with a leg of unknown amount come after every known one
    unknown = np.isnan(t.bottleneck)
    assert not unknown[: len(known)].any() and unknown[len(known):].all()


def test_finn_cone_spring():
    """Cone Spring ecosystem (Tilly 1968; kcal m⁻² y⁻¹), the standard ENA example: FCI ≈ 0.092
    as reported by Finn (1980) and Allesina & Ulanowicz (2004)."""
    F = np.zeros((5, 5))
    F[0, 1], F[1, 2], F[1, 3], F[2, 1], F[2, 3] = 8881, 5205, 2309, 1600, 75
    F[3, 1], F[3, 4], F[4, 1] = 200, 370, 167
    res = finn_cycling_index(F, imports=np.array([11184, 635, 0, 0, 0.0]))
    assert res.fci == pytest.approx(0.092, abs=5e-4)
    assert res.throughflow.tolist() == [11184, 11483, 5205, 2384, 370]
    # without the imports the boundary rule T = max(in, out) misses the plants' input
    assert finn_cycling_index(F).throughflow[0] == 8881


def test_finn_first_return_identity():
    """Second method: (n_jj − 1)/n_jj is the probability that a unit leaving j returns to j;
    computed here by an absorbing-chain solve with j made absorbing."""
    rng = np.random.default_rng(3)
    F = rng.random((6, 6)) * (rng.random((6, 6)) < 0.5)
    np.fill_diagonal(F, 0)
    res = finn_cycling_index(F)
    T = res.throughflow
    G = F / T[:, None]
    for j in range(6):
        Gj = G.copy()
        Gj[:, j] = 0  # absorbed on return
        h = np.linalg.solve(np.eye(6) - Gj, G[:, j])  # prob. of reaching j from each node
        ret = G[j] @ h                                  # leave j, then reach j again
        assert res.node_cycling[j] == pytest.approx(ret, rel=1e-9, abs=1e-12)


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10_000), st.integers(2, 10))
def test_finn_bounds_dag_and_cycle(seed, n):
    rng = np.random.default_rng(seed)
    F = np.triu(rng.random((n, n)), 1) * (rng.random((n, n)) < 0.6)
    assert finn_cycling_index(F).fci == 0.0                  # acyclic: nothing cycles
    R = rng.random((n, n)) * (rng.random((n, n)) < 0.5)
    np.fill_diagonal(R, 0)
    assert 0.0 <= finn_cycling_index(R).fci <= 1.0
    ring = np.roll(np.eye(n), 1, axis=1)                     # pure cycle, vanishing input
    imports = np.zeros(n)
    imports[0] = 1e-9
    assert finn_cycling_index(ring, imports=imports).fci == pytest.approx(1.0, abs=1e-6)
