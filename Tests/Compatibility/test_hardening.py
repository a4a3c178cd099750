"""The edges against the release binary: stalled unauthenticated admin uploads hold no memory,
idle sockets cannot take the gateway down, and timeouts apply on the admin listener too."""

from __future__ import annotations

import shutil
import socket
import time

import pytest

from turnpike_harness import make_server, new_scratch_dir


@pytest.fixture
def edge_server():
    root = new_scratch_dir()
    srv = make_server(root, extra_args=("--idle-timeout", "1s", "--header-timeout", "1s", "--max-connections", "2000"))
    srv.start()
    yield srv
    srv.stop()
    shutil.rmtree(root, ignore_errors=True)


def rss_kib(pid: int) -> int:
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise AssertionError("no VmRSS")


def test_stalled_unauthenticated_uploads_hold_no_memory(edge_server):
    head = (b"PUT /restapis/abc HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n"
            b"Content-Length: 10000000\r\n\r\n")
    sockets = []
    try:
        for _ in range(1000):
            s = socket.create_connection(("127.0.0.1", edge_server.port), timeout=10)
            s.sendall(head + b"x" * 4096)
            sockets.append(s)
        answers = []
        for s in sockets:
            data = b""
            while b"\r\n\r\n" not in data:
                chunk = s.recv(4096)
                if not chunk:
                    break
                data += chunk
            answers.append(data)
        assert all(a.startswith(b"HTTP/1.1 403") for a in answers), answers[0][:200]
        assert not any(b"100 Continue" in a for a in answers)
        assert rss_kib(edge_server.proc.pid) < 100 * 1024
    finally:
        for s in sockets:
            s.close()
    assert edge_server.alive()


def test_hundreds_of_idle_sockets_do_not_take_the_gateway_down(edge_server):
    sockets = [socket.create_connection(("127.0.0.1", edge_server.port), timeout=10) for _ in range(500)]
    try:
        # While they sit idle, others are served...
        assert edge_server.alive()
        # ...and the gateway closes them after the idle timeout (1 s here).
        deadline = time.monotonic() + 10
        closed = 0
        for s in sockets:
            s.settimeout(max(0.1, deadline - time.monotonic()))
            try:
                if s.recv(1) == b"":
                    closed += 1
            except (socket.timeout, ConnectionResetError):
                pass
        assert closed == len(sockets)
    finally:
        for s in sockets:
            s.close()
    assert edge_server.alive()


def test_a_partial_head_gets_408(edge_server):
    s = socket.create_connection(("127.0.0.1", edge_server.port), timeout=10)
    try:
        s.sendall(b"GET /apikeys HTTP/1.1\r\nHo")
        data = s.recv(4096)
        assert data.startswith(b"HTTP/1.1 408"), data
    finally:
        s.close()
