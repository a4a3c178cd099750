"""Usage plans, usage plan keys, GetUsage / UpdateUsage."""

from __future__ import annotations

import datetime

import pytest
from botocore.exceptions import ClientError

from turnpike_harness import error_of, make_deployed_api, unique


def today() -> datetime.date:
    return datetime.datetime.now(datetime.timezone.utc).date()


def patch(client, plan_id, *ops):
    return client.update_usage_plan(usagePlanId=plan_id, patchOperations=[
        {k: v for k, v in zip(("op", "path", "value"), op) if v is not None} for op in ops])


# --------------------------------------------------------------------------- create / get / list


def test_create_full(client, deployed_api):
    a = deployed_api
    p = client.create_usage_plan(
        name=unique("plan"), description="gold",
        throttle={"burstLimit": 10, "rateLimit": 5.0},
        quota={"limit": 1000, "period": "DAY"},
        apiStages=[{"apiId": a.api_id, "stage": a.stage,
                    "throttle": {"/pets/GET": {"burstLimit": 2, "rateLimit": 1.0}}}],
        tags={"tier": "gold"})
    assert p["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert p["description"] == "gold"
    assert p["throttle"] == {"burstLimit": 10, "rateLimit": 5.0}
    assert isinstance(p["throttle"]["burstLimit"], int)
    assert isinstance(p["throttle"]["rateLimit"], float)
    assert p["quota"] == {"limit": 1000, "offset": 0, "period": "DAY"}
    assert p["apiStages"] == [{"apiId": a.api_id, "stage": a.stage,
                               "throttle": {"/pets/GET": {"burstLimit": 2, "rateLimit": 1.0}}}]
    assert p["tags"] == {"tier": "gold"}
    got = client.get_usage_plan(usagePlanId=p["id"])
    for field in ("id", "name", "description", "throttle", "quota", "apiStages", "tags"):
        assert got[field] == p[field], field


def test_create_minimal_has_empty_api_stages_and_no_limits(client):
    p = client.create_usage_plan(name=unique("min"))
    assert p["apiStages"] == []
    assert "throttle" not in p and "quota" not in p


def test_create_with_quota_offset(client):
    p = client.create_usage_plan(name=unique("off"), quota={"limit": 100, "offset": 5, "period": "MONTH"})
    assert p["quota"] == {"limit": 100, "offset": 5, "period": "MONTH"}


def test_create_with_unknown_stage_is_refused(client, deployed_api):
    with pytest.raises(ClientError) as e:
        client.create_usage_plan(name=unique("bad"), apiStages=[
            {"apiId": deployed_api.api_id, "stage": "nosuchstage"}])
    status, code, msg = error_of(e)
    assert (status, code) == (400, "BadRequestException")
    assert "Invalid API Stage" in msg


def test_create_with_unknown_api_is_refused(client):
    with pytest.raises(ClientError) as e:
        client.create_usage_plan(name=unique("bad"), apiStages=[{"apiId": "nosuchapi0", "stage": "prod"}])
    assert error_of(e)[:2] == (400, "BadRequestException")


def test_bad_quota_period_is_validation_exception(client):
    with pytest.raises(ClientError) as e:
        client.create_usage_plan(name=unique("v"), quota={"limit": 1, "period": "XYZ"})
    assert error_of(e) == (400, "ValidationException",
                           "1 validation error detected: Value 'XYZ' at "
                           "'createUsagePlanInput.quota.period' failed to satisfy constraint: "
                           "Member must satisfy enum value set: [WEEK, DAY, MONTH]")


def test_get_unknown_plan(client):
    with pytest.raises(ClientError) as e:
        client.get_usage_plan(usagePlanId="nosuch")
    assert error_of(e) == (404, "NotFoundException", "Invalid Usage Plan ID specified")


def test_list_by_key_id(client, api_key):
    a = client.create_usage_plan(name=unique("la"))["id"]
    client.create_usage_plan(name=unique("lb"))
    client.create_usage_plan_key(usagePlanId=a, keyId=api_key["id"], keyType="API_KEY")
    items = client.get_usage_plans(keyId=api_key["id"])["items"]
    assert [i["id"] for i in items] == [a]
    all_ids = [i["id"] for page in client.get_paginator("get_usage_plans").paginate()
               for i in page["items"]]
    assert a in all_ids and len(all_ids) == len(set(all_ids))


# --------------------------------------------------------------------------- update


def test_update_scalar_fields(client):
    p = client.create_usage_plan(name=unique("u"))["id"]
    out = patch(client, p, ("replace", "/name", "renamed"), ("replace", "/description", "desc"),
                ("replace", "/productCode", "prod-code"))
    assert (out["name"], out["description"], out["productCode"]) == ("renamed", "desc", "prod-code")
    assert client.get_usage_plan(usagePlanId=p)["name"] == "renamed"


def test_update_throttle_and_quota_when_not_set_then_remove(client):
    p = client.create_usage_plan(name=unique("tq"))["id"]
    out = patch(client, p, ("replace", "/throttle/rateLimit", "7.5"),
                ("replace", "/throttle/burstLimit", "20"),
                ("replace", "/quota/limit", "500"), ("replace", "/quota/period", "WEEK"),
                ("replace", "/quota/offset", "0"))
    assert out["throttle"] == {"burstLimit": 20, "rateLimit": 7.5}
    assert out["quota"] == {"limit": 500, "offset": 0, "period": "WEEK"}
    out = patch(client, p, ("remove", "/throttle"))
    assert "throttle" not in out and out["quota"]["limit"] == 500
    out = patch(client, p, ("remove", "/quota"))
    assert "quota" not in out
    got = client.get_usage_plan(usagePlanId=p)
    assert "throttle" not in got and "quota" not in got


def test_update_add_and_remove_api_stage(client, deployed_api):
    a = deployed_api
    p = client.create_usage_plan(name=unique("st"))["id"]
    out = patch(client, p, ("add", "/apiStages", f"{a.api_id}:{a.stage}"))
    assert out["apiStages"] == [{"apiId": a.api_id, "stage": a.stage}]
    out = patch(client, p, ("remove", "/apiStages", f"{a.api_id}:{a.stage}"))
    assert out["apiStages"] == []


def test_update_per_method_throttle_terraform_paths(client, deployed_api):
    a = deployed_api
    p = client.create_usage_plan(name=unique("pm"), apiStages=[{"apiId": a.api_id, "stage": a.stage}])["id"]
    base = f"/apiStages/{a.api_id}:{a.stage}/throttle"
    out = patch(client, p, ("replace", f"{base}//pets/GET/rateLimit", "3"),
                ("replace", f"{base}//pets/GET/burstLimit", "4"),
                ("add", f"{base}//pets/{{id}}/GET/rateLimit", "1.5"),
                ("add", f"{base}//pets/{{id}}/GET/burstLimit", "2"))
    [stage] = out["apiStages"]
    assert stage["throttle"] == {"/pets/GET": {"burstLimit": 4, "rateLimit": 3.0},
                                 "/pets/{id}/GET": {"burstLimit": 2, "rateLimit": 1.5}}
    out = patch(client, p, ("remove", f"{base}//pets/GET", None))
    [stage] = out["apiStages"]
    assert stage["throttle"] == {"/pets/{id}/GET": {"burstLimit": 2, "rateLimit": 1.5}}
    got = client.get_usage_plan(usagePlanId=p)["apiStages"][0]
    assert got["throttle"] == stage["throttle"]


def test_remove_api_stage_without_value(client, deployed_api):
    a = deployed_api
    p = client.create_usage_plan(name=unique("rv"), apiStages=[{"apiId": a.api_id, "stage": a.stage}])["id"]
    with pytest.raises(ClientError) as e:
        client.update_usage_plan(usagePlanId=p, patchOperations=[{"op": "remove", "path": "/apiStages"}])
    assert error_of(e) == (400, "BadRequestException", "Invalid API Stage specified")
    with pytest.raises(ClientError) as e:
        patch(client, p, ("remove", "/apiStages", "malformed-without-colon"))
    assert error_of(e) == (400, "BadRequestException", "Invalid API Stage specified")


def test_remove_unknown_api_stage(client, deployed_api):
    a = deployed_api
    p = client.create_usage_plan(name=unique("ru"), apiStages=[{"apiId": a.api_id, "stage": a.stage}])["id"]
    with pytest.raises(ClientError) as e:
        patch(client, p, ("remove", "/apiStages", f"{a.api_id}:nostage"))
    assert error_of(e) == (404, "NotFoundException",
                           f"Invalid API Stage {{api: {a.api_id}, stage: nostage}} specified for usageplan {p}")


def test_delete_plan_with_stages_is_refused(client, deployed_api):
    a = deployed_api
    p = client.create_usage_plan(name=unique("dp"), apiStages=[{"apiId": a.api_id, "stage": a.stage}])["id"]
    with pytest.raises(ClientError) as e:
        client.delete_usage_plan(usagePlanId=p)
    status, code, msg = error_of(e)
    assert (status, code) == (400, "BadRequestException")
    assert msg.startswith(f"Cannot delete Usage Plan {p} because there are API Stages associated "
                          f"with it"), msg
    patch(client, p, ("remove", "/apiStages", f"{a.api_id}:{a.stage}"))
    assert client.delete_usage_plan(usagePlanId=p)["ResponseMetadata"]["HTTPStatusCode"] == 202
    with pytest.raises(ClientError) as e:
        client.get_usage_plan(usagePlanId=p)
    assert error_of(e) == (404, "NotFoundException", "Invalid Usage Plan ID specified")


# --------------------------------------------------------------------------- usage plan keys


def test_usage_plan_keys_lifecycle(client):
    p = client.create_usage_plan(name=unique("pk"))["id"]
    n = unique("pkey")
    k = client.create_api_key(name=n, enabled=True)
    out = client.create_usage_plan_key(usagePlanId=p, keyId=k["id"], keyType="API_KEY")
    assert out["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert {f: out[f] for f in ("id", "type", "value", "name")} == \
        {"id": k["id"], "type": "API_KEY", "value": k["value"], "name": n}
    got = client.get_usage_plan_key(usagePlanId=p, keyId=k["id"])
    assert (got["id"], got["type"], got["value"], got["name"]) == (k["id"], "API_KEY", k["value"], n)

    with pytest.raises(ClientError) as e:
        client.create_usage_plan_key(usagePlanId=p, keyId=k["id"], keyType="API_KEY")
    assert error_of(e)[:2] == (409, "ConflictException")

    other = client.create_api_key(name="zz" + n)
    client.create_usage_plan_key(usagePlanId=p, keyId=other["id"], keyType="API_KEY")
    assert {i["id"] for i in client.get_usage_plan_keys(usagePlanId=p)["items"]} == {k["id"], other["id"]}
    assert [i["id"] for i in client.get_usage_plan_keys(usagePlanId=p, nameQuery=n)["items"]] == [k["id"]]
    assert client.get_usage_plan_keys(usagePlanId=p, nameQuery=n.upper())["items"] == []

    out = client.delete_usage_plan_key(usagePlanId=p, keyId=k["id"])
    assert out["ResponseMetadata"]["HTTPStatusCode"] == 202
    with pytest.raises(ClientError) as e:
        client.get_usage_plan_key(usagePlanId=p, keyId=k["id"])
    assert error_of(e)[:2] == (404, "NotFoundException")
    assert [i["id"] for i in client.get_usage_plan_keys(usagePlanId=p)["items"]] == [other["id"]]


def test_usage_plan_key_unknown_key_or_plan(client, api_key):
    p = client.create_usage_plan(name=unique("unk"))["id"]
    with pytest.raises(ClientError) as e:
        client.create_usage_plan_key(usagePlanId=p, keyId="nosuchkey9", keyType="API_KEY")
    assert error_of(e) == (404, "NotFoundException", "Invalid API Key identifier specified")
    with pytest.raises(ClientError) as e:
        client.create_usage_plan_key(usagePlanId="nosuch", keyId=api_key["id"], keyType="API_KEY")
    assert error_of(e) == (404, "NotFoundException", "Invalid Usage Plan ID specified")
    listed = client.get_usage_plan_keys(usagePlanId="nosuch")
    assert listed["ResponseMetadata"]["HTTPStatusCode"] == 200 and listed.get("items", []) == []


def test_key_cannot_be_in_two_plans_sharing_a_stage(client, deployed_api, api_key):
    a = deployed_api
    stage = [{"apiId": a.api_id, "stage": a.stage}]
    p1 = client.create_usage_plan(name=unique("s1"), apiStages=stage)["id"]
    p2 = client.create_usage_plan(name=unique("s2"), apiStages=stage)["id"]
    client.create_usage_plan_key(usagePlanId=p1, keyId=api_key["id"], keyType="API_KEY")
    with pytest.raises(ClientError) as e:
        client.create_usage_plan_key(usagePlanId=p2, keyId=api_key["id"], keyType="API_KEY")
    assert error_of(e)[:2] == (409, "ConflictException")
    assert client.get_usage_plan_keys(usagePlanId=p2).get("items", []) == []
    # a plan on another stage is fine
    b = make_deployed_api(client, stage="beta")
    p3 = client.create_usage_plan(name=unique("s3"), apiStages=[{"apiId": b.api_id, "stage": "beta"}])["id"]
    client.create_usage_plan_key(usagePlanId=p3, keyId=api_key["id"], keyType="API_KEY")
    assert {i["id"] for i in client.get_usage_plans(keyId=api_key["id"])["items"]} == {p1, p3}


def test_deleting_api_key_removes_it_from_plans(client):
    p1 = client.create_usage_plan(name=unique("r1"))["id"]
    p2 = client.create_usage_plan(name=unique("r2"))["id"]
    k = client.create_api_key(name=unique("gone"))
    for p in (p1, p2):
        client.create_usage_plan_key(usagePlanId=p, keyId=k["id"], keyType="API_KEY")
    client.delete_api_key(apiKey=k["id"])
    for p in (p1, p2):
        assert client.get_usage_plan_keys(usagePlanId=p).get("items", []) == []
        with pytest.raises(ClientError) as e:
            client.get_usage_plan_key(usagePlanId=p, keyId=k["id"])
        assert error_of(e)[0] == 404


# --------------------------------------------------------------------------- usage


def _plan_with_keys(client, deployed_api, n_keys=2, limit=1000):
    a = deployed_api
    p = client.create_usage_plan(name=unique("use"), quota={"limit": limit, "period": "DAY"},
                                 apiStages=[{"apiId": a.api_id, "stage": a.stage}])["id"]
    keys = []
    for _ in range(n_keys):
        k = client.create_api_key(name=unique("uk"), enabled=True)
        client.create_usage_plan_key(usagePlanId=p, keyId=k["id"], keyType="API_KEY")
        keys.append(k["id"])
    return p, keys


def test_get_usage_shape_with_zero_use(client, deployed_api):
    p, keys = _plan_with_keys(client, deployed_api)
    start, end = today() - datetime.timedelta(days=2), today()
    u = client.get_usage(usagePlanId=p, startDate=start.isoformat(), endDate=end.isoformat())
    assert u["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert u["usagePlanId"] == p
    assert (u["startDate"], u["endDate"]) == (start.isoformat(), end.isoformat())
    assert set(u["items"]) == set(keys)
    for key_id in keys:
        assert u["items"][key_id] == [[0, 1000]] * 3

    one = client.get_usage(usagePlanId=p, keyId=keys[0], startDate=end.isoformat(),
                           endDate=end.isoformat())
    assert one["items"] == {keys[0]: [[0, 1000]]}


def test_update_usage_remaining(client, deployed_api):
    p, keys = _plan_with_keys(client, deployed_api, n_keys=1)
    out = client.update_usage(usagePlanId=p, keyId=keys[0], patchOperations=[
        {"op": "replace", "path": "/remaining", "value": "500"}])
    assert out["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert out["usagePlanId"] == p
    d = today().isoformat()
    u = client.get_usage(usagePlanId=p, startDate=d, endDate=d)
    assert u["items"][keys[0]] == [[0, 500]]


def test_update_usage_for_key_not_in_plan(client, deployed_api, api_key):
    p, _ = _plan_with_keys(client, deployed_api, n_keys=1)
    with pytest.raises(ClientError) as e:
        client.update_usage(usagePlanId=p, keyId=api_key["id"], patchOperations=[
            {"op": "replace", "path": "/remaining", "value": "5"}])
    assert error_of(e)[:2] == (404, "NotFoundException")
    with pytest.raises(ClientError) as e:
        client.get_usage_plan_key(usagePlanId=p, keyId=api_key["id"])
    assert error_of(e)[:2] == (404, "NotFoundException")


def test_get_usage_unknown_plan(client):
    d = today().isoformat()
    with pytest.raises(ClientError) as e:
        client.get_usage(usagePlanId="nosuch", startDate=d, endDate=d)
    assert error_of(e)[:2] == (404, "NotFoundException")


# --------------------------------------------------------------------------- more edges


def test_remove_api_stage_of_unknown_api(client, deployed_api):
    a = deployed_api
    p = client.create_usage_plan(name=unique("ua"), apiStages=[{"apiId": a.api_id, "stage": a.stage}])["id"]
    with pytest.raises(ClientError) as e:
        patch(client, p, ("remove", "/apiStages", "nosuchapi7:prod"))
    assert error_of(e) == (404, "NotFoundException",
                           f"Invalid API Stage {{api: nosuchapi7, stage: prod}} specified for usageplan {p}")


def test_quota_offset_is_taken_off_the_first_period(client, deployed_api):
    a = deployed_api
    p = client.create_usage_plan(name=unique("qo"), quota={"limit": 100, "offset": 5, "period": "DAY"},
                                 apiStages=[{"apiId": a.api_id, "stage": a.stage}])["id"]
    k = client.create_api_key(name=unique("qok"), enabled=True)
    client.create_usage_plan_key(usagePlanId=p, keyId=k["id"], keyType="API_KEY")
    d = today().isoformat()
    assert client.get_usage(usagePlanId=p, startDate=d, endDate=d)["items"] == {k["id"]: [[0, 95]]}


@pytest.mark.parametrize("op", [("replace", "/throttle/rateLimit", "fast"),
                                ("replace", "/throttle/burstLimit", "1.5x"),
                                ("replace", "/quota/limit", "lots"),
                                ("replace", "/quota/period", "YEAR"),
                                ("replace", "/nonsense", "x"),
                                ("add", "/apiStages", "nosuchapi8:prod")])
def test_bad_usage_plan_patch_values_are_refused(client, op):
    p = client.create_usage_plan(name=unique("bv"))["id"]
    with pytest.raises(ClientError) as e:
        patch(client, p, op)
    s, code, _ = error_of(e)
    assert 400 <= s < 500 and code in ("BadRequestException", "NotFoundException", "ValidationException"), (s, code)
    got = client.get_usage_plan(usagePlanId=p)
    assert "throttle" not in got and "quota" not in got and got["apiStages"] == []


def test_bad_key_type(client, api_key):
    p = client.create_usage_plan(name=unique("kt"))["id"]
    with pytest.raises(ClientError) as e:
        client.create_usage_plan_key(usagePlanId=p, keyId=api_key["id"], keyType="FOO")
    assert error_of(e)[0] == 400
    assert client.get_usage_plan_keys(usagePlanId=p).get("items", []) == []


@pytest.mark.parametrize("start,end", [("2024-13-45", "2024-12-01"), ("yesterday", "today"),
                                       ("2024-03-10", "2024-03-01")])
def test_get_usage_bad_dates(client, start, end):
    p = client.create_usage_plan(name=unique("bd"))["id"]
    with pytest.raises(ClientError) as e:
        client.get_usage(usagePlanId=p, startDate=start, endDate=end)
    assert error_of(e)[:2] == (400, "BadRequestException")


def test_parallel_plan_keys_on_shared_stage_admit_one(server, deployed_api):
    """Two plans share a stage; adding one key to both at once must leave it in exactly one."""
    import concurrent.futures
    a = deployed_api
    c = server.client()
    stage = [{"apiId": a.api_id, "stage": a.stage}]
    for _ in range(3):
        plans = [c.create_usage_plan(name=unique("race"), apiStages=stage)["id"] for _ in range(4)]
        k = c.create_api_key(name=unique("racek"))

        def add(plan):
            try:
                server.client().create_usage_plan_key(usagePlanId=plan, keyId=k["id"], keyType="API_KEY")
                return 201
            except ClientError as e:
                return e.response["ResponseMetadata"]["HTTPStatusCode"]

        with concurrent.futures.ThreadPoolExecutor(4) as pool:
            results = list(pool.map(add, plans))
        assert sorted(results) == [201, 409, 409, 409], results
        assert len(c.get_usage_plans(keyId=k["id"])["items"]) == 1


@pytest.mark.parametrize("op", [{"op": "replace", "path": "/remaining", "value": "lots"},
                                {"op": "replace", "path": "/used", "value": "5"},
                                {"op": "add", "path": "/remaining", "value": "5"}])
def test_update_usage_bad_operations(client, deployed_api, op):
    p, keys = _plan_with_keys(client, deployed_api, n_keys=1)
    with pytest.raises(ClientError) as e:
        client.update_usage(usagePlanId=p, keyId=keys[0], patchOperations=[op])
    assert error_of(e)[:2] == (400, "BadRequestException")
    d = today().isoformat()
    assert client.get_usage(usagePlanId=p, startDate=d, endDate=d)["items"] == {keys[0]: [[0, 1000]]}


def test_get_usage_pages_over_keys(client):
    p = client.create_usage_plan(name=unique("gp"), quota={"limit": 10, "period": "WEEK"})["id"]
    keys = set()
    for _ in range(3):
        k = client.create_api_key(name=unique("gpk"))
        client.create_usage_plan_key(usagePlanId=p, keyId=k["id"], keyType="API_KEY")
        keys.add(k["id"])
    d = today().isoformat()
    first = client.get_usage(usagePlanId=p, startDate=d, endDate=d, limit=2)
    assert len(first["items"]) == 2 and first.get("position")
    rest = client.get_usage(usagePlanId=p, startDate=d, endDate=d, limit=2, position=first["position"])
    assert len(rest["items"]) == 1 and "position" not in rest
    assert set(first["items"]) | set(rest["items"]) == keys


def test_week_quota_remaining_follows_iso_weeks(client):
    """WEEK periods start Monday 00:00 UTC: a grant this week shows on every day of this week only."""
    p = client.create_usage_plan(name=unique("wk"), quota={"limit": 10, "period": "WEEK"})["id"]
    k = client.create_api_key(name=unique("wkk"))
    client.create_usage_plan_key(usagePlanId=p, keyId=k["id"], keyType="API_KEY")
    client.update_usage(usagePlanId=p, keyId=k["id"], patchOperations=[
        {"op": "replace", "path": "/remaining", "value": "3"}])
    monday = today() - datetime.timedelta(days=today().weekday())
    start, end = monday - datetime.timedelta(days=1), monday + datetime.timedelta(days=6)
    u = client.get_usage(usagePlanId=p, startDate=start.isoformat(), endDate=end.isoformat())
    assert u["items"][k["id"]] == [[0, 10]] + [[0, 3]] * 7
