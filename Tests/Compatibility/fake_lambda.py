"""A fake Lambda Invoke API on loopback for the compatibility tests: `POST
/2015-03-31/functions/{function}/invocations`, each call's SigV4 signature recomputed with botocore
(service lambda, the region of the call's credential scope, the secret and session token the fake
knows for the call's key id: by default its own pair, `gateway_env`) and compared; a call that does not verify gets Lambda's 403. Correctly signed calls are recorded
and answered by a handler: by default a proxy response echoing what the function saw.

    with FakeLambda() as fake:
        srv = server_factory(extra_args=fake.gateway_args, extra_env=fake.gateway_env)
        ...
        fake.calls  # [Invocation(function, region, event)]
"""
from __future__ import annotations

import datetime
import http.server
import json
import re
import threading
import urllib.parse
from dataclasses import dataclass
from typing import Callable, Optional
from unittest import mock

import botocore.auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

KEY_ID, SECRET, TOKEN = "AKIDCOMPATLAMBDA", "compat-lambda-secret", "compat-session-token"
SCOPE = re.compile(r"Credential=([^/]+)/\d{8}/([a-z0-9-]+)/lambda/aws4_request")


@dataclass
class Invocation:
    function: str
    region: str
    event: dict


def echo(invocation: Invocation) -> tuple:
    """A 200 proxy response whose JSON body tells what the function got."""
    event = invocation.event
    return 200, {"statusCode": 200, "headers": {"x-function": invocation.function},
                 "body": json.dumps({"path": event["path"], "query": event["queryStringParameters"],
                                     "requestId": event["requestContext"]["requestId"],
                                     "accountId": event["requestContext"]["accountId"],
                                     "apiKeyId": event["requestContext"]["identity"]["apiKeyId"],
                                     "stageVariables": event["stageVariables"]})}


class FakeLambda:
    """The fake server; a context manager that starts it on a free port and stops it."""

    def __init__(self, answer: Callable[[Invocation], tuple] = echo,
                 credentials: Callable[[str], Optional[tuple]] = lambda key_id: (SECRET, TOKEN) if key_id == KEY_ID else None):
        """`answer` gives (status, JSON payload) for a call; `credentials` the (secret, session token
        or None) of a key id, None for a key it does not know."""
        self.answer = answer
        self.credentials = credentials
        self.calls: list = []
        self.refused = 0
        fake = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                region = fake._verified_region(self, body, fake.credentials)
                match = re.fullmatch(r"/2015-03-31/functions/([^/]+)/invocations", self.path)
                if region is None or match is None:
                    fake.refused += 1
                    return self._answer(403, {"Type": "User", "message": "The request signature we calculated "
                                                                         "does not match the signature you provided."})
                invocation = Invocation(urllib.parse.unquote(match.group(1)), region, json.loads(body))
                fake.calls.append(invocation)
                self._answer(*fake.answer(invocation))

            def _answer(self, status: int, payload: dict):
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    @property
    def gateway_args(self) -> tuple:
        """The `turnpike serve` options that send Invoke calls here."""
        return ("--lambda-endpoint", self.endpoint)

    @property
    def gateway_env(self) -> dict:
        """The AWS environment the gateway signs with (temporary credentials: with a token)."""
        return {"AWS_ACCESS_KEY_ID": KEY_ID, "AWS_SECRET_ACCESS_KEY": SECRET, "AWS_SESSION_TOKEN": TOKEN}

    def __enter__(self) -> "FakeLambda":
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    @staticmethod
    def _verified_region(request, body: bytes, credentials: Callable[[str], Optional[tuple]]):
        """The region of a call signed with credentials the fake knows (botocore's signature), else None."""
        scope = SCOPE.search(request.headers.get("Authorization", ""))
        known = credentials(scope.group(1)) if scope else None
        if known is None or "X-Amz-Date" not in request.headers:
            return None
        region = scope.group(2)
        stamp = datetime.datetime.strptime(request.headers["X-Amz-Date"], "%Y%m%dT%H%M%SZ")
        headers = {k: v for k, v in request.headers.items() if k.lower() not in ("authorization", "x-amz-date")}
        signed = AWSRequest(method="POST", url=f"http://{request.headers['Host']}{request.path}", data=body,
                            headers=headers)
        with mock.patch.object(botocore.auth.datetime, "datetime", wraps=datetime.datetime) as clock:
            clock.utcnow.return_value = stamp
            clock.now.return_value = stamp.replace(tzinfo=datetime.timezone.utc)
            botocore.auth.SigV4Auth(Credentials(scope.group(1), *known), "lambda", region).add_auth(signed)
        return region if signed.headers["Authorization"] == request.headers["Authorization"] else None
