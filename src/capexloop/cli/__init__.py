"""The ``capexloop`` command line (typer + rich).

One module per command group; each command parses its options, calls one library function and
renders the result (``--json`` prints the result's ``to_dict()``). Library modules are imported
inside the commands, so ``capexloop --help`` loads neither pandas nor scipy, and a command
imports and builds only its own module's commands (:data:`COMMANDS`).
"""

from __future__ import annotations

import importlib
import sys
from typing import Any

__all__ = ["COMMANDS", "MODULES", "app", "main"]

#: The command modules, in the order of ``capexloop --help``.
MODULES = ("bubble", "data", "economics", "forensics", "ledger", "network", "report", "stress")
#: Each top-level command and the module that registers it.
COMMANDS = {"bubble": "bubble", "datasets": "data", "seeds": "data", "breakeven": "economics",
            "roadmap": "economics", "monitor": "economics", "forensics": "forensics",
            "sec": "forensics", "ledger": "ledger", "circularity": "network", "map": "network",
            "history": "network",
            "dashboard": "report", "report": "report", "clear": "stress", "stress": "stress"}


def __getattr__(name: str) -> Any:
    if name == "app":                      # typer is imported only when a command needs it
        from ._app import app

        return app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def register(args: list[str]) -> None:
    """Import the module of the command ``args`` names, or every module (help, a typo)."""
    first = args[0] if args else None
    for name in ((COMMANDS[first],) if first in COMMANDS else MODULES):
        importlib.import_module(f".{name}", __name__)


def _typer_main(args: list[str]) -> int:
    """Run ``args`` through typer; its own exits, aborts and usage errors become exit codes."""
    import typer

    from ._app import app

    try:
        register(args)
        code = typer.main.get_group(app)(args=args, prog_name="capexloop",
                                         standalone_mode=False)
    except typer.Exit as e:
        return int(getattr(e, "exit_code", 0) or 0)
    except typer.Abort:
        raise KeyboardInterrupt from None
    except typer.TyperException as e:  # usage errors: typer prints its own message
        e.show()  # type: ignore[attr-defined]
        return int(getattr(e, "exit_code", 2))
    return code if isinstance(code, int) else 0


def main(argv: list[str] | None = None) -> int:
    """Entry point: user errors → one red ``file:line: field: message`` line and exit 2.

    Commands of :data:`capexloop.cli._fast.FAST` given plain options run without typer."""
    from ..errors import CapexloopError
    from ._fast import fast_call

    debug = "--debug" in (argv if argv is not None else sys.argv[1:])
    args = [a for a in (argv if argv is not None else sys.argv[1:]) if a != "--debug"]
    try:
        call = fast_call(args)
        if call is None:
            return _typer_main(args)
        fn, kw = call
        fn(**kw)
        return 0
    except CapexloopError as err:
        from .._console import err_console

        err_console.print(f"[red]{err}[/]", markup=True, highlight=False)
        return 2
    except KeyboardInterrupt:
        from .._console import err_console

        err_console.print("[red]aborted[/]")
        return 130
    except Exception as err:  # an internal error: say so, traceback only with --debug
        if debug:
            raise
        from .._console import err_console

        err_console.print(f"[red]internal error: {type(err).__name__}: {err}[/] "
                          "(run with --debug for the traceback)")
        return 1


def _entry() -> None:
    sys.exit(main())
