"""The ledger's data model: entities, typed deals, dated observations, events, parameters.

Money flows ``payer → payee``; goods and services flow the other way. Amounts are USD (not
billions), as a point or a ``low..high`` :class:`~capexloop.ledger.quantities.Range`, or unknown
(``None``, never zero). Every record carries its ``sources`` (``seed:B2``, ``sec:<accession>``,
``fred:<series>``, a URL).
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Iterable
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from .dates import Period, parse_period
from .quantities import Range, parse_amount, parse_number, parse_value

__all__ = [
    "FINANCING_KINDS",
    "GOODS_KINDS",
    "Deal",
    "DealKind",
    "Entity",
    "Event",
    "Layer",
    "Ledger",
    "Observation",
    "Parameter",
    "Status",
    "TrancheBasis",
]

_ID = re.compile(r"^[a-z0-9][a-z0-9_.\-]*$")


class Layer(StrEnum):
    model_provider = "model_provider"
    cloud = "cloud"
    semiconductor = "semiconductor"
    investor = "investor"
    carrier = "carrier"
    clec = "clec"
    equipment_vendor = "equipment_vendor"
    other = "other"


class DealKind(StrEnum):
    equity = "equity"
    warrant = "warrant"
    vendor_loan = "vendor_loan"
    guarantee = "guarantee"
    capacity_backstop = "capacity_backstop"
    compute_purchase = "compute_purchase"
    cloud_contract = "cloud_contract"
    chip_purchase = "chip_purchase"
    equipment_purchase = "equipment_purchase"

    @property
    def is_financing(self) -> bool:
        return self in FINANCING_KINDS


FINANCING_KINDS = frozenset(
    {DealKind.equity, DealKind.warrant, DealKind.vendor_loan, DealKind.guarantee,
     DealKind.capacity_backstop}
)
GOODS_KINDS = frozenset(set(DealKind) - FINANCING_KINDS)


class Status(StrEnum):
    announced = "announced"
    committed = "committed"
    drawn = "drawn"
    cancelled = "cancelled"


class TrancheBasis(StrEnum):
    """How a conditional commitment is drawn: per GW deployed, or per contractual milestone."""

    per_gw = "per_gw"
    milestone = "milestone"


def _choice(enum: type[StrEnum], value: Any, what: str) -> StrEnum:
    if isinstance(value, enum):
        return value
    text = str(value).strip().lower()
    try:
        return enum(text)
    except ValueError:
        options = [m.value for m in enum]
        near = difflib.get_close_matches(text, options, n=1, cutoff=0.5)
        hint = f"; did you mean {near[0]!r}?" if near else ""
        raise ValueError(
            f"unknown {what} {value!r} (one of: {', '.join(options)}){hint}"
        ) from None


def _str_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [s.strip() for s in value.split(";") if s.strip()]
    if isinstance(value, float) and math.isnan(value):
        return []
    return [str(s).strip() for s in value if str(s).strip()]


def _check_id(v: str) -> str:
    v = str(v).strip()
    if not _ID.match(v):
        raise ValueError(f"id {v!r} must be a lowercase slug (letters, digits, _ . -)")
    return v


class _Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    @field_validator("sources", mode="before", check_fields=False)
    @classmethod
    def _sources(cls, v: Any) -> list[str]:
        return _str_list(v)

    @field_validator("date", mode="before", check_fields=False)
    @classmethod
    def _date(cls, v: Any) -> Period:
        p = parse_period(v)
        if p is None:
            raise ValueError("date is required")
        return p

    @field_validator("notes", mode="before", check_fields=False)
    @classmethod
    def _notes(cls, v: Any) -> str:
        return "" if v is None or (isinstance(v, float) and math.isnan(v)) else str(v)


class Entity(_Record):
    """A firm or aggregate (e.g. ``clec_sector``) in one layer of the seed's Figure 11."""

    id: str
    name: str
    layer: Layer = Layer.other
    aliases: list[str] = Field(default_factory=list)
    country: str = ""
    sources: list[str] = Field(default_factory=list)
    notes: str = ""

    _id = field_validator("id")(classmethod(lambda cls, v: _check_id(v)))

    @field_validator("layer", mode="before")
    @classmethod
    def _layer(cls, v: Any) -> Layer:
        return Layer.other if v in (None, "") else _choice(Layer, v, "layer")

    @field_validator("aliases", mode="before")
    @classmethod
    def _aliases(cls, v: Any) -> list[str]:
        return _str_list(v)

    @field_validator("country", mode="before")
    @classmethod
    def _country(cls, v: Any) -> str:
        return "" if v is None or (isinstance(v, float) and math.isnan(v)) else str(v)


