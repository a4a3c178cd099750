"""Start, stop and talk to a live Turnpike server for the compatibility tests.

Everything here is plain Python so that the fixtures in conftest.py stay short:
- `TurnpikeServer`: one server process on a data directory (start, SIGTERM stop,
  kill -9, restart on the same data directory).
- `signed_request`: a raw HTTP request signed with botocore's SigV4Auth, for bodies and
  methods that boto3 would never send.
- `AwsCli`: runs the aws CLI against the server with an isolated configuration.
- `make_deployed_api`: a small REST API (/pets GET, /pets/{id} GET, MOCK) deployed to a stage.
"""

from __future__ import annotations

import datetime
import http.client
import json
import os
import signal
import socket
import subprocess
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping, Optional
from urllib.parse import urlencode

import boto3
from botocore.auth import SIGV4_TIMESTAMP, SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials

REPO = Path(__file__).resolve().parents[2]
REGION = "us-east-1"
ACCESS_KEY = "AKIATURNPIKETEST0001"
SECRET_KEY = "turnpike/compat+test-secret-0123456789ab"
READY_TIMEOUT = 30.0
STOP_TIMEOUT = 10.0


def binary_path() -> Path:
    override = os.environ.get("TURNPIKE_BINARY")
    return Path(override) if override else REPO / ".build" / "debug" / "turnpike"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def port_is_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
            return True
        except OSError:
            return False


# --------------------------------------------------------------------------- raw HTTP


class _DatedSigV4Auth(SigV4Auth):
    """SigV4Auth that signs with a chosen clock (for clock-skew tests)."""

    def __init__(self, credentials, service, region, when: Optional[datetime.datetime]):
        super().__init__(credentials, service, region)
        self._when = when

    def add_auth(self, request):
        if self._when is None:
            return super().add_auth(request)
        request.context["timestamp"] = self._when.strftime(SIGV4_TIMESTAMP)
        self._modify_request_before_signing(request)
        canonical_request = self.canonical_request(request)
        string_to_sign = self.string_to_sign(request, canonical_request)
        signature = self.signature(string_to_sign, request)
        self._inject_signature_to_request(request, signature)


@dataclass
class RawResponse:
    status: int
    headers: dict  # lower-case names
    body: bytes

    @property
    def json(self) -> Any:
        return json.loads(self.body.decode("utf-8")) if self.body else None

    @property
    def error_type(self) -> Optional[str]:
        value = self.headers.get("x-amzn-errortype")
        return value.split(":")[0] if value else None

    @property
    def message(self) -> Optional[str]:
        try:
            data = self.json
        except ValueError:
            return None
        if isinstance(data, dict):
            return data.get("message", data.get("Message"))
        return None


def send_raw(endpoint: str, method: str, path: str, body: bytes = b"",
             headers: Optional[Mapping[str, str]] = None, timeout: float = 30.0) -> RawResponse:
    """Send one HTTP request exactly as given (no signing)."""
    host = endpoint.split("://", 1)[1]
    hostname, port = host.rsplit(":", 1)
    conn = http.client.HTTPConnection(hostname, int(port), timeout=timeout)
    try:
        conn.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
        hdrs = {"Host": host}
        hdrs.update(headers or {})
        if body or method in ("POST", "PUT", "PATCH"):
            hdrs.setdefault("Content-Length", str(len(body)))
        for k, v in hdrs.items():
            conn.putheader(k, v)
        conn.endheaders()
        if body:
            conn.send(body)
        resp = conn.getresponse()
        data = resp.read()
        return RawResponse(resp.status, {k.lower(): v for k, v in resp.getheaders()}, data)
    finally:
        conn.close()


