"""State survives SIGTERM and kill -9 restarts; refused calls write nothing."""

from __future__ import annotations

import base64
import datetime
import os

import pytest
from botocore.exceptions import ClientError

from turnpike_harness import cluster_mode, make_deployed_api, unique


def _clean(resp):
    if isinstance(resp, dict):
        return {k: _clean(v) for k, v in resp.items() if k != "ResponseMetadata"}
    if isinstance(resp, list):
        return [_clean(v) for v in resp]
    return resp


def _all(client, op, key="items", **kw):
    return [i for page in client.get_paginator(op).paginate(**kw) for i in page.get(key, [])]


def snapshot(c) -> dict:
    """Everything the admin API can show, in a comparable form."""
    today = datetime.datetime.now(datetime.timezone.utc).date().isoformat()
    snap = {"account": _clean(c.get_account())}
    snap["keys"] = sorted(_clean(_all(c, "get_api_keys", includeValues=True)), key=lambda k: k["id"])
    snap["plans"] = sorted(_clean(_all(c, "get_usage_plans")), key=lambda p: p["id"])
    snap["plan_keys"] = {p["id"]: sorted(_clean(_all(c, "get_usage_plan_keys", usagePlanId=p["id"])),
                                         key=lambda k: k["id"]) for p in snap["plans"]}
    snap["usage"] = {p["id"]: _clean(c.get_usage(usagePlanId=p["id"], startDate=today, endDate=today))
                     for p in snap["plans"]}
    apis = sorted(_clean(_all(c, "get_rest_apis")), key=lambda a: a["id"])
    snap["apis"] = apis
    for a in apis:
        aid = a["id"]
        resources = sorted(_clean(_all(c, "get_resources", restApiId=aid, embed=["methods"])), key=lambda r: r["id"])
        snap[f"{aid}/resources"] = resources
        for r in resources:
            for m in sorted(r.get("resourceMethods", {}) or {}):
                snap[f"{aid}/{r['id']}/{m}"] = _clean(c.get_method(restApiId=aid, resourceId=r["id"],
                                                                   httpMethod=m))
        snap[f"{aid}/stages"] = sorted(_clean(c.get_stages(restApiId=aid)["item"]),
                                       key=lambda s: s["stageName"])
        snap[f"{aid}/deployments"] = sorted(_clean(_all(c, "get_deployments", restApiId=aid)),
                                            key=lambda d: d["id"])
    return snap


def build_state(c) -> dict:
    a = make_deployed_api(c, stage="prod")
    c.update_stage(restApiId=a.api_id, stageName="prod", patchOperations=[
        {"op": "replace", "path": "/*/*/throttling/rateLimit", "value": "100"},
        {"op": "replace", "path": "/~1pets/GET/throttling/burstLimit", "value": "9"}])
    k1 = c.create_api_key(name="persist-one", enabled=True, value="persist-value-0123456789",
                          customerId="cust-p", tags={"t": "1"})
    k2 = c.create_api_key(name="persist-two")
    plan = c.create_usage_plan(
        name="persist-plan", description="kept", throttle={"burstLimit": 20, "rateLimit": 10.0},
        quota={"limit": 1000, "offset": 0, "period": "DAY"},
        apiStages=[{"apiId": a.api_id, "stage": "prod",
                    "throttle": {"/pets/GET": {"burstLimit": 3, "rateLimit": 2.0}}}],
        tags={"p": "q"})
    c.create_usage_plan_key(usagePlanId=plan["id"], keyId=k1["id"], keyType="API_KEY")
    c.update_usage(usagePlanId=plan["id"], keyId=k1["id"], patchOperations=[
        {"op": "replace", "path": "/remaining", "value": "777"}])
    c.update_account(patchOperations=[{"op": "replace", "path": "/throttle/rateLimit", "value": "1234"}])
    c.tag_resource(resourceArn=f"arn:aws:apigateway:us-east-1::/restapis/{a.api_id}/stages/prod",
                   tags={"stage-tag": "yes"})
    c.put_gateway_response(restApiId=a.api_id, responseType="QUOTA_EXCEEDED", statusCode="429",
                           responseTemplates={"application/json": '{"m": "quota"}'})
    return {"api": a, "k1": k1, "k2": k2, "plan": plan}