def _parse_schedule(v: Any) -> list[tuple[int, float]]:
    """``2026:10e9; 2027:20B`` or ``[[2026, 1e10], ...]`` or ``{2026: 1e10}`` → sorted pairs."""
    if v is None or v == "" or (isinstance(v, float) and math.isnan(v)):
        return []
    if isinstance(v, dict):
        items = list(v.items())
    elif isinstance(v, str):
        items = []
        for part in v.split(";"):
            if part.strip():
                y, sep, a = part.partition(":")
                if not sep:
                    raise ValueError(f"schedule entry {part.strip()!r} must be YEAR:AMOUNT")
                items.append((y, a))
    else:
        items = [tuple(x) if not isinstance(x, dict) else (x["year"], x["amount"]) for x in v]
    out = []
    for y, a in items:
        amt = parse_amount(a)
        if amt is None or not amt.is_point:
            raise ValueError(f"schedule amount for {y} must be one known number")
        out.append((int(str(y).strip()), amt.low))
    years = [y for y, _ in out]
    if len(set(years)) != len(years):
        raise ValueError("schedule lists a year twice")
    return sorted(out)


def _parse_gw_schedule(v: Any) -> list[tuple[int, float]]:
    """``2026:1; 2027:2.5`` or ``{2026: 1}`` → sorted ``(year, GW)`` pairs (GW, not dollars)."""
    if v is None or v == "" or (isinstance(v, float) and math.isnan(v)):
        return []
    if isinstance(v, dict):
        items = list(v.items())
    elif isinstance(v, str):
        items = []
        for part in v.split(";"):
            if part.strip():
                y, sep, a = part.partition(":")
                if not sep:
                    raise ValueError(f"delivery entry {part.strip()!r} must be YEAR:GW")
                items.append((y, a))
    else:
        items = [tuple(x) if not isinstance(x, dict) else (x["year"], x["gw"]) for x in v]
    out = []
    for y, a in items:
        text = str(a).strip()
        if "$" in text:
            raise ValueError(f"delivery for {y} looks like dollars; give gigawatts")
        g = float(re.sub(r"\s*gw$", "", text, flags=re.IGNORECASE))
        if not math.isfinite(g) or g < 0:
            raise ValueError(f"delivery for {y} must be a non-negative number of GW")
        out.append((int(str(y).strip()), g))
    years = [y for y, _ in out]
    if len(set(years)) != len(years):
        raise ValueError("delivery_gw lists a year twice")
    return sorted(out)


