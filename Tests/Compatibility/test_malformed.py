"""Malformed input over raw signed HTTP: always a 4xx, never a 500, and the server stays up."""

from __future__ import annotations

import json
import random

import pytest

from turnpike_harness import unique

OP_ENUM = "[add, remove, move, test, replace, copy]"


def op_message(input_name: str, index: int, value: str) -> str:
    return (f"1 validation error detected: Value '{value}' at "
            f"'{input_name}.patchOperations.{index}.member.op' failed to satisfy constraint: "
            f"Member must satisfy enum value set: {OP_ENUM}")


def assert_client_error(r, *statuses):
    assert 400 <= r.status < 500, f"{r.status} {r.body[:300]!r}"
    if statuses:
        assert r.status in statuses, f"{r.status} {r.body[:300]!r}"
    assert r.error_type, f"x-amzn-ErrorType missing: {r.headers}"


@pytest.fixture
def key_id(client):
    return client.create_api_key(name=unique("mal"))["id"]


@pytest.mark.parametrize("body", [b"{not json", b"[1, 2", b"\xff\xfe\x00garbage", b'{"name": "x"',
                                  b"[]", b'"just a string"'])
def test_invalid_json_create_api_key(raw, body):
    r = raw("POST", "/apikeys", body, headers={"Content-Type": "application/json"})
    assert_client_error(r, 400)


@pytest.mark.parametrize("path,body", [
    ("/apikeys", {"name": 5}),
    ("/apikeys", {"enabled": "yes"}),
    ("/apikeys", {"tags": ["a", "b"]}),
    ("/apikeys", {"value": 12345678901234567890123}),
    ("/usageplans", {"name": "x", "throttle": {"burstLimit": "lots"}}),
    ("/usageplans", {"name": "x", "quota": {"limit": "many", "period": "DAY"}}),
    ("/usageplans", {"name": "x", "apiStages": "not-a-list"}),
    ("/usageplans", {"name": ["x"]}),
    ("/restapis", {"name": {"nested": True}}),
])
def test_wrong_types(raw, path, body):
    assert_client_error(raw("POST", path, body), 400)


def test_missing_required_name(raw):
    assert_client_error(raw("POST", "/usageplans", {}), 400)
    assert_client_error(raw("POST", "/restapis", {"description": "no name"}), 400)


def test_unknown_patch_op(raw, key_id):
    r = raw("PATCH", f"/apikeys/{key_id}", {"patchOperations": [
        {"op": "frobnicate", "path": "/name", "value": "x"}]})
    assert r.status == 400 and r.error_type == "ValidationException", (r.status, r.headers, r.body)
    assert r.message == op_message("updateApiKeyInput", 1, "frobnicate")
    r = raw("PATCH", f"/apikeys/{key_id}", {"patchOperations": [
        {"op": "replace", "path": "/name", "value": "x"},
        {"op": "bogus", "path": "/name", "value": "y"}]})
    assert r.status == 400 and r.error_type == "ValidationException"
    assert r.message == op_message("updateApiKeyInput", 2, "bogus")


def test_unknown_patch_op_on_usage_plan(raw, client):
    plan = client.create_usage_plan(name=unique("mp"))["id"]
    r = raw("PATCH", f"/usageplans/{plan}", {"patchOperations": [{"op": "REPLACE", "path": "/name", "value": "x"}]})
    assert r.status == 400 and r.error_type == "ValidationException"
    assert r.message == op_message("updateUsagePlanInput", 1, "REPLACE")


@pytest.mark.parametrize("body", [{"patchOperations": "replace"}, {"patchOperations": [1, 2]},
                                  {"patchOperations": [{"op": "replace"}]},
                                  {"patchOperations": [{"op": "replace", "path": 7, "value": "x"}]}])
def test_malformed_patch_bodies(raw, key_id, body):
    assert_client_error(raw("PATCH", f"/apikeys/{key_id}", body), 400)


def test_huge_body(server):
    body = b'{"name": "' + b"a" * (12 * 1024 * 1024) + b'"}'
    try:
        r = server.raw("POST", "/apikeys", body, headers={"Content-Type": "application/json"},
                       timeout=60)
    except (ConnectionResetError, BrokenPipeError) as e:
        r = None
        reason = repr(e)  # closing the connection on an oversized body is acceptable
    if r is not None:
        assert 400 <= r.status < 500, f"{r.status} {r.body[:300]!r}"
    else:
        assert reason
    assert server.alive()


