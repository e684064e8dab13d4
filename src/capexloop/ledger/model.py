"""The ledger's data model: entities, typed deals, dated observations, events, parameters.

Money flows ``payer → payee``; goods and services flow the other way. Amounts are USD (not
billions), as a point or a ``low..high`` :class:`~capexloop.ledger.quantities.Range`, or unknown
(``None``, never zero). Every record carries its ``sources`` (``seed:B2``, ``sec:<accession>``,
``fred:<series>``, a URL).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from enum import StrEnum
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from .fields import (
    GW,
    Amount,
    DateField,
    Flag,
    GwSchedule,
    OptPeriod,
    Schedule,
    Slug,
    StrList,
    Text,
    TrimmedText,
    Value,
    YearsField,
    choice,
)

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
    "Qualifier",
    "Site",
    "SiteStatus",
    "Status",
    "TrancheBasis",
]

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
    loan = "loan"
    lease = "lease"
    revenue = "revenue"

    @property
    def is_financing(self) -> bool:
        return self in FINANCING_KINDS


FINANCING_KINDS = frozenset(
    {DealKind.equity, DealKind.warrant, DealKind.vendor_loan, DealKind.guarantee,
     DealKind.capacity_backstop, DealKind.loan}
)
GOODS_KINDS = frozenset(set(DealKind) - FINANCING_KINDS)


class Status(StrEnum):
    announced = "announced"
    committed = "committed"
    drawn = "drawn"
    cancelled = "cancelled"


class Qualifier(StrEnum):
    """How the source hedges a deal's amount: "up to", "about", "at least"."""

    up_to = "up_to"
    about = "about"
    at_least = "at_least"


class SiteStatus(StrEnum):
    announced = "announced"
    under_construction = "under_construction"
    operational = "operational"
    cancelled = "cancelled"


class TrancheBasis(StrEnum):
    """How a conditional commitment is drawn: per GW deployed, or per contractual milestone."""

    per_gw = "per_gw"
    milestone = "milestone"


def _basis(v: str) -> str:
    if v not in {"reported", "projected", "derived", "stated"}:
        raise ValueError(f"basis must be reported, projected, derived or stated, got {v!r}")
    return v


LayerField = choice(Layer, "layer", blank=Layer.other)
KindField = choice(DealKind, "deal kind")
StatusField = choice(Status, "status", blank=Status.announced)
TrancheBasisField = choice(TrancheBasis, "tranche basis", blank=None)
BasisField = Annotated[str, AfterValidator(_basis)]


def _underscored(v: Any) -> Any:
    """``"up to"``/``"up-to"`` → ``"up_to"`` before an enum lookup (blank stays blank)."""
    return v if v is None or not isinstance(v, str) else v.strip().replace(" ", "_").replace("-", "_")


QualifierField = Annotated[choice(Qualifier, "qualifier", blank=None), BeforeValidator(_underscored)]


def _site_status(v: Any) -> Any:
    if v is None or (isinstance(v, str) and not v.strip()):
        raise ValueError("status is required (announced, under_construction, operational, "
                         "cancelled)")
    return _underscored(v)


SiteStatusField = Annotated[choice(SiteStatus, "site status"), BeforeValidator(_site_status)]


class _Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Entity(_Record):
    """A firm or aggregate (e.g. ``clec_sector``) in one layer of the seed's Figure 11."""

    id: Slug
    name: str
    layer: LayerField = Layer.other
    aliases: StrList
    country: Text = ""
    sources: StrList
    notes: Text = ""


