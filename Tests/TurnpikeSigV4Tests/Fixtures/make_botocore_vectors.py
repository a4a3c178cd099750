#!/usr/bin/env python3
"""Regenerates Tests/TurnpikeSigV4Tests/BotocoreVectors.swift.

Signs a handful of API Gateway admin requests with the real botocore signer
(the one the aws CLI uses) at a fixed instant and writes what went on the
wire, plus botocore's own canonical request and string to sign, as Swift
literals.  Run once, by hand, whenever the vectors need to change:

    python3 Tests/TurnpikeSigV4Tests/Fixtures/make_botocore_vectors.py

Four requests come from a real boto3 `apigateway` client (the HTTP send is
intercepted, nothing leaves the machine); two are signed directly with
`SigV4Auth` because no API operation produces them (a path with `//`, and a
request dated by a `Date` header instead of `X-Amz-Date`).
"""

import datetime
import logging
import os
import sys
from unittest import mock
from urllib.parse import urlsplit

import boto3
import botocore
import botocore.auth
from botocore.awsrequest import AWSRequest, AWSResponse
from botocore.credentials import Credentials

ACCESS_KEY = "AKIDTURNPIKEEXAMPLE1"
SECRET_KEY = "tUrNpIkE/Secret+Key=ExampleOnly0123456789"
REGION = "eu-west-3"
ENDPOINT = "http://localhost:4566"
INSTANT = datetime.datetime(2025, 1, 15, 9, 30, 0)  # naive UTC, as botocore uses

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "BotocoreVectors.swift")


class Capture(logging.Handler):
    """Keeps botocore's debug log of the canonical request and string to sign."""

    def __init__(self):
        super().__init__(logging.DEBUG)
        self.canonical = None
        self.string_to_sign = None

    def emit(self, record):
        if record.msg == "CanonicalRequest:\n%s":
            self.canonical = record.args[0]
        elif record.msg == "StringToSign:\n%s":
            self.string_to_sign = record.args[0]


capture = Capture()
auth_logger = logging.getLogger("botocore.auth")
auth_logger.setLevel(logging.DEBUG)
auth_logger.addHandler(capture)


class FakeRaw:
    def stream(self, **kwargs):
        yield b"{}"


def text(value):
    return value.decode("utf-8") if isinstance(value, bytes) else str(value)


def record(name, method, url, headers, body):
    parts = urlsplit(url)
    if isinstance(body, str):
        body = body.encode("utf-8")
    wire_headers = [(text(k), text(v)) for k, v in headers.items()]
    if not any(k.lower() == "host" for k, _ in wire_headers):
        # botocore signs a host derived from the URL and leaves the header to
        # the HTTP client (urllib3), which sends it first.
        wire_headers.insert(0, ("Host", botocore.auth._host_from_url(url)))
    return {
        "name": name,
        "method": method,
        "path": parts.path,
        "query": parts.query,
        "headers": wire_headers,
        "body": body or b"",
        "canonical": capture.canonical,
        "sts": capture.string_to_sign,
    }


def client_vectors():
    captured = []

    def before_send(request, **kwargs):
        captured.append((request.method, request.url, request.headers, request.body))
        return AWSResponse(request.url, 200, {}, FakeRaw())

    session = boto3.Session(
        aws_access_key_id=ACCESS_KEY, aws_secret_access_key=SECRET_KEY, region_name=REGION
    )
    client = session.client(
        "apigateway",
        endpoint_url=ENDPOINT,
        config=botocore.config.Config(retries={"max_attempts": 1}),
    )
    client.meta.events.register("before-send", before_send)

    calls = [
        ("patchJSONBody", lambda: client.update_rest_api(
            restApiId="a1b2c3d4e5",
            patchOperations=[{"op": "replace", "path": "/name", "value": "Orders API"}])),
        ("getWithQuery", lambda: client.get_api_keys(includeValues=True, limit=5, nameQuery="my key")),
        ("percentEncodedARNPath", lambda: client.get_tags(
            resourceArn="arn:aws:apigateway:us-east-1::/apikeys/abc")),
        ("importCSVWithQuery", lambda: client.import_api_keys(
            body=b"name,key,enabled\nci,abcdefghijklmnopqrstuvwxyz0123456789,TRUE\n",
            format="csv", failOnWarnings=True)),
    ]
    vectors = []
    for name, call in calls:
        call()
        method, url, headers, body = captured[-1]
        vectors.append(record(name, method, url, headers, body))
    return vectors


def direct_vector(name, method, url, headers, body):
    request = AWSRequest(method=method, url=url, headers=headers, data=body)
    credentials = Credentials(ACCESS_KEY, SECRET_KEY)
    botocore.auth.SigV4Auth(credentials, "apigateway", REGION).add_auth(request)
    return record(name, method, url, request.headers, body)


def swift_string(value):
    out = []
    for ch in value:
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\t":
            out.append("\\t")
        elif ord(ch) < 0x20 or ord(ch) > 0x7E:
            out.append("\\u{%x}" % ord(ch))
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def main():
    with mock.patch("botocore.auth.get_current_datetime", return_value=INSTANT):
        vectors = client_vectors()
        vectors.append(direct_vector(
            "doubleSlashPath", "GET", ENDPOINT + "/restapis//resources/",
            {"Host": "localhost:4566"}, b""))
        vectors.append(direct_vector(
            "dateHeaderInsteadOfAmzDate", "DELETE", ENDPOINT + "/apikeys/k3y",
            {"Host": "localhost:4566", "Date": "Wed, 01 Jan 2020 00:00:00 GMT"}, b""))

    lines = [
        "// GENERATED by Fixtures/make_botocore_vectors.py with botocore %s; do not edit by hand." % botocore.__version__,
        "",
        "/// Requests signed by the real botocore `SigV4Auth` (the aws CLI's signer), as they went on the wire.",
        "enum BotocoreVectors {",
        "    static let accessKeyID = %s" % swift_string(ACCESS_KEY),
        "    static let secretAccessKey = %s" % swift_string(SECRET_KEY),
        "    static let region = %s" % swift_string(REGION),
        "    /// The instant botocore signed at, in seconds since 1970.",
        "    static let signedAt: Double = %d" % int(INSTANT.replace(tzinfo=datetime.timezone.utc).timestamp()),
        "",
        "    static let all: [BotocoreVector] = [",
    ]
    for v in vectors:
        lines.append("        BotocoreVector(")
        lines.append("            name: %s," % swift_string(v["name"]))
        lines.append("            method: %s," % swift_string(v["method"]))
        lines.append("            rawPath: %s," % swift_string(v["path"]))
        lines.append("            rawQuery: %s," % swift_string(v["query"]))
        lines.append("            headers: [")
        for k, val in v["headers"]:
            lines.append("                (%s, %s)," % (swift_string(k), swift_string(val)))
        lines.append("            ],")
        lines.append("            body: %s," % swift_string(v["body"].decode("utf-8")))
        lines.append("            canonicalRequest: %s," % swift_string(v["canonical"]))
        lines.append("            stringToSign: %s" % swift_string(v["sts"]))
        lines.append("        ),")
    lines.append("    ]")
    lines.append("}")
    with open(OUT, "w") as f:
        f.write("\n".join(lines) + "\n")
    print("wrote", os.path.normpath(OUT), file=sys.stderr)


if __name__ == "__main__":
    main()