def signed_request(endpoint: str, method: str, path: str, body: Any = b"",
                   query: Optional[Mapping[str, str]] = None,
                   headers: Optional[Mapping[str, str]] = None,
                   access_key: str = ACCESS_KEY, secret_key: str = SECRET_KEY,
                   region: str = REGION, when: Optional[datetime.datetime] = None,
                   timeout: float = 30.0) -> RawResponse:
    """Sign with botocore's SigV4Auth (service `apigateway`) and send over http.client.

    `body` may be bytes, str, or any JSON-serialisable object (sent as JSON).
    """
    hdrs = dict(headers or {})
    if not isinstance(body, (bytes, bytearray, str)):
        body = json.dumps(body)
        hdrs.setdefault("Content-Type", "application/json")
    if isinstance(body, str):
        body = body.encode("utf-8")
    url = endpoint + path
    if query:
        url += ("&" if "?" in path else "?") + urlencode(query)
    req = AWSRequest(method=method, url=url, data=bytes(body), headers=hdrs)
    _DatedSigV4Auth(Credentials(access_key, secret_key), "apigateway", region, when).add_auth(req)
    prepared = req.prepare()
    path_qs = prepared.url[len(endpoint):]
    out_headers = {k: v for k, v in prepared.headers.items() if k.lower() != "host"}
    return send_raw(endpoint, method, path_qs, bytes(body), out_headers, timeout=timeout)


def make_client(endpoint: str, access_key: str = ACCESS_KEY, secret_key: str = SECRET_KEY,
                retries: int = 0, **kwargs):
    return boto3.client(
        "apigateway", endpoint_url=endpoint, region_name=REGION,
        aws_access_key_id=access_key, aws_secret_access_key=secret_key,
        config=Config(retries={"max_attempts": retries, "mode": "standard"} if retries else
                      {"total_max_attempts": 1}, connect_timeout=10, read_timeout=60),
        **kwargs)


# --------------------------------------------------------------------------- the server