def _check_state_details(c, st):
    assert c.get_api_key(apiKey=st["k1"]["id"], includeValue=True)["value"] == "persist-value-0123456789"
    assert c.get_api_key(apiKey=st["k2"]["id"], includeValue=True)["value"] == st["k2"]["value"]
    plan = c.get_usage_plan(usagePlanId=st["plan"]["id"])
    assert plan["apiStages"][0]["throttle"] == {"/pets/GET": {"burstLimit": 3, "rateLimit": 2.0}}
    today = datetime.datetime.now(datetime.timezone.utc).date().isoformat()
    usage = c.get_usage(usagePlanId=st["plan"]["id"], startDate=today, endDate=today)
    assert usage["items"] == {st["k1"]["id"]: [[0, 777]]}
    gr = c.get_gateway_response(restApiId=st["api"].api_id, responseType="QUOTA_EXCEEDED")
    assert gr["statusCode"] == "429" and gr["defaultResponse"] is False
    assert c.get_account()["throttleSettings"]["rateLimit"] == 1234.0
    assert c.get_stage(restApiId=st["api"].api_id, stageName="prod")["tags"] == {"stage-tag": "yes"}
    ms = c.get_stage(restApiId=st["api"].api_id, stageName="prod")["methodSettings"]
    assert ms["*/*"]["throttlingRateLimit"] == 100.0 and ms["pets/GET"]["throttlingBurstLimit"] == 9


def test_state_survives_sigterm_restart(fresh_server):
    c = fresh_server.client()
    st = build_state(c)
    before = snapshot(c)
    port = fresh_server.port
    rc = fresh_server.stop()
    assert rc == 0, f"SIGTERM should end turnpike cleanly, exit code {rc}"
    fresh_server.start(port if fresh_server._port_reusable() else None)
    c = fresh_server.client()
    _check_state_details(c, st)
    assert snapshot(c) == before


def test_state_survives_kill9_restart(fresh_server):
    c = fresh_server.client()
    st = build_state(c)
    before = snapshot(c)
    fresh_server.restart(graceful=False, same_port=False)
    c = fresh_server.client()
    _check_state_details(c, st)
    assert snapshot(c) == before
    # and it keeps working after the crash: writes, then another crash
    k3 = c.create_api_key(name="after-crash", value="after-crash-value-0123456")
    fresh_server.restart(graceful=False, same_port=True)
    c = fresh_server.client()
    assert c.get_api_key(apiKey=k3["id"], includeValue=True)["value"] == "after-crash-value-0123456"


def test_refused_calls_write_nothing(fresh_server):
    c = fresh_server.client()
    st = build_state(c)
    a = st["api"]
    other_plan = c.create_usage_plan(name="same-stage", apiStages=[{"apiId": a.api_id, "stage": "prod"}])
    before = snapshot(c)

    csv = ("Name,Key,UsagePlanIds\n"
           f"imp-good,imp-good-value-0123456789,{other_plan['id']}\n"
           "imp-bad,short\n")
    with pytest.raises(ClientError) as e:
        c.import_api_keys(body=csv.encode(), format="csv", failOnWarnings=True)
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    with pytest.raises(ClientError) as e:  # k1 is already in a plan on the same stage
        c.create_usage_plan_key(usagePlanId=other_plan["id"], keyId=st["k1"]["id"], keyType="API_KEY")
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 409
    with pytest.raises(ClientError):
        c.create_api_key(name="dup", value="persist-value-0123456789")
    with pytest.raises(ClientError):
        c.create_usage_plan(name="bad-stage", apiStages=[{"apiId": a.api_id, "stage": "nope"}])
    with pytest.raises(ClientError):
        c.delete_usage_plan(usagePlanId=st["plan"]["id"])
    with pytest.raises(ClientError):
        c.update_api_key(apiKey=st["k1"]["id"], patchOperations=[
            {"op": "replace", "path": "/name", "value": "partial"},
            {"op": "replace", "path": "/value", "value": "x"}])
    with pytest.raises(ClientError):
        c.delete_deployment(restApiId=a.api_id, deploymentId=a.deployment_id)

    assert snapshot(c) == before
    fresh_server.restart(graceful=False)
    assert snapshot(fresh_server.client()) == before