class Deal(_Record):
    """A typed, dated, sourced flow of money from ``payer`` to ``payee``.

    Financing kinds (equity, warrant, vendor_loan, guarantee, capacity_backstop) are the dotted red
    arrows of the seed's Figure 11; goods/services kinds the solid blue ones (seed:E2).
    ``derived_from`` says how an amount the source did not state was computed (e.g. GW × $/GW);
    ``supersedes`` lists deal ids this record replaces (a total over its tranches, or the reverse).

    Contract terms (read by :mod:`capexloop.ledger.contracts`): ``start`` (when payments or
    deliveries begin), ``term_years`` (contract length), ``conditionality`` (the source's words),
    ``tranche_basis`` (``per_gw`` or ``milestone``: the commitment is drawn in tranches and only
    drawn or due tranches are at risk), ``delivery_gw`` (GW delivered per year for GW-linked
    deals) and ``holder`` (who holds the claim or instrument where not obvious, e.g. warrants).
    """

    id: str
    kind: DealKind
    payer: str
    payee: str
    amount_usd: Range | None = None
    capacity_gw: float | None = None
    announced: Period | None = None
    schedule: list[tuple[int, float]] = Field(default_factory=list)
    status: Status = Status.announced
    binding: bool = False
    sources: list[str] = Field(default_factory=list)
    notes: str = ""
    derived_from: str = ""
    supersedes: list[str] = Field(default_factory=list)
    start: Period | None = None
    term_years: float | None = None
    conditionality: str = ""
    tranche_basis: TrancheBasis | None = None
    delivery_gw: list[tuple[int, float]] = Field(default_factory=list)
    holder: str = ""

    _id = field_validator("id")(classmethod(lambda cls, v: _check_id(v)))

    @field_validator("start", mode="before")
    @classmethod
    def _start(cls, v: Any) -> Period | None:
        return parse_period(v)

    @field_validator("term_years", mode="before")
    @classmethod
    def _term(cls, v: Any) -> float | None:
        if v is None or v == "" or (isinstance(v, float) and math.isnan(v)):
            return None
        v = float(str(v).strip()) if isinstance(v, str) else float(v)
        if not math.isfinite(v) or v <= 0 or v > 100:
            raise ValueError(f"term_years must be a number of years in (0, 100], got {v:g}")
        return v

    @field_validator("conditionality", "holder", mode="before")
    @classmethod
    def _text(cls, v: Any) -> str:
        return "" if v is None or (isinstance(v, float) and math.isnan(v)) else str(v).strip()

    @field_validator("tranche_basis", mode="before")
    @classmethod
    def _basis(cls, v: Any) -> TrancheBasis | None:
        return None if v in (None, "") else _choice(TrancheBasis, v, "tranche basis")

    @field_validator("delivery_gw", mode="before")
    @classmethod
    def _delivery(cls, v: Any) -> list[tuple[int, float]]:
        return _parse_gw_schedule(v)

    @field_validator("kind", mode="before")
    @classmethod
    def _kind(cls, v: Any) -> DealKind:
        return _choice(DealKind, v, "deal kind")

    @field_validator("status", mode="before")
    @classmethod
    def _status(cls, v: Any) -> Status:
        return Status.announced if v in (None, "") else _choice(Status, v, "status")

    @field_validator("amount_usd", mode="before")
    @classmethod
    def _amount(cls, v: Any) -> Range | None:
        return parse_amount(v)

    @field_validator("capacity_gw", mode="before")
    @classmethod
    def _gw(cls, v: Any) -> float | None:
        if v is None or v == "" or (isinstance(v, float) and math.isnan(v)):
            return None
        if isinstance(v, str):
            text = v.strip()
            if "$" in text or re.search(r"\d\s*(bn|[mbt])$", text, re.IGNORECASE):
                raise ValueError(f"capacity_gw {text!r} looks like dollars; give gigawatts")
            text = re.sub(r"\s*gw$", "", text, flags=re.IGNORECASE)
            v = parse_number(text)
        v = float(v)
        if not math.isfinite(v) or v < 0:
            raise ValueError(f"capacity_gw must be a non-negative number, got {v}")
        if v > 1e4:
            raise ValueError(
                f"capacity_gw {v:g} is above 10,000 GW (all US power is ~1,300 GW): "
                "it looks like dollars or watts; give gigawatts"
            )
        return v

    @field_validator("announced", mode="before")
    @classmethod
    def _announced(cls, v: Any) -> Period | None:
        return parse_period(v)

    @field_validator("schedule", mode="before")
    @classmethod
    def _schedule(cls, v: Any) -> list[tuple[int, float]]:
        return _parse_schedule(v)

    @field_validator("binding", mode="before")
    @classmethod
    def _binding(cls, v: Any) -> bool:
        if v is None or v == "" or (isinstance(v, float) and math.isnan(v)):
            return False
        if isinstance(v, str):
            t = v.strip().lower()
            if t in {"true", "yes", "1", "y"}:
                return True
            if t in {"false", "no", "0", "n"}:
                return False
            raise ValueError(f"binding must be true or false, got {v!r}")
        return bool(v)

    @field_validator("supersedes", mode="before")
    @classmethod
    def _supersedes(cls, v: Any) -> list[str]:
        return _str_list(v)

    @field_validator("derived_from", mode="before")
    @classmethod
    def _derived(cls, v: Any) -> str:
        return "" if v is None or (isinstance(v, float) and math.isnan(v)) else str(v)

    @model_validator(mode="after")
    def _rules(self) -> Deal:
        if self.payer == self.payee:
            raise ValueError(f"payer and payee are the same entity ({self.payer!r})")
        return self

    @property
    def is_financing(self) -> bool:
        return self.kind in FINANCING_KINDS


class Observation(_Record):
    """One dated value of an entity's metric (revenue, loss, a share, a price) with its unit."""

    entity: str
    metric: str
    date: Period
    value: Range
    unit: str
    basis: str = "reported"
    sources: list[str] = Field(default_factory=list)
    notes: str = ""

    @field_validator("value", mode="before")
    @classmethod
    def _value(cls, v: Any) -> Range:
        r = parse_value(v)
        if r is None:
            raise ValueError("value is required")
        return r

    @field_validator("basis")
    @classmethod
    def _basis(cls, v: str) -> str:
        if v not in {"reported", "projected", "derived", "stated"}:
            raise ValueError(f"basis must be reported, projected, derived or stated, got {v!r}")
        return v


