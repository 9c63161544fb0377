"""A PostgreSQL cluster of one's own: `initdb` in a temporary folder, its own port, `pg_ctl`.

The outage test and the load test's `restart` mode stop and start the database under a running
Validera; they do it to a cluster they made themselves, never to the machine's shared server.

    with Cluster.started() as cluster:
        cluster.create_database("validera")
        url = cluster.url("validera")
        cluster.restart()

Run as root (as in a container), the server runs as the `postgres` account, which owns the
folder: PostgreSQL refuses to run as root.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

SERVER_ACCOUNT = "postgres"


def binaries() -> Path | None:
    """The folder of the newest installed initdb and pg_ctl, or None when there is none."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=_version)
    if found:
        return Path(found[-1]).parent
    on_path = shutil.which("initdb")
    return Path(on_path).parent if on_path else None


def _version(path: str) -> float:
    try:
        return float(Path(path).parent.parent.name)
    except ValueError:
        return 0.0


def why_not() -> str | None:
    """Why no cluster can be made here (None when one can)."""
    if binaries() is None:
        return "the PostgreSQL server (initdb, pg_ctl) is not installed"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam(SERVER_ACCOUNT)
        except KeyError:
            return f"run as root, and there is no {SERVER_ACCOUNT!r} account to run the server"
    return None


def free_port() -> int:
    """A TCP port nothing listens on just now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Cluster:
    """One PostgreSQL cluster in `folder` (data, log and socket), listening on 127.0.0.1:`port`
    and trusting local connections as `postgres`."""

    def __init__(self, folder: Path, port: int | None = None) -> None:
        self.folder = folder
        self.port = port or free_port()
        self.data = folder / "data"
        self.log = folder / "server.log"
        self.bin = binaries()
        if self.bin is None:
            raise RuntimeError(why_not())

    @classmethod
    @contextmanager
    def started(cls, port: int | None = None, *, durable: bool = True) -> Iterator[Cluster]:
        """A new cluster in a temporary folder, started; stopped and removed at the end.
        `durable=False` turns fsync off (tests that do not lose power)."""
        folder = Path(tempfile.mkdtemp(prefix="validera-pg-"))
        cluster = cls(folder, port)
        try:
            cluster.init(durable=durable)
            cluster.start()
            yield cluster
        finally:
            cluster.stop(missing_ok=True)
            shutil.rmtree(folder, ignore_errors=True)

    def _run(self, *command: str, timeout: float = 120) -> None:
        owner = ["runuser", "-u", SERVER_ACCOUNT, "--"] if os.geteuid() == 0 else []
        subprocess.run(  # noqa: S603 - the installed server's own programs, our arguments
            [*owner, str(self.bin / command[0]), *command[1:]],
            check=True,
            timeout=timeout,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )

    def init(self, *, durable: bool = True) -> None:
        """initdb, then the settings: our port, TCP on 127.0.0.1, the socket in our folder."""
        if os.geteuid() == 0:
            account = pwd.getpwnam(SERVER_ACCOUNT)
            os.chown(self.folder, account.pw_uid, account.pw_gid)
        self._run(
            "initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8",
            "--locale=C.UTF-8", "--no-sync",
        )  # fmt: skip
        settings = {
            "port": str(self.port),
            "listen_addresses": "'127.0.0.1'",
            "unix_socket_directories": f"'{self.folder}'",
            "max_connections": "100",
            "fsync": "on" if durable else "off",
            "logging_collector": "off",
        }
        with (self.data / "postgresql.conf").open("a") as conf:
            conf.writelines(f"{name} = {value}\n" for name, value in settings.items())

    def start(self) -> None:
        """Start the server and wait until it accepts connections."""
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-t", "60", "start")

    def stop(self, *, missing_ok: bool = False) -> None:
        """Stop the server ("fast": open connections are ended, as in a restart by an
        operator) and wait until it is down."""
        if missing_ok and not (self.data / "postmaster.pid").exists():
            return
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "-t", "60", "stop")

    def restart(self) -> float:
        """Stop and start again; the seconds the server was down."""
        self.stop()
        down = time.monotonic()
        self.start()
        return time.monotonic() - down

    def url(self, database: str = "postgres") -> str:
        """SQLAlchemy's URL of `database` in this cluster."""
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        """Create `name` (empty); its URL."""
        import psycopg

        with psycopg.connect(
            host="127.0.0.1", port=self.port, user="postgres", dbname="postgres", autocommit=True
        ) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)