def test_acknowledged_writes_survive_kill9_under_load(fresh_server):
    """Every create that answered 201 before kill -9 is there after the restart."""
    import concurrent.futures
    import threading
    import time

    stop = threading.Event()
    created, lock = [], threading.Lock()

    def writer(n):
        c = fresh_server.client()
        i = 0
        while not stop.is_set():
            try:
                k = c.create_api_key(name=f"load-{n}-{i}", value=f"load-value-{n:02d}-{i:08d}-xyz")
            except Exception:  # the server went away mid-request
                return
            with lock:
                created.append((k["id"], k["value"]))
            i += 1

    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        futures = [pool.submit(writer, n) for n in range(4)]
        time.sleep(1.5)
        fresh_server.kill9()
        stop.set()
        for f in futures:
            f.result(timeout=60)
    assert len(created) > 10
    fresh_server.restart(graceful=False)
    c = fresh_server.client()
    stored = {k["id"]: k["value"] for p in c.get_paginator("get_api_keys").paginate(includeValues=True)
              for k in p["items"]}
    missing = [kid for kid, _ in created if kid not in stored]
    assert not missing, f"{len(missing)} of {len(created)} acknowledged keys lost: {missing[:5]}"
    assert all(stored[kid] == v for kid, v in created)


def test_key_values_are_not_stored_or_logged_in_plain_text(fresh_server):
    c = fresh_server.client()
    supplied = "PlainTextProbeValue-0123456789"
    c.create_api_key(name="plain", value=supplied)
    generated = c.create_api_key(name="gen")["value"]
    imported = "ImportedProbeValue-0123456789"
    c.import_api_keys(body=f"Name,Key\nimp,{imported}\n".encode(), format="csv")
    fresh_server.stop()
    leaks = []
    for path in fresh_server.data_dir.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            leaks += [f"{path.name}: {v}" for v in (supplied, generated, imported) if v.encode() in data]
    logs = fresh_server.logs()
    leaks += [f"server output: {v}" for v in (supplied, generated, imported) if v in logs]
    assert not leaks, "API key values stored or logged in plain text: " + ", ".join(leaks)


def test_a_store_restored_without_its_data_key_is_refused(fresh_server):
    """A SQLite store whose data.key is missing (restored without it) or wrong does not start, and no
    new key file is written; with its own key it starts again and reads its key values."""
    if cluster_mode():
        pytest.skip("cluster nodes take their data key from TURNPIKE_DATA_KEY")
    c = fresh_server.client()
    key = c.create_api_key(name="sealed", value="sealed-value-0123456789")
    assert fresh_server.stop() == 0
    key_file = fresh_server.data_dir / "data.key"
    original = key_file.read_bytes()
    key_file.unlink()
    with pytest.raises(RuntimeError) as missing:
        fresh_server.start()
    assert "data.key is missing" in str(missing.value) and "no new key was written" in str(missing.value)
    assert not key_file.exists()
    key_file.write_text(base64.b64encode(os.urandom(32)).decode() + "\n")
    key_file.chmod(0o600)
    with pytest.raises(RuntimeError) as wrong:
        fresh_server.start()
    assert "is not the one the store" in str(wrong.value)
    key_file.write_bytes(original)
    fresh_server.start()
    got = fresh_server.client().get_api_key(apiKey=key["id"], includeValue=True)
    assert got["value"] == "sealed-value-0123456789"
