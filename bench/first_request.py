"""How long a freshly started web server takes to answer, as `scrutiny serve` starts it, against
how it started before the app was preloaded.

Run: uv run python bench/first_request.py [--repeat 3] [--workers 2] [--busy 0]

For each way of starting gunicorn, the script starts it on a free port against a throwaway
migrated SQLite database (static files collected), and measures:

- from start to the first 200 on ``/`` (which sends a visitor who is not signed in to the
  sign-in page: the redirect is followed), the figure a person opening Scrutiny waits for;
- then requests, ``--workers`` at a time, until each worker has answered once: the time until then,
  and the slowest first request of a worker (its own time, from gunicorn's access log);
- how many workers gunicorn killed for taking too long (``WORKER TIMEOUT``, after 30 s).

The two ways: *before*, each worker loading the app itself and importing every room on its first
request (``django.core.wsgi:get_wsgi_application()``, what ``scrutiny/wsgi.py`` held); *serve*,
``gunicorn_command`` of ``scrutiny serve``: ``--preload``, with ``scrutiny/wsgi.py`` importing
every room once in the master before it forks. ``--busy N`` keeps N processes spinning meanwhile,
to stand for a loaded machine. Each is started ``--repeat`` times; the median is printed. These are
figures to record (bench/README.md), not a budget.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import IO

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scrutiny.home.management.commands.serve import gunicorn_command

#: Longest wait for a server to answer at all.
GIVE_UP_SECONDS = 300
#: Each request in gunicorn's access log: the worker's process id, the status and the seconds taken.
ACCESS_FORMAT = "%(p)s %(s)s %(L)s"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _prepare(var_dir: Path) -> dict[str, str]:
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "scrutiny.settings",
        "SCRUTINY_VAR_DIR": str(var_dir),
        "DEBUG": "0",
        "SITE_URL": "http://127.0.0.1",
    }
    manage = [sys.executable, "-m", "scrutiny.cli", "manage"]
    for command in (["migrate", "-v0"], ["createcachetable", "-v0"], ["collectstatic", "--noinput", "-v0"]):
        subprocess.run([*manage, *command], env=environment, check=True, stdout=subprocess.DEVNULL)  # noqa: S603
    return environment


def _get(url: str) -> int:
    with urllib.request.urlopen(url, timeout=GIVE_UP_SECONDS) as response:  # noqa: S310 - our own local server
        return int(response.status)


def _one_start(
    command: list[str], environment: dict[str, str], url: str, workers: int
) -> tuple[float, float, float, int]:
    """Start the server and ask until every worker has answered once. The seconds from start to the
    first 200 and to every worker having answered, the slowest first request of a worker (gunicorn's
    own timing, from its access log), and how many workers gunicorn killed for taking too long."""
    with tempfile.TemporaryFile() as access, tempfile.TemporaryFile() as log:
        started = time.monotonic()
        server = subprocess.Popen(command, env=environment, stdout=access, stderr=log)  # noqa: S603
        try:
            while True:
                if time.monotonic() - started > GIVE_UP_SECONDS or server.poll() is not None:
                    raise RuntimeError(f"The server stopped, or did not answer within {GIVE_UP_SECONDS} s")
                try:
                    if _get(url) == 200:
                        break
                except urllib.error.HTTPError:
                    raise
                except (urllib.error.URLError, ConnectionError, TimeoutError):
                    time.sleep(0.05)
            first = time.monotonic() - started
            # One request per worker at a time, until each has answered (each is a fresh connection,
            # taken by whichever worker is free).
            with ThreadPoolExecutor(workers) as pool:
                for _ in range(100):
                    list(pool.map(_get, [url] * workers))
                    if len(_first_by_worker(access)) >= workers:
                        break
            every = time.monotonic() - started
        finally:
            server.terminate()
            server.wait(timeout=30)
        slowest = max(_first_by_worker(access).values())
        log.seek(0)
        killed = log.read().decode(errors="replace").count("WORKER TIMEOUT")
    return first, every, slowest, killed


def _first_by_worker(access: IO[bytes]) -> dict[str, float]:
    """Each worker's first request's seconds, from the access log (``ACCESS_FORMAT``)."""
    access.seek(0)
    found: dict[str, float] = {}
    for line in access.read().decode(errors="replace").splitlines():
        pid, _status, seconds = line.split()
        found.setdefault(pid, float(seconds))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--busy", type=int, default=0, help="processes kept spinning, for a loaded machine")
    options = parser.parse_args()
    busy = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(options.busy)]
    try:
        with tempfile.TemporaryDirectory(prefix="scrutiny-bench-first-") as folder:
            environment = _prepare(Path(folder))
            print(f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}, {options.busy} busy processes")
            print(
                f"{'':8} {'first 200 (s)':>14} {'every worker answered (s)':>26} "
                f"{'slowest first request of a worker (s)':>38} {'workers killed':>15}"
            )
            for name, preloaded in (("before", False), ("serve", True)):
                figures = []
                for _ in range(options.repeat):
                    port = _free_port()
                    # Not the default control socket, which another gunicorn on the machine may hold.
                    command = [
                        *gunicorn_command(host="127.0.0.1", port=port, workers=options.workers),
                        "--no-control-socket",
                        "--access-logformat",
                        ACCESS_FORMAT,
                    ]
                    if not preloaded:
                        command.remove("--preload")
                        command[command.index("scrutiny.wsgi:application")] = "django.core.wsgi:get_wsgi_application()"
                    figures.append(_one_start(command, environment, f"http://127.0.0.1:{port}/", options.workers))
                first, every, slowest = (statistics.median(f[i] for f in figures) for i in range(3))
                killed = sum(f[3] for f in figures)
                print(f"{name:8} {first:>14.2f} {every:>26.2f} {slowest:>38.2f} {killed:>15}")
    finally:
        for process in busy:
            process.kill()


if __name__ == "__main__":
    main()