@pytest.mark.parametrize("method,path,status", [
    ("GET", "/apikeys/zzzzzzzzzz", 404),
    ("DELETE", "/apikeys/zzzzzzzzzz", 404),
    ("GET", "/usageplans/zzzzzz", 404),
    ("GET", "/usageplans/zzzzzz/keys/yyyyyy", 404),
    ("DELETE", "/usageplans/zzzzzz", 404),
    ("GET", "/restapis/zzzzzzzzzz", 404),
    ("GET", "/restapis/zzzzzzzzzz/resources", 404),
    ("GET", "/restapis/zzzzzzzzzz/stages/prod", 404),
    ("DELETE", "/restapis/zzzzzzzzzz", 404),
    ("GET", "/restapis/zzzzzzzzzz/resources/abc/methods/GET", 404),
])
def test_unknown_ids(raw, method, path, status):
    r = raw(method, path)
    assert r.status == status, (r.status, r.body[:300])
    assert r.error_type == "NotFoundException"


RANDOM_PATHS = ["/", "/nonexistent", "/apikeys/a/b/c/d", "/usageplans//keys", "/tags/",
                "/restapis/x/resources/y/methods/GET/integration/responses/200/extra",
                "/%00", "/..%2f..%2fetc%2fpasswd", "/apikeys/%ff%fe", "/restapis/" + "x" * 5000,
                "/account/extra", "/usageplans/x/usage", "/apikeys?mode=import&format=xml"]


@pytest.mark.parametrize("path", RANDOM_PATHS)
def test_random_paths_never_500(raw, path):
    for method in ("GET", "POST", "DELETE"):
        r = raw(method, path, b"{}" if method == "POST" else b"")
        assert r.status < 500, (method, path, r.status, r.body[:300])


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH", "FOO", "PROPFIND", "OPTIONS", "TRACE", "HEAD"])
def test_random_methods_never_500(raw, method):
    for path in ("/apikeys", "/usageplans", "/account", "/restapis"):
        r = raw(method, path, b"{}" if method in ("PUT", "PATCH", "FOO") else b"")
        assert r.status < 500, (method, path, r.status, r.body[:300])


def test_random_bytes_fuzz(raw):
    rng = random.Random(1234)
    paths = ["/apikeys", "/usageplans", "/restapis", "/apikeys?mode=import&format=csv"]
    for i in range(60):
        body = bytes(rng.getrandbits(8) for _ in range(rng.randint(0, 400)))
        if i % 3 == 0:  # JSON-ish
            body = json.dumps({"name": "f", "x": [rng.random()] * 3}).encode()[: rng.randint(1, 40)]
        r = raw("POST", paths[i % len(paths)], body, headers={"Content-Type": "application/json"})
        assert r.status < 500, (paths[i % len(paths)], body[:80], r.status, r.body[:300])


def test_unsigned_garbage_never_500(server):
    from turnpike_harness import send_raw
    for method, path in [("GET", "/"), ("BREW", "/apikeys"), ("POST", "/usageplans")]:
        r = send_raw(server.endpoint, method, path, b"\x00\x01",
                     headers={"Authorization": "AWS4-HMAC-SHA256 garbage"})
        assert r.status < 500 and r.status >= 400
    assert server.alive()


@pytest.mark.parametrize("query", [{"position": "garbage!!"}, {"limit": "abc"}, {"limit": "0"},
                                   {"limit": "100000"}, {"includeValues": "notabool"},
                                   {"limit": "-5"}])
def test_bad_list_parameters_never_500(raw, query):
    for path in ("/apikeys", "/usageplans", "/restapis"):
        r = raw("GET", path, query=query)
        assert r.status < 500, (path, query, r.status, r.body[:300])


def test_get_usage_huge_range_never_500(raw, client, server):
    plan = client.create_usage_plan(name=unique("hr"))["id"]
    k = client.create_api_key(name=unique("hrk"))
    client.create_usage_plan_key(usagePlanId=plan, keyId=k["id"], keyType="API_KEY")
    r = raw("GET", f"/usageplans/{plan}/usage", query={"startDate": "1900-01-01", "endDate": "2999-12-31"},
            timeout=60)
    assert r.status < 500, (r.status, r.body[:300])
    assert server.alive()
