"""Fixtures: a live Turnpike server, boto3 clients, raw signed HTTP, the aws CLI."""

from __future__ import annotations

import shutil

import pytest

from turnpike_harness import (AwsCli, TurnpikeServer, make_deployed_api, make_server, new_scratch_dir,
                              unique)


def _drop_database(srv: TurnpikeServer) -> None:
    if srv.database is not None:
        srv.database.drop()


def _keep_dirs() -> bool:
    import os
    return os.environ.get("TURNPIKE_KEEP_DATA") == "1"


@pytest.fixture(scope="session")
def server():
    """One server for the whole session (tests must not depend on global counts)."""
    root = new_scratch_dir()
    srv = make_server(root)
    try:
        srv.start()
    except RuntimeError as e:
        shutil.rmtree(root, ignore_errors=True)
        pytest.fail(str(e), pytrace=False)
    yield srv
    srv.stop()
    _drop_database(srv)
    if not _keep_dirs():
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def fresh_server():
    """A server of its own on a new data directory (restart and whole-state tests)."""
    root = new_scratch_dir()
    srv = make_server(root)
    try:
        srv.start()
    except RuntimeError as e:
        shutil.rmtree(root, ignore_errors=True)
        pytest.fail(str(e), pytrace=False)
    yield srv
    try:
        srv.stop()
    finally:
        srv.kill9()
        _drop_database(srv)
        if not _keep_dirs():
            shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def server_factory():
    """Start servers with custom options: server_factory(access_key=None, extra_args=(...))."""
    started = []

    def make(**kwargs) -> TurnpikeServer:
        srv = make_server(new_scratch_dir(), **kwargs)
        started.append(srv)
        return srv.start()

    yield make
    for srv in started:
        try:
            srv.stop()
        except RuntimeError:
            pass
        srv.kill9()
        _drop_database(srv)
        if not _keep_dirs():
            shutil.rmtree(srv.root, ignore_errors=True)


@pytest.fixture(scope="session")
def client(server):
    return server.client()


@pytest.fixture(scope="session")
def raw(server):
    """raw(method, path, body=b'', query=None, headers=None) -> RawResponse, SigV4-signed."""
    return server.raw


@pytest.fixture(scope="session")
def aws(server, tmp_path_factory):
    return AwsCli(server, tmp_path_factory.mktemp("awscli"))


@pytest.fixture
def deployed_api(client):
    return make_deployed_api(client)


@pytest.fixture
def api_key(client):
    return client.create_api_key(name=unique("key"), enabled=True)


@pytest.fixture
def name():
    return unique("n")


@pytest.fixture(autouse=True)
def _server_still_up(request):
    """After each test on the shared server, the process must still be running."""
    yield
    if "server" in request.fixturenames:
        srv = request.getfixturevalue("server")
        assert srv.proc is not None and srv.proc.poll() is None, \
            "turnpike died during this test:\n" + srv.logs()[-3000:]