@dataclass
class TurnpikeServer:
    """One `turnpike serve` process on a data directory that outlives restarts."""

    root: Path  # a scratch directory owned by the test; holds data/ and logs
    access_key: Optional[str] = ACCESS_KEY
    secret_key: Optional[str] = SECRET_KEY
    extra_args: tuple = ()
    extra_env: dict = field(default_factory=dict)  # TURNPIKE_* settings for the process (e.g. a shared data key)
    port: int = 0
    proc: Optional[subprocess.Popen] = None
    runs: int = 0
    _logs: list = field(default_factory=list)

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    # -- lifecycle -------------------------------------------------------------
    def start(self, port: Optional[int] = None) -> "TurnpikeServer":
        binary = binary_path()
        if not binary.exists():
            raise RuntimeError(f"Turnpike binary not found at {binary} (set TURNPIKE_BINARY or "
                               f"run `swift build --product turnpike`)")
        self.data_dir.mkdir(parents=True, exist_ok=True)
        if port is not None:
            self.port = port
        elif not self.port or not port_is_free(self.port):
            self.port = free_port()
        # Only the command line configures the server: drop every TURNPIKE_* setting of the caller.
        env = {k: v for k, v in os.environ.items() if not k.startswith("TURNPIKE_")}
        env.update(self.extra_env)
        if self.access_key is not None:
            env["TURNPIKE_ADMIN_ACCESS_KEY_ID"] = self.access_key
            env["TURNPIKE_ADMIN_SECRET_ACCESS_KEY"] = self.secret_key
        self.runs += 1
        out = open(self.root / f"stdout.{self.runs}.log", "wb")
        err = open(self.root / f"stderr.{self.runs}.log", "wb")
        self._logs += [out.name, err.name]
        cmd = [str(binary), "serve", "--host", "127.0.0.1", "--port", str(self.port),
               "--data-dir", str(self.data_dir), *self.extra_args]
        if self.database is not None and "--database" not in self.extra_args:
            cmd += ["--database", self.database.url]
        self.proc = subprocess.Popen(cmd, stdout=out, stderr=err, stdin=subprocess.DEVNULL, env=env)
        out.close()
        err.close()
        self.wait_ready()
        if self.partner:
            self.partner.start()
        return self

    # -- cluster mode -------------------------------------------------------------
    # With TURNPIKE_COMPAT_CLUSTER=1 every server of the suite is two nodes on one fresh PostgreSQL
    # database (the test run's TURNPIKE_TEST_POSTGRES_URL): this process is node A, which answers
    # every admin call; `traffic_port` / `traffic_endpoint` are node B's, where tests send invoke
    # traffic. `settle()` waits out the propagation bound (1 s) after admin changes.
    partner: Optional["TurnpikeServer"] = None
    database: Optional[Any] = None

    @property
    def traffic_port(self) -> int:
        return self.partner.port if self.partner else self.port

    @property
    def traffic_endpoint(self) -> str:
        return f"http://127.0.0.1:{self.traffic_port}"

    def settle(self) -> None:
        if self.partner:
            time.sleep(1.1)

    def credentials(self) -> tuple:
        """The key pair to sign with (generated file when no env credentials were given)."""
        if self.access_key is not None:
            return self.access_key, self.secret_key
        if "--allow-any-credentials" in self.extra_args:
            return "AKIAANYTHING00000000", "any-secret-at-all"
        cred_file = self.data_dir / "credentials"
        if not cred_file.exists():
            return None
        import configparser
        cp = configparser.ConfigParser()
        cp.read(cred_file)
        if "turnpike" not in cp:
            return None
        sect = cp["turnpike"]
        return sect.get("aws_access_key_id"), sect.get("aws_secret_access_key")

    def wait_ready(self, timeout: float = READY_TIMEOUT) -> None:
        deadline = time.monotonic() + timeout
        last = None
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"turnpike exited with {self.proc.returncode} during start:\n"
                                   + self.logs()[-4000:])
            creds = self.credentials()
            if creds:
                try:
                    r = signed_request(self.endpoint, "GET", "/account", access_key=creds[0],
                                       secret_key=creds[1], timeout=2)
                    if r.status == 200:
                        return
                    last = f"GET /account -> {r.status} {r.body[:200]!r}"
                except OSError as e:  # not listening yet
                    last = repr(e)
            time.sleep(0.1)
        self.kill9()
        raise RuntimeError(f"turnpike not ready after {timeout}s (last: {last}):\n"
                           + self.logs()[-4000:])

    def stop(self, timeout: float = STOP_TIMEOUT) -> Optional[int]:
        """SIGTERM and wait; returns the exit code (kills with SIGKILL after the timeout)."""
        if self.partner:
            self.partner.stop(timeout)
        if self.proc is None or self.proc.poll() is not None:
            return None if self.proc is None else self.proc.returncode
        self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=5)
            raise RuntimeError(f"turnpike did not stop within {timeout}s of SIGTERM")

    def kill9(self) -> None:
        if self.partner:
            self.partner.kill9()
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(timeout=10)

    def restart(self, graceful: bool = True, same_port: bool = True) -> "TurnpikeServer":
        if graceful:
            self.stop()
        else:
            self.kill9()
        port = self.port if same_port and self._port_reusable() else None
        if port is None:
            self.port = 0
        return self.start(port)

    def _port_reusable(self) -> bool:
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            if port_is_free(self.port):
                return True
            time.sleep(0.1)
        return False

    def alive(self) -> bool:
        if self.proc is None or self.proc.poll() is not None:
            return False
        creds = self.credentials()
        try:
            return signed_request(self.endpoint, "GET", "/account", access_key=creds[0],
                                  secret_key=creds[1], timeout=10).status == 200
        except OSError:
            return False

    def logs(self) -> str:
        text = []
        for name in self._logs:
            try:
                text.append(Path(name).read_text(errors="replace"))
            except OSError:
                pass
        return "\n".join(text)

    def traffic_logs(self) -> str:
        """The logs of the node that serves invoke traffic (the partner in cluster mode)."""
        return (self.partner or self).logs()

    # -- clients ---------------------------------------------------------------
    def client(self, **kwargs):
        ak, sk = self.credentials()
        return make_client(self.endpoint, ak, sk, **kwargs)

    def raw(self, method: str, path: str, body: Any = b"", **kwargs) -> RawResponse:
        ak, sk = self.credentials()
        kwargs.setdefault("access_key", ak)
        kwargs.setdefault("secret_key", sk)
        return signed_request(self.endpoint, method, path, body, **kwargs)


# --------------------------------------------------------------------------- aws CLI


@dataclass
class CliResult:
    returncode: int
    stdout: str
    stderr: str

    @property
    def json(self) -> Any:
        return json.loads(self.stdout) if self.stdout.strip() else None


