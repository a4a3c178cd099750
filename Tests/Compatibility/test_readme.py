"""The README's quickstart, run verbatim: its aws CLI block, then its curl block, in one fresh bash
(no AWS_* or TURNPIKE_* settings of the caller), as a newcomer pastes them at the repository's root.

The blocks start the server themselves (`swift run turnpike serve &`) and wait for it. The shell runs
in a scratch directory inside the repository (SwiftPM finds the package from there, and
./turnpike-data and keys.csv land in the scratch directory); TURNPIKE_PORT gives the server a free
port so that other runs on the machine holding 4567 do not matter. The blocks read the port back
from <data-dir>/aws-config, so neither needs changing."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from turnpike_harness import cluster_mode, free_port

REPO = Path(__file__).resolve().parents[2]
README = REPO / "README.md"

pytestmark = pytest.mark.skipif(cluster_mode(), reason="the quickstart runs one process of its own")


def code_block_after(heading: str) -> str:
    text = README.read_text()
    section = text[text.index(heading):]
    match = re.search(r"```sh\n(.*?)```", section, re.S)
    assert match, f"no sh block after {heading!r}"
    return match.group(1)


def stop_group(group: int, timeout: float = 30) -> None:
    """SIGTERM to the shell's process group (the server it left running), then waits for it to go."""
    try:
        os.killpg(group, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.killpg(group, 0)
        except ProcessLookupError:
            return
        time.sleep(0.1)
    os.killpg(group, signal.SIGKILL)
    raise AssertionError("the quickstart's server did not stop within 30 s of SIGTERM")


def new_scratch() -> Path:
    """A scratch directory inside the repository (ignored by git: .build-*/)."""
    return Path(tempfile.mkdtemp(prefix=".build-readme-", dir=REPO))


def run_blocks(script: str, scratch: Path) -> tuple:
    """(exit status, stdout, stderr) of `script` run with `set -euo pipefail` in a fresh bash in
    `scratch`, without the caller's AWS_* and TURNPIKE_* settings, the server on a free port; the
    server the blocks leave running is stopped."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "TURNPIKE_"))}
    env.update({"AWS_PAGER": "", "TURNPIKE_PORT": str(free_port())})
    # Files, not pipes: the server the blocks leave running would hold a pipe open.
    with open(scratch / "out.log", "w") as out, open(scratch / "err.log", "w") as err:
        shell = subprocess.Popen(["bash", "-c", "set -euo pipefail\n" + script], cwd=scratch, env=env, stdout=out,
                                 stderr=err, stdin=subprocess.DEVNULL, start_new_session=True)
        try:
            shell.wait(timeout=900)
        finally:
            if shell.poll() is None:
                shell.kill()
                shell.wait()
            stop_group(shell.pid)
    return shell.returncode, (scratch / "out.log").read_text(), (scratch / "err.log").read_text()


def test_quickstart_runs_as_written():
    quickstart = code_block_after("## Quickstart with the aws CLI")
    calling = code_block_after("## Calling a deployed API")
    assert quickstart.startswith("swift run turnpike serve &")
    scratch = new_scratch()
    returncode, out, err = run_blocks(quickstart + calling, scratch)
    try:
        assert returncode == 0, out[-3000:] + err[-3000:]
        assert '"type": "API_KEY"' in out                          # create-usage-plan-key
        assert '"ids": [' in out and '"warnings": []' in out       # import-api-keys
        assert re.search(r"^bob\tbob-0123456789abcdefghij$", out, re.M)   # get-api-keys, imported value
        assert re.findall(r"HTTP/1\.1 (\d{3})", out) == ["200", "200", "403"], out[-3000:]
        assert '{"message":"Forbidden"}' in out
        assert "200 200 200 429 \n" in out                          # the quota's sixth call
        assert re.search(r'"items": \{\s*"\w+": \[\s*\[\s*5,\s*0\s*\]', out), out[-1500:]   # get-usage
        credentials = (scratch / "turnpike-data" / "credentials").read_text()
        secret = re.search(r"aws_secret_access_key = (\S+)", credentials).group(1)
        assert secret not in err and "Turnpike is listening" in err
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
