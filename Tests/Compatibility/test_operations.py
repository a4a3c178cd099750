"""Operating the gateway: the status listener (health, readiness, metrics), draining on SIGTERM
with a request in flight, SIGHUP, JSON logs with the admin audit trail, strict settings, clear
start-up failures, --version, --port 0 and <data-dir>/aws-config. One process each, on loopback."""

from __future__ import annotations

import http.server
import json
import os
import re
import signal
import socket
import subprocess
import threading
import time
from pathlib import Path

import pytest

from turnpike_harness import (ACCESS_KEY, SECRET_KEY, TurnpikeServer, binary_path, cluster_mode, free_port,
                              make_deployed_api, send_raw, unique)

pytestmark = pytest.mark.skipif(cluster_mode(), reason="single-process behaviour")


class SlowBackend:
    """A loopback HTTP backend that answers 200 after `delay` seconds; `arrived` is set when a request is in."""

    def __init__(self, delay: float):
        self.arrived = threading.Event()
        backend = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):
                backend.arrived.set()
                time.sleep(delay)  # the slow upstream being simulated
                body = b'{"slow": true}'
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def status(port: int, path: str):
    r = send_raw(f"http://127.0.0.1:{port}", "GET", path, timeout=5)
    return r.status, r.body.decode()


def wait_for(predicate, timeout: float = 10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError("condition not met in time")


def metric(text: str, name: str) -> float:
    match = re.search(r"^" + re.escape(name) + r" (\S+)$", text, re.M)
    return float(match.group(1)) if match else 0.0


def run_binary(*args: str, env_extra: dict | None = None, timeout: float = 30) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TURNPIKE_", "AWS_"))}
    env.update(env_extra or {})
    return subprocess.run([str(binary_path()), *args], capture_output=True, text=True, env=env, timeout=timeout)


def test_status_listener_health_and_metrics_move_with_traffic(tmp_path):
    status_port = free_port()
    srv = TurnpikeServer(tmp_path, extra_args=("--status-port", str(status_port))).start()
    try:
        assert status(status_port, "/health/live") == (200, '{"status":"live"}')
        assert status(status_port, "/health/ready") == (200, '{"status":"ready"}')
        _, before = status(status_port, "/metrics")
        assert 'turnpike_build_info{version="' in before
        commits = 'turnpike_store_call_duration_seconds_count{operation="commit"}'
        client = srv.client()
        client.create_rest_api(name=unique("m"))
        client.create_rest_api(name=unique("m"))
        held = socket.create_connection(("127.0.0.1", srv.port))   # one more open invoke connection
        try:
            _, after = status(status_port, "/metrics")
        finally:
            held.close()
        assert metric(after, commits) == metric(before, commits) + 2
        assert metric(after, 'turnpike_open_connections{listener="invoke"}') >= 1
        assert "turnpike_usage_flush_lag_seconds " in after
        assert status(status_port, "/nope")[0] == 404
    finally:
        srv.stop()


def series(text: str, name: str) -> dict[frozenset, float]:
    """Every sample of metric `name` in a Prometheus exposition, by its label set."""
    samples = {}
    for labels, value in re.findall(r"^" + re.escape(name) + r"(?:\{(.*)\})? (\S+)$", text, re.M):
        samples[frozenset(re.findall(r'(\w+)="([^"]*)"', labels))] = float(value)
    return samples


def sample(text: str, name: str, **labels) -> float:
    return series(text, name).get(frozenset(labels.items()), 0.0)


@pytest.mark.parametrize("per_key", [False, True])
def test_per_request_metrics_count_routes_refusals_plans_and_latency(tmp_path, per_key):
    backend = SlowBackend(delay=0)
    status_port = free_port()
    args = ("--status-port", str(status_port)) + (("--metrics-per-key",) if per_key else ())
    srv = TurnpikeServer(tmp_path, extra_args=args).start()
    try:
        client = srv.client()
        deployed = make_deployed_api(client)
        api_id = deployed.api_id
        slow = client.create_resource(restApiId=api_id, parentId=deployed.root_id, pathPart="slow")
        client.put_method(restApiId=api_id, resourceId=slow["id"], httpMethod="ANY", authorizationType="NONE")
        client.put_integration(restApiId=api_id, resourceId=slow["id"], httpMethod="ANY", type="HTTP_PROXY",
                               integrationHttpMethod="GET", uri=f"http://127.0.0.1:{backend.port}/slow")
        client.create_deployment(restApiId=api_id, stageName="prod")
        plan = client.create_usage_plan(name=unique("plan"), apiStages=[{"apiId": api_id, "stage": "prod"}],
                                        throttle={"rateLimit": 0.01, "burstLimit": 2})
        key = client.create_api_key(name=unique("key"), enabled=True)
        client.create_usage_plan_key(usagePlanId=plan["id"], keyId=key["id"], keyType="API_KEY")
        base = f"/restapis/{api_id}/prod/_user_request_"
        statuses = [send_raw(srv.endpoint, "GET", f"{base}/pets", headers={"x-api-key": key["value"]}).status
                    for _ in range(3)]
        assert statuses == [200, 200, 429]
        assert send_raw(srv.endpoint, "GET", f"{base}/pets", headers={"x-api-key": "nope"}).status == 403
        assert send_raw(srv.endpoint, "POST", f"{base}/slow").status == 200
        assert send_raw(srv.endpoint, "GET", f"{base}/nowhere").status == 403
        assert send_raw(srv.endpoint, "GET", f"/restapis/{api_id}/nostage/_user_request_/pets").status == 403
        _, text = status(status_port, "/metrics")
        stage = {"api_id": api_id, "stage": "prod"}
        pets = {**stage, "resource": "/pets", "method": "GET"}
        name = "turnpike_requests_total"
        assert sample(text, name, **pets, status="200") == 2
        assert sample(text, name, **pets, status="429") == 1
        assert sample(text, name, **pets, status="403") == 1
        assert sample(text, name, **stage, resource="/slow", method="ANY", status="200") == 1
        assert sample(text, name, **stage, resource="-", method="-", status="403") == 1
        assert sample(text, name, api_id="-", stage="-", resource="-", method="-", status="403") == 1
        assert sample(text, name, api_id="-", stage="-", resource="-", method="-", status="201") == 0, "admin calls are not invoke requests"
        assert all(dict(labels)["api_id"] in (api_id, "-") for labels in series(text, name)), "labels from the snapshot only"
        refusals = "turnpike_refusals_total"
        assert sample(text, refusals, **stage, type="THROTTLED") == 1
        assert sample(text, refusals, **stage, type="INVALID_API_KEY") == 1
        assert sample(text, refusals, **stage, type="MISSING_AUTHENTICATION_TOKEN") == 1
        assert sample(text, "turnpike_usage_plan_requests_total", usage_plan_id=plan["id"]) == 2
        assert sample(text, "turnpike_request_duration_seconds_count", **stage) == 6
        assert sample(text, "turnpike_integration_duration_seconds_count", **stage) == 1
        assert sample(text, "turnpike_integration_duration_seconds_sum", **stage) > 0
        assert sample(text, "turnpike_upstream_connections") == 1, "the backend connection kept alive in the pool"
        per_key_series = series(text, "turnpike_api_key_requests_total")
        if per_key:
            assert per_key_series == {frozenset({"usage_plan_id": plan["id"], "api_key_id": key["id"]}.items()): 2.0}
        else:
            assert per_key_series == {}
        assert key["value"] not in text
    finally:
        srv.stop()
        backend.close()


def test_sigterm_drains_a_request_in_flight(tmp_path):
    backend = SlowBackend(delay=3)
    status_port = free_port()
    srv = TurnpikeServer(tmp_path, extra_args=("--status-port", str(status_port))).start()
    try:
        client = srv.client()
        api = client.create_rest_api(name=unique("drain"))
        res = client.create_resource(restApiId=api["id"], parentId=api["rootResourceId"], pathPart="slow")
        client.put_method(restApiId=api["id"], resourceId=res["id"], httpMethod="GET", authorizationType="NONE")
        client.put_integration(restApiId=api["id"], resourceId=res["id"], httpMethod="GET", type="HTTP_PROXY",
                               integrationHttpMethod="GET", uri=f"http://127.0.0.1:{backend.port}/slow")
        client.create_deployment(restApiId=api["id"], stageName="prod")
        answer = {}

        def call():
            answer["response"] = send_raw(srv.endpoint, "GET", f"/restapis/{api['id']}/prod/_user_request_/slow",
                                          timeout=30)

        caller = threading.Thread(target=call)
        caller.start()
        assert backend.arrived.wait(10)
        srv.proc.send_signal(signal.SIGTERM)
        ready = wait_for(lambda: (lambda s: s if s[0] == 503 else None)(status(status_port, "/health/ready")), 2)
        assert json.loads(ready[1]) == {"status": "not ready", "reason": "draining"}
        assert status(status_port, "/health/live")[0] == 200
        with pytest.raises(OSError):   # the listener no longer accepts
            socket.create_connection(("127.0.0.1", srv.port), timeout=2).close()
        caller.join(30)
        assert answer["response"].status == 200 and answer["response"].body == b'{"slow": true}'
        assert srv.proc.wait(30) == 0
    finally:
        srv.kill9()
        backend.close()


def test_sigterm_closes_every_listener_at_once(tmp_path):
    """With --admin-port, both listeners stop accepting as soon as draining starts, while a request
    half sent on each is still in progress; once they complete, the process exits 0."""
    invoke, admin, status_port = free_port(), free_port(), free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TURNPIKE_", "AWS_"))}
    log = open(tmp_path / "serve.log", "w")
    proc = subprocess.Popen([str(binary_path()), "serve", "--port", str(invoke), "--admin-port", str(admin),
                             "--status-port", str(status_port), "--data-dir", str(tmp_path / "data")],
                            stdout=log, stderr=subprocess.STDOUT, env=env)
    try:
        wait_for(lambda: status(status_port, "/health/ready")[0] == 200 if port_open(status_port) else False, 30)
        pending = [socket.create_connection(("127.0.0.1", port)) for port in (invoke, admin)]
        for connection in pending:
            connection.sendall(b"GET /nothing/here HTTP/1.1\r\nHost: x\r\n")   # the head is not finished yet
        proc.send_signal(signal.SIGTERM)
        wait_for(lambda: status(status_port, "/health/ready")[0] == 503, 5)
        for port in (invoke, admin):
            with pytest.raises(OSError):
                socket.create_connection(("127.0.0.1", port), timeout=2).close()
        assert proc.poll() is None                                     # still draining both requests
        for connection in pending:
            connection.sendall(b"\r\n")
            answer = connection.recv(4096)
            assert answer.startswith(b"HTTP/1.1 403"), answer
            connection.close()
        assert proc.wait(30) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        log.close()


def port_open(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def test_sighup_keeps_serving_and_counting(tmp_path):
    srv = TurnpikeServer(tmp_path).start()
    try:
        client = srv.client()
        api = make_deployed_api(client)
        key = client.create_api_key(name=unique("hup"), enabled=True, generateDistinctId=True)
        plan = client.create_usage_plan(name=unique("hup"), apiStages=[{"apiId": api.api_id, "stage": "prod"}])
        client.create_usage_plan_key(usagePlanId=plan["id"], keyId=key["id"], keyType="API_KEY")
        path = f"/restapis/{api.api_id}/prod/_user_request_/pets"
        assert send_raw(srv.endpoint, "GET", path, headers={"x-api-key": key["value"]}).status == 200
        srv.proc.send_signal(signal.SIGHUP)
        assert send_raw(srv.endpoint, "GET", path, headers={"x-api-key": key["value"]}).status == 200
        assert srv.proc.poll() is None
        today = time.strftime("%Y-%m-%d", time.gmtime())
        usage = client.get_usage(usagePlanId=plan["id"], startDate=today, endDate=today)
        assert usage["items"][key["id"]][0][0] == 2
        wait_for(lambda: "SIGHUP received" in srv.logs(), 5)
        assert srv.stop() == 0
    finally:
        srv.kill9()


def test_json_logs_and_admin_audit_trail(tmp_path):
    srv = TurnpikeServer(tmp_path, extra_args=("--log-format", "json")).start()
    try:
        client = srv.client()
        made = client.create_rest_api(name=unique("audit"))
        with pytest.raises(Exception):
            client.delete_rest_api(restApiId="nosuchapi")
        client.create_api_key(name=unique("k"), value="audit-key-value-0123456789", enabled=True)
        assert srv.stop() == 0
    finally:
        srv.kill9()
    logs = srv.logs()
    lines = [json.loads(line) for line in logs.splitlines() if line.strip()]
    assert lines and all({"timestamp", "level", "message"} <= set(line) for line in lines)
    audit = [line["metadata"] for line in lines if line["message"] == "admin change"]
    created = next(a for a in audit if a["operation"] == "CreateRestApi")
    assert (created["principal"], created["outcome"], created["resource"]) == (ACCESS_KEY, "succeeded", "/restapis")
    assert created["createdId"] == made["id"]
    refused = next(a for a in audit if a["operation"] == "DeleteRestApi")
    assert (refused["outcome"], refused["status"], refused["resource"]) == ("refused", "404", "/restapis/nosuchapi")
    assert any(a["operation"] == "CreateApiKey" for a in audit)
    assert SECRET_KEY not in logs and "audit-key-value-0123456789" not in logs


@pytest.mark.parametrize("variable,value", [("TURNPIKE_PORT", "abc"), ("TURNPIKE_ACCESS_LOG", "maybe"),
                                            ("TURNPIKE_IDLE_TIMEOUT", "soon"), ("TURNPIKE_LOG_FORMAT", "xml")])
def test_a_variable_that_does_not_parse_stops_the_start(tmp_path, variable, value):
    p = run_binary("serve", "--data-dir", str(tmp_path / "d"), env_extra={variable: value})
    assert p.returncode == 64
    assert p.stderr.strip().splitlines() == [p.stderr.strip()]   # one line
    assert variable in p.stderr and value in p.stderr
    assert not (tmp_path / "d").exists()


def test_secrets_from_files(tmp_path):
    secret_file = tmp_path / "admin-secret"
    secret_file.write_text(SECRET_KEY + "\n")
    srv = TurnpikeServer(tmp_path, access_key=None, extra_env={
        "TURNPIKE_ADMIN_ACCESS_KEY_ID": ACCESS_KEY, "TURNPIKE_ADMIN_SECRET_ACCESS_KEY_FILE": str(secret_file)})
    srv.credentials = lambda: (ACCESS_KEY, SECRET_KEY)
    srv.start()
    try:
        assert srv.client().get_account()["ResponseMetadata"]["HTTPStatusCode"] == 200
        assert not (srv.data_dir / "credentials").exists()
    finally:
        srv.stop()
    both = run_binary("serve", "--data-dir", str(tmp_path / "e"), env_extra={
        "TURNPIKE_DATA_KEY": "x", "TURNPIKE_DATA_KEY_FILE": str(secret_file)})
    assert both.returncode == 64 and "TURNPIKE_DATA_KEY and TURNPIKE_DATA_KEY_FILE are both set" in both.stderr


def test_a_busy_port_is_one_clear_line(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        p = run_binary("serve", "--port", str(port), "--data-dir", str(tmp_path / "d"))
    assert p.returncode == 1
    assert f"turnpike: cannot listen on 127.0.0.1:{port} (invoke listener): Address already in use" in p.stderr
    assert "try:" not in p.stderr and "errno" not in p.stderr and "Usage" not in p.stderr


def test_an_unusable_data_dir_is_one_clear_line(tmp_path):
    (tmp_path / "file").write_text("not a directory")
    p = run_binary("serve", "--data-dir", str(tmp_path / "file" / "data"))
    assert p.returncode == 1
    assert p.stderr.strip() == f"turnpike: cannot create the data directory {tmp_path / 'file' / 'data'}: Not a directory"


def test_version_and_usage_errors():
    p = run_binary("--version")
    assert p.returncode == 0 and re.fullmatch(r"\d+\.\d+\.\d+\n", p.stdout)
    assert run_binary("serve", "--port", "70000").returncode == 64
    bench = run_binary("lease-benchmark", env_extra={"TURNPIKE_DATABASE_URL": "postgres://u:p@127.0.0.1:9/x"})
    assert bench.returncode == 64 and "--database" in bench.stderr


def test_threads_other_than_the_event_loops_run_behind_them(tmp_path):
    """Every thread but the event loops (the flush, store calls, snapshot builds...) runs at nice +10,
    so none preempts a busy event loop; the event loops keep the process's priority."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TURNPIKE_", "AWS_"))}
    log = open(tmp_path / "serve.log", "w")
    proc = subprocess.Popen([str(binary_path()), "serve", "--port", "0", "--threads", "2",
                             "--data-dir", str(tmp_path / "data")], stdout=log, stderr=subprocess.STDOUT, env=env)
    base = os.getpriority(os.PRIO_PROCESS, 0)

    def threads():
        found = {}
        for tid in os.listdir(f"/proc/{proc.pid}/task"):
            try:
                stat = Path(f"/proc/{proc.pid}/task/{tid}/stat").read_text()
            except OSError:
                continue
            comm = stat[stat.index("(") + 1:stat.rindex(")")]
            found[int(tid)] = (comm, int(stat[stat.rindex(")") + 2:].split()[16]))
        return found

    try:
        wait_for(lambda: "Turnpike is listening" in (tmp_path / "serve.log").read_text(), 30)
        lowered = min(19, base + 10)

        def settled():
            now = threads()
            loops = [nice for comm, nice in now.values() if comm.startswith("NIO-ELT-")]
            others = [nice for comm, nice in now.values() if not comm.startswith("NIO-ELT-")]
            return now if len(loops) == 2 and others and all(n == lowered for n in others) else None

        now = wait_for(settled, 10)
        assert sorted(nice for comm, nice in now.values() if comm.startswith("NIO-ELT-")) == [base, base], now
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(30) == 0
        log.close()


def test_port_zero_reports_the_bound_port_and_writes_aws_config(tmp_path):
    data = tmp_path / "data"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TURNPIKE_", "AWS_"))}
    log = open(tmp_path / "serve.log", "w")
    proc = subprocess.Popen([str(binary_path()), "serve", "--port", "0", "--data-dir", str(data)],
                            stdout=log, stderr=subprocess.STDOUT, env=env)
    try:
        line = wait_for(lambda: re.search(r"try: (AWS_CONFIG_FILE=\S+ AWS_SHARED_CREDENTIALS_FILE=\S+ "
                                          r"AWS_PROFILE=turnpike) aws apigateway get-rest-apis",
                                          (tmp_path / "serve.log").read_text()), 30)
        text = (tmp_path / "serve.log").read_text()
        port = int(re.search(r"address=http://127\.0\.0\.1:(\d+) version=\S+ \[turnpike\] Turnpike is listening",
                             text).group(1))
        assert port != 0
        assert f"endpoint_url = http://127.0.0.1:{port}\n" in (data / "aws-config").read_text()
        assert "region = us-east-1" in (data / "aws-config").read_text()
        cli_env = {**env, "AWS_PAGER": ""}
        cli_env.update(dict(pair.split("=", 1) for pair in line.group(1).split()))
        p = subprocess.run(["aws", "apigateway", "get-rest-apis"], capture_output=True, text=True, env=cli_env,
                           timeout=60)
        assert p.returncode == 0, p.stderr
        assert json.loads(p.stdout)["items"] == []
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(30) == 0
        log.close()