class Event(_Record):
    """A dated event: profit warning, capex cut, write-down, default, bankruptcy, restatement."""

    id: str
    date: Period
    entity: str
    kind: str
    description: str
    value_usd: Range | None = None
    sources: list[str] = Field(default_factory=list)
    notes: str = ""

    _id = field_validator("id")(classmethod(lambda cls, v: _check_id(v)))

    @field_validator("value_usd", mode="before")
    @classmethod
    def _value(cls, v: Any) -> Range | None:
        return parse_amount(v)


class Parameter(_Record):
    """A named modelling parameter with provenance (e.g. seed:E5's ~$40B of chips per GW)."""

    id: str
    value: float
    unit: str
    sources: list[str] = Field(default_factory=list)
    notes: str = ""

    _id = field_validator("id")(classmethod(lambda cls, v: _check_id(v)))


def normalize_name(name: str) -> str:
    """Case- and punctuation-insensitive key: ``'Open AI, Inc.' → 'openai'``."""
    tokens = re.findall(r"[a-z0-9]+", str(name).lower())
    drop = {"inc", "corp", "corporation", "ltd", "llc", "plc", "co", "company", "the", "ag", "sa"}
    while len(tokens) > 1 and tokens[-1] in drop:
        tokens.pop()
    return "".join(tokens)


class Ledger(BaseModel):
    """Entities, deals, observations, events and parameters, with referential checks."""

    model_config = ConfigDict(frozen=True)

    name: str = "ledger"
    entities: list[Entity] = Field(default_factory=list)
    deals: list[Deal] = Field(default_factory=list)
    observations: list[Observation] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    parameters: list[Parameter] = Field(default_factory=list)

    @model_validator(mode="after")
    def _refs(self) -> Ledger:
        from ..errors import LedgerValidationError

        for kind, recs in (("entity", self.entities), ("deal", self.deals),
                           ("event", self.events), ("parameter", self.parameters)):
            seen: set[str] = set()
            for r in recs:
                if r.id in seen:
                    raise LedgerValidationError(f"duplicate {kind} id {r.id!r}", field="id")
                seen.add(r.id)
        ids = self.entity_ids
        for d in self.deals:
            for fld in ("payer", "payee"):
                if getattr(d, fld) not in ids:
                    raise LedgerValidationError(
                        f"deal {d.id!r} names unknown entity {getattr(d, fld)!r}", field=fld)
        for d in self.deals:
            if d.holder and d.holder not in ids:
                raise LedgerValidationError(
                    f"deal {d.id!r} names unknown holder {d.holder!r}", field="holder")
        deal_ids = {d.id for d in self.deals}
        for d in self.deals:
            for s in d.supersedes:
                if s not in deal_ids:
                    raise LedgerValidationError(
                        f"deal {d.id!r} supersedes unknown deal {s!r}", field="supersedes")
        for o in self.observations:
            if o.entity not in ids:
                raise LedgerValidationError(f"observation names unknown entity {o.entity!r}",
                                            field="entity")
        for e in self.events:
            if e.entity not in ids:
                raise LedgerValidationError(f"event {e.id!r} names unknown entity {e.entity!r}",
                                            field="entity")
        return self

    @property
    def entity_ids(self) -> set[str]:
        return {e.id for e in self.entities}

    def entity(self, key: str) -> Entity:
        """Find an entity by id or alias, ignoring case and punctuation."""
        from .matching import EntityMatcher

        return EntityMatcher(self.entities).entity(key)

    def active_deals(self, *, include_cancelled: bool = False) -> list[Deal]:
        """Deals not superseded by another record (and not cancelled unless asked)."""
        superseded = {s for d in self.deals for s in d.supersedes}
        return [d for d in self.deals if d.id not in superseded
                and (include_cancelled or d.status != Status.cancelled)]

    def parameter(self, pid: str) -> Parameter:
        for p in self.parameters:
            if p.id == pid:
                return p
        raise KeyError(pid)

    def observation(self, entity: str, metric: str, date: str | None = None
                    ) -> Observation | None:
        """The observation of ``entity.metric`` written as ``date`` (e.g. ``"2001"``), or the
        latest one when ``date`` is None; None when there is none."""
        if date is None:
            s = self.series(entity, metric)
            return s[-1] if s else None
        return next((o for o in self.observations if o.entity == entity and o.metric == metric
                     and str(o.date) == date), None)

    def series(self, entity: str, metric: str) -> list[Observation]:
        """Observations of one metric of one entity, ordered by date."""
        obs = [o for o in self.observations if o.entity == entity and o.metric == metric]
        return sorted(obs, key=lambda o: (o.date.start or o.date.end))

    def sources(self) -> set[str]:
        recs: Iterable[Any] = [*self.entities, *self.deals, *self.observations, *self.events,
                               *self.parameters]
        return {s for r in recs for s in r.sources}
