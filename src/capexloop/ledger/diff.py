"""What changed between two ledgers, or one ledger at two dates.

Deals are compared by id and through ``supersedes``:

* **new** — a deal in the later ledger that is not in the earlier one and replaces nothing;
* **superseded** — an active earlier deal replaced by a later record (restructuring, upsizing,
  tranche); the amount change is ``new − old`` (summed over the records replaced);
* **cancelled** — a deal now cancelled (its own status, or a cancelling record that
  supersedes it; the deal replaced may itself be new in the later ledger);
* **changed** — the same id with different fields (amount, status, binding, GW, dates …);
* **removed** — a deal id of the earlier ledger that the later one no longer has.

Observations are compared by (entity, metric, date): new ones and changed values.
``diff_dates(ledger, d1, d2)`` compares :func:`~capexloop.ledger.asof.as_of` cuts.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from .asof import as_of, parse_as_of
from .model import Deal, Ledger, Status
from .quantities import format_usd

__all__ = ["DealChange", "LedgerDiff", "diff_dates", "diff_ledgers"]

_FIELDS = ("kind", "payer", "payee", "amount_usd", "capacity_gw", "announced", "status",
           "binding", "schedule", "start", "term_years", "conditionality", "holder",
           "supersedes")


@dataclass(frozen=True)
class DealChange:
    """One line of a diff: ``what`` ∈ new | superseded | cancelled | changed | removed."""

    what: str
    deal: str
    payer: str
    payee: str
    kind: str
    before: str = ""
    after: str = ""
    replaces: tuple[str, ...] = ()
    amount_change: float | None = None
    fields: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        return {k: (list(v) if isinstance(v, tuple) else v) for k, v in self.__dict__.items()}


@dataclass(frozen=True)
class LedgerDiff:
    before: str
    after: str
    changes: tuple[DealChange, ...]
    observations_new: tuple[str, ...] = field(default=())
    observations_changed: tuple[str, ...] = field(default=())

    def of(self, what: str) -> list[DealChange]:
        return [c for c in self.changes if c.what == what]

    @property
    def empty(self) -> bool:
        return not (self.changes or self.observations_new or self.observations_changed)

    def counts(self) -> dict[str, int]:
        out = {w: len(self.of(w)) for w in ("new", "superseded", "cancelled", "changed",
                                            "removed")}
        out |= {"observations_new": len(self.observations_new),
                "observations_changed": len(self.observations_changed)}
        return out

    def to_frame(self) -> pd.DataFrame:
        cols = list(DealChange.__dataclass_fields__)
        return pd.DataFrame([c.to_dict() for c in self.changes], columns=cols)

    def to_dict(self) -> dict:
        return {"before": self.before, "after": self.after, "counts": self.counts(),
                "changes": [c.to_dict() for c in self.changes],
                "observations_new": list(self.observations_new),
                "observations_changed": list(self.observations_changed)}

    def summary(self) -> str:
        c = self.counts()
        lines = [f"{self.before} → {self.after}: {c['new']} new, {c['superseded']} superseded, "
                 f"{c['cancelled']} cancelled, {c['changed']} changed, {c['removed']} removed "
                 f"deals; {c['observations_new']} new and {c['observations_changed']} changed "
                 "observations"]
        for ch in self.changes:
            head = f"  {ch.what:<10} {ch.deal}: {ch.payer} → {ch.payee} ({ch.kind})"
            if ch.what == "new":
                head += f" {ch.after}"
            elif ch.what in ("superseded", "cancelled") and ch.replaces:
                head += f" replaces {', '.join(ch.replaces)}: {ch.before} → {ch.after}"
            elif ch.what == "changed":
                head += f" {', '.join(ch.fields)}: {ch.before} → {ch.after}"
            elif ch.what in ("removed", "cancelled"):
                head += f" {ch.before}"
            if ch.amount_change:
                head += f" (Δ {'+' if ch.amount_change > 0 else '−'}"\
                        f"{format_usd(abs(ch.amount_change))})"
            lines.append(head)
        return "\n".join(lines)

    __str__ = summary


def _label(d: Deal) -> str:
    parts = [format_usd(d.amount_usd) if d.amount_usd else "amount unknown"]
    if d.capacity_gw:
        parts.append(f"{d.capacity_gw:g} GW")
    parts.append(d.status.value)
    return ", ".join(parts)


def _value(v) -> str:
    return "" if v is None else str(v)


def diff_ledgers(a: Ledger, b: Ledger) -> LedgerDiff:
    """Changes from ledger ``a`` (earlier) to ledger ``b`` (later)."""
    da, db = {d.id: d for d in a.deals}, {d.id: d for d in b.deals}
    active_a = {d.id for d in a.active_deals(include_cancelled=True)}
    replaced_in_b: dict[str, list[str]] = {}
    for d in b.deals:
        for s in d.supersedes:
            replaced_in_b.setdefault(d.id, []).append(s)
    changes: list[DealChange] = []
    for d in b.deals:
        if d.id in da:
            old = da[d.id]
            diff = [f for f in _FIELDS if _value(getattr(old, f)) != _value(getattr(d, f))]
            if not diff:
                continue
            amt = (d.amount_usd.mid - old.amount_usd.mid
                   if d.amount_usd and old.amount_usd and "amount_usd" in diff else None)
            what = ("cancelled" if d.status == Status.cancelled and old.status != Status.cancelled
                    else "changed")
            changes.append(DealChange(what, d.id, d.payer, d.payee, d.kind.value,
                                      before="; ".join(_value(getattr(old, f)) for f in diff),
                                      after="; ".join(_value(getattr(d, f)) for f in diff),
                                      amount_change=amt, fields=tuple(diff),
                                      sources=tuple(d.sources)))
            continue
        # the records it replaces: active at the earlier date, or new in the later ledger
        olds = [da[s] if s in da else db[s] for s in replaced_in_b.get(d.id, [])
                if s in active_a or (s not in da and s in db)]
        if olds:
            what = "cancelled" if d.status == Status.cancelled else "superseded"
            known = [o.amount_usd.mid for o in olds if o.amount_usd]
            amt = None
            if what == "cancelled" and known:
                amt = -sum(known)
            elif d.amount_usd and known and len(known) == len(olds):
                amt = d.amount_usd.mid - sum(known)
            changes.append(DealChange(what, d.id, d.payer, d.payee, d.kind.value,
                                      before="; ".join(_label(o) for o in olds), after=_label(d),
                                      replaces=tuple(o.id for o in olds), amount_change=amt,
                                      sources=tuple(d.sources)))
        elif not (set(replaced_in_b.get(d.id, [])) & set(da)):
            changes.append(DealChange("new", d.id, d.payer, d.payee, d.kind.value,
                                      after=_label(d), amount_change=d.amount_usd.mid
                                      if d.amount_usd and d.status != Status.cancelled else None,
                                      sources=tuple(d.sources)))
    for i, d in da.items():
        if i not in db:
            changes.append(DealChange("removed", i, d.payer, d.payee, d.kind.value,
                                      before=_label(d)))
    oa = {(o.entity, o.metric, str(o.date)): o for o in a.observations}
    ob = {(o.entity, o.metric, str(o.date)): o for o in b.observations}
    new_obs = tuple(sorted(f"{k[0]}.{k[1]}@{k[2]}" for k in ob.keys() - oa.keys()))
    changed_obs = tuple(sorted(f"{k[0]}.{k[1]}@{k[2]}: {oa[k].value} → {ob[k].value}"
                               for k in ob.keys() & oa.keys() if oa[k].value != ob[k].value))
    return LedgerDiff(a.name, b.name, tuple(changes), new_obs, changed_obs)


def diff_dates(ledger: Ledger, before: object, after: object) -> LedgerDiff:
    """What changed in ``ledger`` between the end of ``before`` and the end of ``after``."""
    d1, d2 = parse_as_of(before), parse_as_of(after)
    return diff_ledgers(as_of(ledger, d1), as_of(ledger, d2))


def ledger_diff_between(ledger: Ledger, *, against: str | None = None, since=None,
                        until=None) -> LedgerDiff:
    """The diff a user asks for: ``ledger`` → ``against`` (a dataset name or a ledger file),
    or ``ledger`` between the dates ``since`` and ``until`` (default today)."""
    import datetime as dt
    from pathlib import Path

    from ..errors import CapexloopError

    if (against is None) == (since is None):
        raise CapexloopError("give either --against LEDGER or --from DATE (and --to DATE)",
                             field="--against")
    if against is not None:
        from .datasets import DATASETS, load_dataset
        from .io import read_ledger

        later = (load_dataset(against) if against in DATASETS
                 else read_ledger(Path(against), name=Path(against).stem))
        return diff_ledgers(ledger, later)
    return diff_dates(ledger, since, until or dt.date.today().isoformat())
