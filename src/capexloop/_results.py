"""Small shared result types: records with ``summary()``, ``to_dict()``, ``to_frame()`` and
``_repr_html_`` (the habit of arch and statsmodels results)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["ResultMixin", "Rows", "column_records", "records"]


class ResultMixin:
    """``_repr_html_`` from ``summary()``: results print the same in a notebook as in a shell."""

    def summary(self) -> str:  # pragma: no cover - overridden
        raise NotImplementedError

    def _repr_html_(self) -> str:
        import html

        return f"<pre>{html.escape(self.summary())}</pre>"


@dataclass(frozen=True)
class Rows(ResultMixin):
    """A titled list of records (one dict per row); ``to_dict()`` is the list itself."""

    title: str
    rows: tuple[dict[str, Any], ...]

    def to_dict(self) -> list[dict[str, Any]]:
        return [dict(r) for r in self.rows]

    def to_frame(self):
        import pandas as pd

        return pd.DataFrame(self.to_dict())

    def summary(self) -> str:
        if not self.rows:
            return f"{self.title}: none"
        return f"{self.title}\n" + self.to_frame().to_string(index=False)


def records(df) -> list[dict[str, Any]]:
    """A frame as JSON-ready records: missing values become ``None``."""
    return df.astype(object).where(df.notna(), None).to_dict(orient="records")


def column_records(cols: dict[str, Any]) -> list[dict[str, Any]]:
    """Columns of equal length as JSON-ready records (numpy scalars → Python, NaN → None)."""
    import numpy as np

    lists = []
    for v in cols.values():
        a = np.asarray(v)
        col = a.tolist()
        if a.dtype.kind == "f" and np.isnan(a).any():
            col = [None if x != x else x for x in col]
        lists.append(col)
    keys = list(cols)
    return [dict(zip(keys, row, strict=True)) for row in zip(*lists, strict=True)]
