"""The README's quickstart, run as written: its aws CLI block and its curl block, against a fresh
server whose first start generated the admin credentials (as a newcomer's does). Keeps the README true."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import time
from pathlib import Path

from turnpike_harness import binary_path, free_port

README = Path(__file__).resolve().parents[2] / "README.md"


def code_block_after(heading: str) -> str:
    text = README.read_text()
    section = text[text.index(heading):]
    match = re.search(r"```sh\n(.*?)```", section, re.S)
    assert match, f"no sh block after {heading!r}"
    return match.group(1)


def wait_for_port(port: int, deadline: float) -> None:
    while time.time() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise AssertionError("turnpike did not start listening")


def test_quickstart_runs_as_written(tmp_path):
    port = free_port()
    quickstart = code_block_after("## Quickstart with the aws CLI")
    calling = code_block_after("## Calling a deployed API")
    value_line = re.search(r"\(`(VALUE=.*?)`\.\)", README.read_text()).group(1)
    assert quickstart.startswith("swift run turnpike serve &\n")
    script = "\n".join([
        "set -euo pipefail",
        quickstart.split("\n", 1)[1],           # the server is started below, from the built binary
        value_line,
        calling,
        # And the refusal the README promises:
        'curl -i http://127.0.0.1:4567/restapis/$API/prod/_user_request_/pets',
    ]).replace("4567", str(port))
    (tmp_path / "keys.csv").write_text("Name,Key,Enabled\nbob,readme-imported-key-0123456789,true\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "TURNPIKE_"))}
    env.update({"AWS_CONFIG_FILE": str(tmp_path / "no-config"), "AWS_PAGER": ""})
    log = open(tmp_path / "serve.log", "w")
    server = subprocess.Popen([str(binary_path()), "serve", "--port", str(port), "--data-dir",
                               str(tmp_path / "turnpike-data")], cwd=tmp_path, env=env,
                              stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_for_port(port, time.time() + 30)
        result = subprocess.run(["bash", "-c", script], cwd=tmp_path, env=env, capture_output=True,
                                text=True, timeout=300)
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
        out = result.stdout
        assert '"type": "API_KEY"' in out                          # create-usage-plan-key
        assert re.search(r'"items": \{\s*"\w+": \[\s*\[\s*0,\s*1000\s*\]', out)   # get-usage
        assert '"ids": [' in out and '"warnings": []' in out       # import-api-keys
        answers = re.findall(r"HTTP/1\.1 (\d{3})", out)
        assert answers == ["200", "200", "403"], out[-3000:]
        assert '{"message":"Forbidden"}' in out
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=15)
        log.close()
    logged = (tmp_path / "serve.log").read_text()
    secret = re.search(r"aws_secret_access_key = (\S+)", (tmp_path / "turnpike-data" / "credentials").read_text()).group(1)
    assert secret not in logged
