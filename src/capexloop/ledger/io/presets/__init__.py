"""Packaged import mappings for public datasets analysts use (``--preset NAME``).

Each preset is a YAML mapping (the sections of :class:`~capexloop.ledger.io.mapping.Mapping`)
with an ``about`` section naming the dataset, its licence, and the page or repository its
column names were read from. Rules a preset applies that are not in the data (a constant
status, a placeholder for a party the file does not name) are stated in ``about.rules``.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from ....errors import CapexloopError

__all__ = ["PRESETS", "preset_about", "preset_path"]

#: preset name → file in this package
PRESETS = {
    "epoch-funding-rounds": "epoch_funding_rounds.yaml",
    "epoch-data-centers": "epoch_data_centers.yaml",
    "tracker-edges": "tracker_edges.yaml",
}


def preset_path(name: str) -> Path:
    """The packaged YAML file of a preset; an unknown name is a user error listing the names."""
    if name not in PRESETS:
        raise CapexloopError(f"unknown preset {name!r} (one of: {', '.join(PRESETS)})",
                             field="--preset")
    return Path(str(resources.files(__name__).joinpath(PRESETS[name])))


def preset_about(name: str) -> dict:
    """A preset's ``about`` section (title, source, licence, column provenance, rules)."""
    import yaml

    doc = yaml.safe_load(preset_path(name).read_text(encoding="utf-8"))
    return dict(doc.get("about", {}))
