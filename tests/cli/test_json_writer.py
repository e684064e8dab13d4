"""The ``--json`` writer: strict JSON of :func:`json_safe` of the object, indented one level per
nesting, a container of no containers on one line. Second method: ``json.dumps`` of
``json_safe(obj)`` with ``indent=1``, whose lines are then joined wherever a container holds
no container (written out below), checked on random nested documents (hypothesis)."""

from __future__ import annotations

import json
import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from capexloop.cli._json import json_safe, json_text


def _reference(obj) -> str:
    safe = json_safe(obj)

    def lay(x, pad):
        if isinstance(x, dict | list) and any(isinstance(v, dict | list) for v in (
                x.values() if isinstance(x, dict) else x)):
            sub = pad + " "
            if isinstance(x, dict):
                body = ",\n".join(sub + json.dumps(k) + ": " + lay(v, sub) for k, v in x.items())
                return "{\n" + body + "\n" + pad + "}"
            return "[\n" + ",\n".join(sub + lay(v, sub) for v in x) + "\n" + pad + "]"
        return json.dumps(x, separators=(", ", ": "), allow_nan=False, default=str)

    return lay(safe, "") + "\n"


_scalar = st.one_of(
    st.none(), st.booleans(), st.integers(-10**12, 10**12), st.text(max_size=5),
    st.floats(allow_nan=True, allow_infinity=True),
    st.floats(-1e6, 1e6).map(np.float64), st.integers(-99, 99).map(np.int64),
    st.booleans().map(np.bool_))
_key = st.one_of(st.text(max_size=4), st.integers(-5, 5), st.booleans())
_doc = st.recursive(_scalar, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.lists(inner, max_size=3).map(tuple),
    st.dictionaries(_key, inner, max_size=4)), max_leaves=25)


@settings(max_examples=300, deadline=None)
@given(_doc)
def test_writer_equals_the_reference(doc):
    text = json_text(doc)
    assert text == _reference(doc)
    json.loads(text)                                  # strict JSON


def test_nan_and_numpy_values_in_records():
    rows = [{"a": 1.5, "b": "x"}, {"a": math.nan, "b": None}, {"a": np.float64(2.0), "b": True},
            {"a": math.inf, 1: np.int64(3)}]
    assert json_text({"rows": rows}) == (
        '{\n "rows": [\n  {"a": 1.5, "b": "x"},\n  {"a": null, "b": null},\n'
        '  {"a": 2.0, "b": true},\n  {"a": null, "1": 3}\n ]\n}\n')