class Deal(_Record):
    """A typed, dated, sourced flow of money from ``payer`` to ``payee``.

    Financing kinds (equity, warrant, vendor_loan, guarantee, capacity_backstop, loan) are the
    dotted red arrows of the seed's Figure 11; goods/services kinds the solid blue ones (seed:E2).
    A ``loan`` is any credit facility, bond or private-credit/SPV debt (lender = payer, borrower
    = payee); a ``lease`` runs lessee → lessor; ``revenue`` is customer revenue a seller
    recognised from a named buyer (buyer → seller). ``qualifier`` records how the source hedged
    the amount ("up to", "about", "at least").
    ``derived_from`` says how an amount the source did not state was computed (e.g. GW × $/GW);
    ``supersedes`` lists deal ids this record replaces (a total over its tranches, or the reverse).

    Contract terms (read by :mod:`capexloop.ledger.contracts`): ``start`` (when payments or
    deliveries begin), ``term_years`` (contract length), ``conditionality`` (the source's words),
    ``tranche_basis`` (``per_gw`` or ``milestone``: the commitment is drawn in tranches and only
    drawn or due tranches are at risk), ``delivery_gw`` (GW delivered per year for GW-linked
    deals), ``holder`` (who holds the claim or instrument where not obvious, e.g. warrants) and
    ``maturity`` (loans: when the borrower repays the principal to the lender).
    """

    id: Slug
    kind: KindField
    payer: str
    payee: str
    amount_usd: Amount = None
    qualifier: QualifierField = None
    capacity_gw: GW = None
    announced: OptPeriod = None
    schedule: Schedule
    status: StatusField = Status.announced
    binding: Flag = False
    sources: StrList
    notes: Text = ""
    derived_from: Text = ""
    supersedes: StrList
    start: OptPeriod = None
    term_years: YearsField = None
    conditionality: TrimmedText = ""
    tranche_basis: TrancheBasisField = None
    delivery_gw: GwSchedule
    holder: TrimmedText = ""
    maturity: OptPeriod = None

    @model_validator(mode="after")
    def _rules(self) -> Deal:
        if self.payer == self.payee:
            raise ValueError(f"payer and payee are the same entity ({self.payer!r})")
        if self.maturity is not None and self.kind not in (DealKind.loan, DealKind.vendor_loan):
            raise ValueError(f"maturity is for loans, not a {self.kind.value} deal")
        return self

    @property
    def is_financing(self) -> bool:
        return self.kind in FINANCING_KINDS


class Site(_Record):
    """A data-centre site and its power capacity: who owns it, who uses it, how many GW.

    Capacity an owner builds for itself (no deal between two parties) lives here, so it counts
    in capacity totals (rule: :mod:`capexloop.ledger.capacity`). ``capacity_gw`` accepts
    gigawatts or a text with a unit (``"300 MW"``). ``covered_by`` names deals whose
    ``capacity_gw`` already includes this site's capacity (a lease or cloud contract for it),
    so the capacity is counted once.
    """

    id: Slug
    name: str
    owner: str
    users: StrList
    capacity_gw: GW = None
    status: SiteStatusField
    date: OptPeriod = None
    sources: StrList
    notes: Text = ""
    covered_by: StrList


class Observation(_Record):
    """One dated value of an entity's metric (revenue, loss, a share, a price) with its unit."""

    entity: str
    metric: str
    date: DateField
    value: Value
    unit: str
    basis: BasisField = "reported"
    sources: StrList
    notes: Text = ""


class Event(_Record):
    """A dated event: profit warning, capex cut, write-down, default, bankruptcy, restatement."""

    id: Slug
    date: DateField
    entity: str
    kind: str
    description: str
    value_usd: Amount = None
    sources: StrList
    notes: Text = ""


class Parameter(_Record):
    """A named modelling parameter with provenance (e.g. seed:E5's ~$40B of chips per GW)."""

    id: Slug
    value: float
    unit: str
    sources: StrList
    notes: Text = ""


def normalize_name(name: str) -> str:
    """Case- and punctuation-insensitive key: ``'Open AI, Inc.' → 'openai'``."""
    tokens = re.findall(r"[a-z0-9]+", str(name).lower())
    drop = {"inc", "corp", "corporation", "ltd", "llc", "plc", "co", "company", "the", "ag", "sa"}
    while len(tokens) > 1 and tokens[-1] in drop:
        tokens.pop()
    return "".join(tokens)


class Ledger(BaseModel):
    """Entities, deals, sites, observations, events and parameters, with referential checks."""

    model_config = ConfigDict(frozen=True)

    name: str = "ledger"
    entities: list[Entity] = Field(default_factory=list)
    deals: list[Deal] = Field(default_factory=list)
    observations: list[Observation] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    parameters: list[Parameter] = Field(default_factory=list)
    sites: list[Site] = Field(default_factory=list)
    #: the day the ledger was read as of (:func:`capexloop.ledger.asof.as_of`); None: as filed
    as_of: dt.date | None = None

    @model_validator(mode="after")
    def _refs(self) -> Ledger:
        from ..errors import LedgerValidationError

        for kind, recs in (("entity", self.entities), ("deal", self.deals),
                           ("event", self.events), ("parameter", self.parameters),
                           ("site", self.sites)):
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
        for site in self.sites:
            for d in site.covered_by:
                if d not in deal_ids:
                    raise LedgerValidationError(
                        f"site {site.id!r} is covered by unknown deal {d!r}", field="covered_by")
            for who in (site.owner, *site.users):
                if who not in ids:
                    raise LedgerValidationError(
                        f"site {site.id!r} names unknown entity {who!r}",
                        field="owner" if who == site.owner else "users")
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
                               *self.parameters, *self.sites]
        return {s for r in recs for s in r.sources}
