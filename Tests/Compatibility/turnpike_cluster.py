"""PostgreSQL for the cluster tests: a fresh database per test on the server the test run provides
(TURNPIKE_TEST_POSTGRES_URL, set by scripts/with-postgres), and a private cluster of its own for the
outage test, which stops and starts it."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from pathlib import Path
from typing import Optional
from urllib.parse import urlsplit, urlunsplit

import pg8000.native
import pytest


def server_url() -> str:
    """The superuser URL of the test run's PostgreSQL; fails (never skips) when it is missing."""
    url = os.environ.get("TURNPIKE_TEST_POSTGRES_URL")
    if not url:
        if os.environ.get("TURNPIKE_SKIP_POSTGRES") == "1":
            pytest.skip("TURNPIKE_SKIP_POSTGRES=1")
        pytest.fail("TURNPIKE_TEST_POSTGRES_URL is not set: run the suite under scripts/with-postgres "
                    "(scripts/test does), or set TURNPIKE_SKIP_POSTGRES=1", pytrace=False)
    return url


def _connect(url: str, database: Optional[str] = None):
    parts = urlsplit(url)
    return pg8000.native.Connection(user=parts.username, password=parts.password, host=parts.hostname,
                                    port=parts.port or 5432, database=database or parts.path.lstrip("/") or "postgres")


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, parts.fragment))


class Database:
    """A database created for one test and dropped afterwards."""

    def __init__(self, url: Optional[str] = None):
        self.server = url or server_url()
        self.name = "tp_" + uuid.uuid4().hex[:12]
        conn = _connect(self.server)
        conn.run(f"CREATE DATABASE {self.name}")
        conn.close()
        self.url = with_database(self.server, self.name)

    def query(self, sql: str):
        conn = _connect(self.server, self.name)
        try:
            return conn.run(sql)
        finally:
            conn.close()

    def drop(self):
        conn = _connect(self.server)
        try:
            conn.run(f"DROP DATABASE IF EXISTS {self.name} WITH (FORCE)")
        finally:
            conn.close()


class PrivateCluster:
    """A PostgreSQL cluster of the test's own (initdb into a temp dir, a free loopback port), which
    the test may stop and start; as root it runs as an unprivileged account, as scripts/with-postgres does."""

    def __init__(self):
        for tool in ("initdb", "pg_ctl"):
            if not shutil.which(tool):
                pytest.fail(f"{tool} is not on PATH (PostgreSQL's binaries are needed for the outage test)")
        self.dir = Path(tempfile.mkdtemp(prefix="turnpike-pg-outage-"))
        self.prefix = []
        if os.geteuid() == 0:
            owner = os.environ.get("TURNPIKE_PG_OS_USER") or ("postgres" if _user_exists("postgres") else "turnpikepg")
            if not _user_exists(owner):
                subprocess.run(["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", owner],
                               check=True)
            shutil.chown(self.dir, owner)
            gid = subprocess.run(["id", "-g", owner], capture_output=True, text=True, check=True).stdout.strip()
            self.prefix = ["setpriv", f"--reuid={owner}", f"--regid={gid}", "--clear-groups", "--"]
        self.password = uuid.uuid4().hex
        pwfile = self.dir / "pwfile"
        pwfile.write_text(self.password + "\n")
        if self.prefix:
            shutil.chown(pwfile, self.prefix[1].split("=", 1)[1])
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        subprocess.run(self.prefix + ["initdb", "-D", str(self.dir / "data"), "--username=postgres",
                                      f"--pwfile={pwfile}", "--auth=scram-sha-256", "--no-locale"],
                       check=True, capture_output=True)
        pwfile.unlink()
        self.url = f"postgres://postgres:{self.password}@127.0.0.1:{self.port}/postgres"
        self.running = False

    def start(self):
        subprocess.run(self.prefix + [
            "pg_ctl", "start", "-D", str(self.dir / "data"), "-l", str(self.dir / "postgres.log"), "-w", "-t", "60", "-s",
            "-o", f"-c listen_addresses=127.0.0.1 -c port={self.port} -c unix_socket_directories='{self.dir}'"],
            check=True, capture_output=True)
        self.running = True

    def stop(self, mode: str = "immediate"):
        if self.running:
            subprocess.run(self.prefix + ["pg_ctl", "stop", "-D", str(self.dir / "data"), "-m", mode, "-s"],
                           capture_output=True)
            self.running = False

    def remove(self):
        self.stop("fast")
        shutil.rmtree(self.dir, ignore_errors=True)


def _user_exists(name: str) -> bool:
    return subprocess.run(["id", name], capture_output=True).returncode == 0
