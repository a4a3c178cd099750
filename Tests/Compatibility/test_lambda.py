"""AWS_PROXY integrations made with boto3 and called through the gateway, against a fake Lambda
Invoke API on loopback that checks each call's SigV4 signature (botocore's, service lambda)."""
from __future__ import annotations

import datetime
import http.server
import json
import threading
import urllib.parse
import urllib.request
from unittest import mock

import botocore.auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

from turnpike_harness import unique

KEY_ID, SECRET, TOKEN = "AKIDCOMPATLAMBDA", "compat-lambda-secret", "compat-session-token"
FUNCTION = "arn:aws:lambda:eu-west-1:123456789012:function:pets"


class FakeLambda(http.server.BaseHTTPRequestHandler):
    calls: list = []

    def log_message(self, *args):
        pass

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        if not self._signed(body):
            return self._answer(403, {"Type": "User", "message": "bad signature"})
        function = urllib.parse.unquote(self.path.split("/functions/")[1].removesuffix("/invocations"))
        event = json.loads(body)
        FakeLambda.calls.append((function, event))
        self._answer(200, {"statusCode": 200, "headers": {"x-function": function},
                           "body": json.dumps({"path": event["path"], "query": event["queryStringParameters"],
                                               "requestId": event["requestContext"]["requestId"]})})

    def _signed(self, body: bytes) -> bool:
        stamp = datetime.datetime.strptime(self.headers["X-Amz-Date"], "%Y%m%dT%H%M%SZ")
        headers = {k: v for k, v in self.headers.items() if k.lower() not in ("authorization", "x-amz-date")}
        request = AWSRequest(method="POST", url=f"http://{self.headers['Host']}{self.path}", data=body, headers=headers)
        with mock.patch.object(botocore.auth.datetime, "datetime", wraps=datetime.datetime) as clock:
            clock.utcnow.return_value = stamp
            clock.now.return_value = stamp.replace(tzinfo=datetime.timezone.utc)
            botocore.auth.SigV4Auth(Credentials(KEY_ID, SECRET, TOKEN), "lambda", "eu-west-1").add_auth(request)
        return request.headers["Authorization"] == self.headers["Authorization"]

    def _answer(self, status: int, payload: dict):
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


def test_aws_proxy_integrations_invoke_lambda(server_factory):
    fake = http.server.ThreadingHTTPServer(("127.0.0.1", 0), FakeLambda)
    threading.Thread(target=fake.serve_forever, daemon=True).start()
    try:
        srv = server_factory(extra_args=("--lambda-endpoint", f"http://127.0.0.1:{fake.server_address[1]}"),
                             extra_env={"AWS_ACCESS_KEY_ID": KEY_ID, "AWS_SECRET_ACCESS_KEY": SECRET,
                                        "AWS_SESSION_TOKEN": TOKEN})
        client = srv.client()
        api = client.create_rest_api(name=unique("lambda"))
        proxy = client.create_resource(restApiId=api["id"], parentId=api["rootResourceId"], pathPart="{proxy+}")
        client.put_method(restApiId=api["id"], resourceId=proxy["id"], httpMethod="ANY", authorizationType="NONE")
        made = client.put_integration(
            restApiId=api["id"], resourceId=proxy["id"], httpMethod="ANY", type="AWS_PROXY", integrationHttpMethod="POST",
            uri=f"arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/{FUNCTION}/invocations")
        assert made["type"] == "AWS_PROXY"
        client.create_deployment(restApiId=api["id"], stageName="prod")
        srv.settle()
        url = f"{srv.traffic_endpoint}/restapis/{api['id']}/prod/_user_request_/pets/7?kind=dog"
        with urllib.request.urlopen(url) as response:
            assert response.status == 200
            assert response.headers["x-function"] == FUNCTION
            answer = json.loads(response.read())
        assert answer["path"] == "/pets/7" and answer["query"] == {"kind": "dog"}
        assert answer["requestId"] == response.headers["x-amzn-RequestId"]
        assert [function for function, _ in FakeLambda.calls] == [FUNCTION]
    finally:
        fake.shutdown()
        fake.server_close()
