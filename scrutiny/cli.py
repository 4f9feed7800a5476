"""The `scrutiny` command: a thin wrapper around Django's management commands.

scrutiny demo [--port N] [--no-serve] [--debug]   set up a SQLite database with demo data and serve it
scrutiny serve [--port N] [--host H] [--debug]    gunicorn, the task worker and the daily scheduler
scrutiny workdays add DATE N | between START END
scrutiny clock list | due RULE DATE
scrutiny partnerships list [--format json]
scrutiny import cin FILE --partnership SLUG
scrutiny indicators show --partnership SLUG --year YYYY [--la CODE] [--format json|csv]
scrutiny import ssda903 FILES… --partnership SLUG --year YYYY [--la CODE]
scrutiny benchmarks load DIR | show --la CODE --year YYYY
scrutiny manage COMMAND …               any other Django management command
"""

from __future__ import annotations

import os
import sys

COMMANDS = {"demo", "serve", "workdays", "clock", "partnerships", "import", "indicators", "benchmarks"}


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "scrutiny.settings")
    if "--debug" in args:
        # Settings are read once, when Django starts: DEBUG must be in the environment before.
        os.environ["DEBUG"] = "1"
    from django.core.management import execute_from_command_line

    if not args or args[0] in {"-h", "--help", "help"}:
        print(__doc__)
        return
    command, rest = args[0], args[1:]
    if command == "manage":
        execute_from_command_line(["scrutiny manage", *rest])
    elif command in COMMANDS:
        execute_from_command_line(["scrutiny", command, *rest])
    else:
        print(f"scrutiny: unknown command {command!r}.\n{__doc__}", file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main()
