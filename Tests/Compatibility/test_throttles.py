"""Throttles through the real binary: burst and recovery, per-method overrides, stage method
settings, and one per-key bucket shared by every stage of the plan."""

from __future__ import annotations

import http.client
import time

from turnpike_harness import make_deployed_api, unique

# In cluster mode (admin on node A, traffic on node B) these exact small bursts hold too: each node's
# share of a bucket follows its part of the demand, so B, the only node with traffic, enforces the
# whole limit (docs/storage.md, "Throttles"); test_cluster.py checks traffic spread over nodes.


def call(server, api, path: str, key: str | None = None, stage: str | None = None):
    conn = http.client.HTTPConnection("127.0.0.1", server.traffic_port, timeout=10)
    try:
        conn.request("GET", f"/restapis/{api.api_id}/{stage or api.stage}/_user_request_{path}",
                     headers={"x-api-key": key} if key else {})
        response = conn.getresponse()
        return response.status, response.read(), response.getheader("x-amzn-ErrorType")
    finally:
        conn.close()


def planned_key(client, api_stages, throttle=None):
    key = client.create_api_key(name=unique("throttle-key"), enabled=True)
    extra = {"throttle": throttle} if throttle else {}
    plan = client.create_usage_plan(name=unique("throttle-plan"), apiStages=api_stages, **extra)
    client.create_usage_plan_key(usagePlanId=plan["id"], keyId=key["id"], keyType="API_KEY")
    return key["value"], plan


def settled(server):
    """The server, once admin changes are served everywhere (cluster mode waits out propagation)."""
    server.settle()
    return server


def test_burst_then_refusal_then_recovery(server, client):
    api = make_deployed_api(client)
    key, _ = planned_key(client, [{"apiId": api.api_id, "stage": api.stage}], {"rateLimit": 2.0, "burstLimit": 3})
    settled(server)
    answers = [call(server, api, "/pets", key) for _ in range(4)]
    assert [a[0] for a in answers] == [200, 200, 200, 429]
    assert answers[3][1] == b'{"message":"Too Many Requests"}' and answers[3][2] == "TooManyRequestsException"
    time.sleep(0.6)   # one token back at 2/s
    assert call(server, api, "/pets", key)[0] == 200


def test_a_per_method_limit_applies_before_the_plans(server, client):
    api = make_deployed_api(client)
    stages = [{"apiId": api.api_id, "stage": api.stage,
               "throttle": {"/pets/GET": {"rateLimit": 0.01, "burstLimit": 1}}}]
    key, _ = planned_key(client, stages, {"rateLimit": 0.01, "burstLimit": 3})
    settled(server)
    assert [call(server, api, "/pets", key)[0] for _ in range(2)] == [200, 429]
    # The per-method refusal took nothing from the plan's bucket: two more for another method.
    assert [call(server, api, "/pets/7", key)[0] for _ in range(3)] == [200, 200, 429]


def test_stage_method_settings_limit_every_caller(server, client):
    api = make_deployed_api(client, api_key_required=False)
    client.update_stage(restApiId=api.api_id, stageName=api.stage, patchOperations=[
        {"op": "replace", "path": "/*/*/throttling/rateLimit", "value": "0.01"},
        {"op": "replace", "path": "/*/*/throttling/burstLimit", "value": "2"},
    ])
    settled(server)
    assert [call(server, api, "/pets")[0] for _ in range(3)] == [200, 200, 429]


def test_the_plan_bucket_is_shared_by_its_stages(server, client):
    api = make_deployed_api(client)
    client.create_deployment(restApiId=api.api_id, stageName="beta")
    stages = [{"apiId": api.api_id, "stage": api.stage}, {"apiId": api.api_id, "stage": "beta"}]
    key, _ = planned_key(client, stages, {"rateLimit": 0.01, "burstLimit": 2})
    settled(server)
    assert call(server, api, "/pets", key)[0] == 200
    assert call(server, api, "/pets", key, stage="beta")[0] == 200
    assert call(server, api, "/pets", key)[0] == 429
    assert call(server, api, "/pets", key, stage="beta")[0] == 429
