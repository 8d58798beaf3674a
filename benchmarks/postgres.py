"""A throwaway PostgreSQL server for the `due`-on-PostgreSQL row, started as `tests/test_postgres.py` does.

The server binaries (`initdb`, `pg_ctl`) are found on PATH or under Debian's
`/usr/lib/postgresql/*/bin`; the cluster is initialised into a fresh folder under /tmp (short enough
for its unix socket), started on a free port of 127.0.0.1 with trust authentication, and stopped and
deleted when the `with` block ends. As root, the server runs as the `postgres` system user (initdb
refuses root). The tests' copy is not imported: benchmarks must not depend on the test suite.

Unlike the tests' cluster, this one keeps PostgreSQL's default durability (fsync, full page writes,
synchronous commit): the row measures what a learner's server would do, not a test fixture's.
"""

from __future__ import annotations

import glob
import os
import pwd
import re
import shlex
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

USER = "flashcards"


def _version_key(directory: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", directory))


def server_binaries() -> tuple[Path, Path] | None:
    """(initdb, pg_ctl) from one installation, newest first, or None when no server is installed."""
    initdb = shutil.which("initdb")
    if initdb is not None:
        sibling = Path(initdb).resolve().parent / "pg_ctl"
        pg_ctl = str(sibling) if sibling.is_file() else shutil.which("pg_ctl")
        if pg_ctl is not None:
            return Path(initdb), Path(pg_ctl)
    for directory in sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=_version_key, reverse=True):
        if Path(directory, "initdb").is_file() and Path(directory, "pg_ctl").is_file():
            return Path(directory, "initdb"), Path(directory, "pg_ctl")
    return None


def _owner() -> pwd.struct_passwd | None:
    """The user to run the server as: ourselves, or the `postgres` system user when we are root."""
    if os.geteuid() != 0:
        return None
    try:
        return pwd.getpwnam("postgres")
    except KeyError:
        raise RuntimeError("running as root, and there is no `postgres` user to run the server as") from None


def _as_owner(argv: list[str], owner: pwd.struct_passwd | None) -> list[str]:
    if owner is None:
        return argv
    runuser = shutil.which("runuser") or shutil.which("runuser", path="/usr/sbin:/sbin")
    if runuser is not None:
        return [runuser, "-u", owner.pw_name, "--", *argv]
    return ["su", owner.pw_name, "-s", "/bin/sh", "-c", " ".join(map(shlex.quote, argv))]


def _run(argv: list[str], cwd: Path, what: str) -> None:
    # libpq and the server read PG* variables; this cluster is reached with explicit settings only.
    env = {key: value for key, value in os.environ.items() if not key.startswith("PG")}
    done = subprocess.run(argv, cwd=cwd, capture_output=True, text=True, timeout=60, check=False,
                          env={**env, "LC_ALL": "C", "LANG": "C"})
    if done.returncode != 0:
        raise RuntimeError(f"{what} failed ({done.returncode}): {done.stdout}{done.stderr}")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass(frozen=True)
class Server:
    """A running throwaway server on 127.0.0.1:port, trust authentication as `USER`."""

    port: int

    def create_database(self, name: str) -> str:
        """Create an empty database; its SQLAlchemy URL, as `FLASHCARDS_DATABASE_URL` takes it."""
        import psycopg

        with psycopg.connect(host="127.0.0.1", port=self.port, user=USER, dbname="postgres", autocommit=True,
                             connect_timeout=10) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
        return f"postgresql+psycopg://{USER}@127.0.0.1:{self.port}/{name}"


@contextmanager
def throwaway_server(binaries: tuple[Path, Path]) -> Iterator[Server]:
    """Initialise, start and finally stop and delete a cluster (about a second each way)."""
    initdb, pg_ctl = binaries
    owner = _owner()
    root = Path(tempfile.mkdtemp(prefix="flashcards-bench-pg-", dir="/tmp"))
    if owner is not None:
        os.chown(root, owner.pw_uid, owner.pw_gid)
    data, log = root / "data", root / "server.log"
    started = False
    try:
        _run(_as_owner([str(initdb), "-D", str(data), "-U", USER, "-A", "trust", "-E", "UTF8", "--locale=C",
                        "--no-sync"], owner), root, "initdb")
        for attempt in range(3):  # a free port can be taken between choosing and binding it
            port = _free_port()
            try:
                _run(_as_owner([str(pg_ctl), "-D", str(data), "-l", str(log), "-w", "-t", "30", "-o",
                                f"-h 127.0.0.1 -p {port} -k {root}", "start"], owner), root, "pg_ctl start")
            except RuntimeError:
                if attempt == 2:
                    raise
                continue
            started = True
            break
        yield Server(port)
    finally:
        try:
            if started:
                _run(_as_owner([str(pg_ctl), "-D", str(data), "-m", "fast", "-w", "stop"], owner), root,
                     "pg_ctl stop")
        finally:
            shutil.rmtree(root, ignore_errors=True)