class AwsCli:
    """Runs `aws apigateway ...` (CLI v1) against one server with an isolated config."""

    def __init__(self, server: TurnpikeServer, workdir: Path):
        self.server = server
        self.workdir = workdir
        workdir.mkdir(parents=True, exist_ok=True)
        (workdir / "config").write_text("")
        (workdir / "credentials").write_text("")

    def env(self) -> dict:
        ak, sk = self.server.credentials()
        env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
        env.update({
            "AWS_ACCESS_KEY_ID": ak, "AWS_SECRET_ACCESS_KEY": sk, "AWS_DEFAULT_REGION": REGION,
            "AWS_CONFIG_FILE": str(self.workdir / "config"),
            "AWS_SHARED_CREDENTIALS_FILE": str(self.workdir / "credentials"),
            "AWS_PAGER": "", "AWS_EC2_METADATA_DISABLED": "true", "AWS_MAX_ATTEMPTS": "1",
        })
        return env

    def __call__(self, *args: str, expect_rc: Optional[int] = 0, timeout: float = 120) -> CliResult:
        cmd = ["aws", "--endpoint-url", self.server.endpoint, "--output", "json", "--region",
               REGION, *args]
        p = subprocess.run(cmd, capture_output=True, text=True, env=self.env(), cwd=self.workdir,
                           timeout=timeout)
        res = CliResult(p.returncode, p.stdout, p.stderr)
        if expect_rc is not None and p.returncode != expect_rc:
            raise AssertionError(f"{' '.join(args)} -> rc {p.returncode} (wanted {expect_rc})\n"
                                 f"stdout: {p.stdout[-2000:]}\nstderr: {p.stderr[-2000:]}")
        return res


# --------------------------------------------------------------------------- fixtures' helpers


def error_of(excinfo) -> tuple:
    """(HTTP status, error code, message) of a pytest.raises(ClientError) result, or of a ClientError."""
    err = getattr(excinfo, "value", excinfo)
    return (err.response["ResponseMetadata"]["HTTPStatusCode"], err.response["Error"]["Code"],
            err.response["Error"].get("Message"))


def unique(prefix: str = "t") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


@dataclass
class DeployedApi:
    api_id: str
    root_id: str
    pets_id: str
    pet_id: str
    stage: str
    deployment_id: str


def make_deployed_api(client, stage: str = "prod", name: Optional[str] = None,
                      api_key_required: bool = True) -> DeployedApi:
    """REST API with GET /pets and GET /pets/{id} (MOCK), deployed to `stage`."""
    api = client.create_rest_api(name=name or unique("api"))
    api_id, root_id = api["id"], api["rootResourceId"]
    pets = client.create_resource(restApiId=api_id, parentId=root_id, pathPart="pets")
    pet = client.create_resource(restApiId=api_id, parentId=pets["id"], pathPart="{id}")
    for res in (pets["id"], pet["id"]):
        client.put_method(restApiId=api_id, resourceId=res, httpMethod="GET",
                          authorizationType="NONE", apiKeyRequired=api_key_required)
        client.put_integration(restApiId=api_id, resourceId=res, httpMethod="GET", type="MOCK",
                               requestTemplates={"application/json": '{"statusCode": 200}'})
        client.put_method_response(restApiId=api_id, resourceId=res, httpMethod="GET",
                                   statusCode="200")
        client.put_integration_response(restApiId=api_id, resourceId=res, httpMethod="GET",
                                        statusCode="200",
                                        responseTemplates={"application/json": '{"ok": true}'})
    dep = client.create_deployment(restApiId=api_id, stageName=stage)
    return DeployedApi(api_id, root_id, pets["id"], pet["id"], stage, dep["id"])


def new_scratch_dir(prefix: str = "turnpike-compat-") -> Path:
    return Path(tempfile.mkdtemp(prefix=prefix))


def cluster_mode() -> bool:
    return os.environ.get("TURNPIKE_COMPAT_CLUSTER") == "1"


def make_server(root: Path, **kwargs) -> TurnpikeServer:
    """A server for a test: one node on SQLite, or in cluster mode two nodes on a fresh PostgreSQL
    database sharing a data key (admin on the first, traffic on the second)."""
    if not cluster_mode():
        return TurnpikeServer(root, **kwargs)
    import base64
    from turnpike_cluster import Database
    database = Database()
    env = {**kwargs.pop("extra_env", {}), "TURNPIKE_DATA_KEY": base64.b64encode(os.urandom(32)).decode()}
    partner = TurnpikeServer(root / "node-b", extra_env=env, **kwargs)
    partner.database = database
    node = TurnpikeServer(root, extra_env=env, **kwargs)
    node.database = database
    node.partner = partner
    return node
