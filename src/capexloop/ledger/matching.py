"""Match what users call a firm ("Open AI", "NVIDIA Corp.") to an entity id."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping

from ..errors import UnknownEntityError
from .model import Entity, normalize_name

__all__ = ["CreatingMatcher", "EntityMatcher", "slugify"]


class EntityMatcher:
    """Look up entities by id, name or alias after :func:`normalize_name`.

    ``extra`` maps further spellings to ids (from a user's mapping file).
    """

    def __init__(self, entities: Iterable[Entity], extra: Mapping[str, str] | None = None):
        self._by_key: dict[str, Entity] = {}
        self._by_id: dict[str, Entity] = {}
        for e in entities:
            self._by_id[e.id] = e
            for name in (e.id, e.name, *e.aliases):
                self._by_key.setdefault(normalize_name(name), e)
        for name, eid in (extra or {}).items():
            if eid not in self._by_id:
                raise UnknownEntityError(f"mapping sends {name!r} to unknown entity id {eid!r}")
            self._by_key[normalize_name(name)] = self._by_id[eid]

    def entity(self, name: str) -> Entity:
        key = normalize_name(name)
        if key in self._by_key:
            return self._by_key[key]
        near = difflib.get_close_matches(key, list(self._by_key), n=1, cutoff=0.6)
        hint = f"; did you mean {self._by_key[near[0]].id!r}?" if near else ""
        raise UnknownEntityError(f"unknown entity {name!r}{hint}")

    def id(self, name: str) -> str:
        return self.entity(name).id


def slugify(name: str) -> str:
    """An entity id from a name: ``'Applied Digital Corp.' → 'applied-digital-corp'``."""
    return re.sub(r"[^a-z0-9]+", "-", str(name).lower()).strip("-") or "entity"


class CreatingMatcher:
    """An :class:`EntityMatcher` that creates an entity of ``layer`` for a name it does not
    know (``--new-entities LAYER``), recording each in :attr:`created` (in order)."""

    def __init__(self, matcher: EntityMatcher, layer: str):
        self._m = matcher
        self.layer = layer
        self.created: list[Entity] = []
        self._new: dict[str, str] = {}

    def id(self, name: str, layer: str | None = None) -> str:
        """The id of ``name``; an unknown name becomes an entity of ``layer`` (default: the
        matcher's layer)."""
        try:
            return self._m.id(name)
        except UnknownEntityError:
            key = normalize_name(name)
            if key not in self._new:
                taken = {e.id for e in self.created}
                eid = base = slugify(name)
                i = 2
                while eid in taken or self._known(eid):
                    eid, i = f"{base}-{i}", i + 1
                self.created.append(Entity(id=eid, name=str(name).strip(),
                                           layer=layer or self.layer,
                                           notes="created on import (--new-entities)"))
                self._new[key] = eid
            return self._new[key]

    def _known(self, eid: str) -> bool:
        try:
            self._m.entity(eid)
            return True
        except UnknownEntityError:
            return False
