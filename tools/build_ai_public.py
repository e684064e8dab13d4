"""Rebuild the embedded ``ai-public`` dataset from staged, sourced YAML files.

    python tools/build_ai_public.py STAGING_DIR [--lenient]

STAGING_DIR holds ``deals/``, ``filings/`` and ``labs/`` with YAML files in the ledger's own
format (entities, deals, sites, observations, events). Earlier folders take precedence when two
files describe the same record (see :mod:`capexloop.ledger.assemble`). The merged, validated
ledger is written to ``src/capexloop/ledger/data/ai-public/`` one file per record type, and
the build log (merges, dropped duplicates, disagreements stored as ranges) to ``BUILD.md``.
``--lenient`` leaves invalid records out (listed in the log) instead of stopping.
"""

from __future__ import annotations

import sys
from pathlib import Path

from capexloop.ledger import load_dataset
from capexloop.ledger.assemble import assemble, write_split

OUT = Path(__file__).resolve().parents[1] / "src" / "capexloop" / "ledger" / "data" / "ai-public"
HEADER = """ai-public: the publicly reported AI compute financing network, 2023 to the latest date
with a source.
Deals among AI labs, hyperscalers, neoclouds, chip makers and financiers; company filings
(SEC XBRL values as filed, each citing its accession); private labs' reported finances.
Every record cites the page or filing it was read from. Built by tools/build_ai_public.py;
edit the staged sources and rebuild rather than editing this file by hand."""


def main(argv: list[str]) -> int:
    flags = [a for a in argv if a.startswith("--")]
    argv = [a for a in argv if not a.startswith("--")]
    if len(argv) != 1:
        print(__doc__)
        return 2
    root = Path(argv[0])
    files = [f for sub in ("deals", "filings", "labs") for f in sorted((root / sub).glob("*.yaml"))]
    strict = "--lenient" not in flags
    seeds = load_dataset("ai2025").entities   # the shared ids (openai, nvidia, …)
    asm = assemble(files, "ai-public", strict=strict, base_entities=seeds)
    led = asm.ledger()
    for old in OUT.glob("*.yaml"):
        old.unlink()
    write_split(led, OUT, HEADER)
    log = "\n".join(f"- {line}" for line in asm.log) or "- nothing merged"
    (OUT / "BUILD.md").write_text(
        "# ai-public build log\n\n"
        f"Built from {len(files)} staged files: {len(led.entities)} entities, "
        f"{len(led.deals)} deals, {len(led.observations)} observations, {len(led.events)} "
        f"events, {len(getattr(led, 'sites', []))} sites.\n\n{log}\n", encoding="utf-8")
    print(asm.summary())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
