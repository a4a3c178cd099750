"""API keys: CreateApiKey, GetApiKey(s), UpdateApiKey, DeleteApiKey, ImportApiKeys."""

from __future__ import annotations

import datetime
import re

import pytest
from botocore.exceptions import ClientError

from turnpike_harness import error_of, unique

PATCH_PATH_MSG = ("Invalid patch path  '{path}' specified for op '{op}'. Must be one of: "
                  "[/description, /enabled, /name, /customerId]")


def value_of(n: int, seed: str = "") -> str:
    base = (seed + "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ") * 4
    return base[:n]


# --------------------------------------------------------------------------- create


def test_create_generates_value_and_defaults(client):
    k = client.create_api_key()
    assert k["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert re.fullmatch(r"[A-Za-z0-9]{40}", k["value"]), k["value"]
    assert k["enabled"] is False
    assert "name" not in k
    assert k["stageKeys"] == []
    assert isinstance(k["createdDate"], datetime.datetime)
    assert isinstance(k["lastUpdatedDate"], datetime.datetime)
    assert isinstance(k["id"], str) and re.fullmatch(r"[a-z0-9]+", k["id"])


def test_create_with_empty_name_has_no_name_field(client):
    k = client.create_api_key(name="")
    assert "name" not in k
    assert "name" not in client.get_api_key(apiKey=k["id"])


def test_create_with_all_fields(client):
    n = unique("full")
    k = client.create_api_key(name=n, description="for the tests", enabled=True,
                              customerId="cust-1", tags={"team": "qa", "env": "test"})
    assert k["name"] == n
    assert k["description"] == "for the tests"
    assert k["enabled"] is True
    assert k["customerId"] == "cust-1"
    assert k["tags"] == {"team": "qa", "env": "test"}
    got = client.get_api_key(apiKey=k["id"])
    assert got["tags"] == {"team": "qa", "env": "test"}
    assert got["customerId"] == "cust-1"


def test_timestamps_are_epoch_numbers_on_the_wire(client, raw):
    k = client.create_api_key(name=unique("ts"))
    body = raw("GET", f"/apikeys/{k['id']}").json
    assert isinstance(body["createdDate"], (int, float)) and not isinstance(body["createdDate"], bool)
    assert isinstance(body["lastUpdatedDate"], (int, float))
    now = datetime.datetime.now(datetime.timezone.utc).timestamp()
    assert abs(body["createdDate"] - now) < 300


@pytest.mark.parametrize("length", [20, 128])
def test_create_with_supplied_value(client, length):
    v = value_of(length, unique("v").replace("-", ""))
    k = client.create_api_key(name=unique("sv"), value=v)
    assert k["value"] == v
    assert client.get_api_key(apiKey=k["id"], includeValue=True)["value"] == v


def test_value_too_short(client):
    with pytest.raises(ClientError) as e:
        client.create_api_key(name=unique("short"), value="x" * 19)
    assert error_of(e) == (400, "BadRequestException", "API Key value should be at least 20 characters")


def test_value_too_long(client):
    with pytest.raises(ClientError) as e:
        client.create_api_key(name=unique("long"), value="y" * 129)
    assert error_of(e) == (400, "BadRequestException",
                           "API Key value exceeds maximum size of 128 characters")


def test_duplicate_value_conflicts(client):
    v = value_of(30, unique("dup").replace("-", ""))
    client.create_api_key(name=unique("d1"), value=v)
    with pytest.raises(ClientError) as e:
        client.create_api_key(name=unique("d2"), value=v)
    assert error_of(e) == (409, "ConflictException", "API Key already exists")


def test_name_too_long(client):
    with pytest.raises(ClientError) as e:
        client.create_api_key(name="n" * 1025)
    assert error_of(e) == (400, "BadRequestException",
                           "Invalid API Key name, can be at most 1024 characters.")


# --------------------------------------------------------------------------- get / list


def test_get_with_and_without_value(client):
    k = client.create_api_key(name=unique("g"))
    plain = client.get_api_key(apiKey=k["id"])
    assert "value" not in plain
    assert plain["id"] == k["id"] and plain["enabled"] is False
    with_value = client.get_api_key(apiKey=k["id"], includeValue=True)
    assert with_value["value"] == k["value"]


def test_get_unknown_key(client):
    with pytest.raises(ClientError) as e:
        client.get_api_key(apiKey="nosuchkey1")
    assert error_of(e) == (404, "NotFoundException", "Invalid API Key identifier specified")


def test_list_name_query_is_case_sensitive_prefix(client):
    p = unique("pfx")
    ids = {client.create_api_key(name=f"{p}-one")["id"], client.create_api_key(name=f"{p}-two")["id"]}
    client.create_api_key(name=f"x{p}")
    client.create_api_key(name=p.upper() + "-three")
    items = client.get_api_keys(nameQuery=p, limit=500)["items"]
    assert {i["id"] for i in items} == ids
    for i in items:
        assert "value" not in i
        assert isinstance(i["createdDate"], datetime.datetime)
        assert i["enabled"] is False


def test_list_include_values(client):
    p = unique("iv")
    k = client.create_api_key(name=p)
    items = client.get_api_keys(nameQuery=p, includeValues=True)["items"]
    assert [i["value"] for i in items] == [k["value"]]


def test_list_customer_id_filter_is_exact(client):
    c = unique("cust")
    k = client.create_api_key(name=unique("c1"), customerId=c)
    client.create_api_key(name=unique("c2"), customerId=c + "x")
    items = client.get_api_keys(customerId=c, limit=500)["items"]
    assert [i["id"] for i in items] == [k["id"]]
    assert items[0]["customerId"] == c


def test_list_pagination(client):
    p = unique("page")
    created = {client.create_api_key(name=f"{p}-{i:02d}")["id"] for i in range(30)}
    first = client.get_api_keys(nameQuery=p)
    assert len(first["items"]) == 25, "default limit is 25"
    assert isinstance(first.get("position"), str) and first["position"]
    rest = client.get_api_keys(nameQuery=p, position=first["position"])
    assert len(rest["items"]) == 5
    assert "position" not in rest
    assert {i["id"] for i in first["items"] + rest["items"]} == created

    pages = list(client.get_paginator("get_api_keys").paginate(
        nameQuery=p, PaginationConfig={"PageSize": 7}))
    seen = [i["id"] for page in pages for i in page["items"]]
    assert len(pages) == 5
    assert len(seen) == 30 and set(seen) == created
    assert "position" not in pages[-1]

    everything = client.get_api_keys(nameQuery=p, limit=500)
    assert len(everything["items"]) == 30 and "position" not in everything


# --------------------------------------------------------------------------- update


def test_update_name_description_enabled_customer_id(client):
    k = client.create_api_key(name=unique("u"))
    new_name = unique("renamed")
    out = client.update_api_key(apiKey=k["id"], patchOperations=[
        {"op": "replace", "path": "/name", "value": new_name},
        {"op": "replace", "path": "/description", "value": "now described"},
        {"op": "replace", "path": "/enabled", "value": "true"},
        {"op": "replace", "path": "/customerId", "value": "cust-upd"},
    ])
    assert out["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert "value" not in out
    assert out["name"] == new_name and out["description"] == "now described"
    assert out["enabled"] is True and out["customerId"] == "cust-upd"
    got = client.get_api_key(apiKey=k["id"])
    assert (got["name"], got["enabled"], got["customerId"]) == (new_name, True, "cust-upd")
    assert got["lastUpdatedDate"] >= got["createdDate"]

    client.update_api_key(apiKey=k["id"], patchOperations=[
        {"op": "replace", "path": "/enabled", "value": "false"}])
    assert client.get_api_key(apiKey=k["id"])["enabled"] is False


@pytest.mark.parametrize("op,path", [("replace", "/value"), ("replace", "/stageKeys"),
                                     ("replace", "/id")])
def test_update_bad_path(client, op, path):
    k = client.create_api_key(name=unique("bad"))
    with pytest.raises(ClientError) as e:
        client.update_api_key(apiKey=k["id"],
                              patchOperations=[{"op": op, "path": path, "value": "x"}])
    assert error_of(e) == (400, "BadRequestException", PATCH_PATH_MSG.format(path=path, op=op))


def test_update_unknown_key(client):
    with pytest.raises(ClientError) as e:
        client.update_api_key(apiKey="nosuchkey2", patchOperations=[
            {"op": "replace", "path": "/name", "value": "x"}])
    assert error_of(e) == (404, "NotFoundException", "Invalid API Key identifier specified")


# --------------------------------------------------------------------------- delete


def test_delete(client):
    k = client.create_api_key(name=unique("del"))
    out = client.delete_api_key(apiKey=k["id"])
    assert out["ResponseMetadata"]["HTTPStatusCode"] == 202
    with pytest.raises(ClientError) as e:
        client.get_api_key(apiKey=k["id"])
    assert error_of(e) == (404, "NotFoundException", "Invalid API Key identifier specified")
    with pytest.raises(ClientError) as e:
        client.delete_api_key(apiKey=k["id"])
    assert error_of(e)[:2] == (404, "NotFoundException")


def test_deleted_value_can_be_reused(client):
    v = value_of(24, unique("re").replace("-", ""))
    k = client.create_api_key(name=unique("r1"), value=v)
    client.delete_api_key(apiKey=k["id"])
    assert client.create_api_key(name=unique("r2"), value=v)["value"] == v


# --------------------------------------------------------------------------- import


def _keys_named(client, prefix):
    return client.get_api_keys(nameQuery=prefix, includeValues=True, limit=500)["items"]


def test_import_csv_basic(client):
    p = unique("imp")
    v1, v2 = value_of(25, p.replace("-", "") + "a"), value_of(26, p.replace("-", "") + "b")
    csv = f"Name,Key,Description\n{p}-1,{v1},first\n{p}-2,{v2},second\n"
    out = client.import_api_keys(body=csv.encode(), format="csv")
    assert out["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert len(out["ids"]) == 2
    assert out.get("warnings", []) == []
    keys = {k["name"]: k for k in _keys_named(client, p)}
    assert set(keys) == {f"{p}-1", f"{p}-2"}
    assert {k["id"] for k in keys.values()} == set(out["ids"])
    assert keys[f"{p}-1"]["value"] == v1 and keys[f"{p}-2"]["value"] == v2
    assert keys[f"{p}-1"]["description"] == "first"
    assert all(k["enabled"] is True for k in keys.values()), "Enabled defaults to true on import"


def test_import_columns_any_order_and_case(client):
    p = unique("ord")
    v = value_of(22, p.replace("-", ""))
    csv = f"key,ENABLED,extra,name\n{v},false,ignored,{p}\n"
    out = client.import_api_keys(body=csv.encode(), format="csv")
    assert len(out["ids"]) == 1
    [k] = _keys_named(client, p)
    assert k["value"] == v and k["enabled"] is False


def test_import_usage_plan_ids_attaches(client):
    p = unique("att")
    plan1 = client.create_usage_plan(name=unique("ip1"))["id"]
    plan2 = client.create_usage_plan(name=unique("ip2"))["id"]
    v = value_of(30, p.replace("-", ""))
    csv = f'name,key,usageplanIds\n{p},{v},"{plan1},{plan2}"\n'
    out = client.import_api_keys(body=csv.encode(), format="csv")
    [key_id] = out["ids"]
    for plan in (plan1, plan2):
        items = client.get_usage_plan_keys(usagePlanId=plan)["items"]
        assert [(i["id"], i["type"], i["value"], i["name"]) for i in items] == \
            [(key_id, "API_KEY", v, p)]


def test_import_bad_row_becomes_warning(client):
    p = unique("warn")
    good = value_of(25, p.replace("-", ""))
    csv = f"Name,Key\n{p}-good,{good}\n{p}-bad,tooshort\n"
    out = client.import_api_keys(body=csv.encode(), format="csv", failOnWarnings=False)
    assert out["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert len(out["ids"]) == 1
    assert len(out["warnings"]) >= 1 and all(isinstance(w, str) for w in out["warnings"])
    assert [k["name"] for k in _keys_named(client, p)] == [f"{p}-good"]


def test_import_fail_on_warnings_rolls_back(client):
    p = unique("fow")
    good = value_of(25, p.replace("-", ""))
    csv = f"Name,Key\n{p}-good,{good}\n{p}-bad,tooshort\n"
    with pytest.raises(ClientError) as e:
        client.import_api_keys(body=csv.encode(), format="csv", failOnWarnings=True)
    assert error_of(e)[:2] == (400, "BadRequestException")
    assert _keys_named(client, p) == []
    # the good value was not taken either
    assert client.create_api_key(name=p, value=good)["value"] == good


def test_import_without_key_column_is_refused(client):
    p = unique("nokey")
    with pytest.raises(ClientError) as e:
        client.import_api_keys(body=f"Name,Description\n{p},d\n".encode(), format="csv",
                               failOnWarnings=True)
    assert error_of(e)[0] == 400
    assert _keys_named(client, p) == []


def test_parallel_creates_with_one_value_admit_one(server):
    import concurrent.futures
    v = value_of(32, unique("par").replace("-", ""))

    def create(i):
        try:
            server.client().create_api_key(name=f"par-{i}", value=v)
            return 201
        except ClientError as e:
            return e.response["ResponseMetadata"]["HTTPStatusCode"]

    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        results = list(pool.map(create, range(8)))
    assert sorted(results) == [201] + [409] * 7, results


def test_update_enabled_with_non_boolean(client):
    k = client.create_api_key(name=unique("nb"))
    with pytest.raises(ClientError) as e:
        client.update_api_key(apiKey=k["id"], patchOperations=[
            {"op": "replace", "path": "/enabled", "value": "maybe"}])
    assert error_of(e)[:2] == (400, "BadRequestException")
    assert client.get_api_key(apiKey=k["id"])["enabled"] is False


def test_import_row_without_name_or_key_is_a_warning(client):
    p = unique("nr")
    good = value_of(25, p.replace("-", ""))
    csv = f"Name,Key\n{p}-good,{good}\n,{value_of(25, 'zz' + p.replace('-', ''))}\n{p}-nokey,\n"
    out = client.import_api_keys(body=csv.encode(), format="csv")
    assert len(out["ids"]) == 1 and len(out["warnings"]) == 2, out
    assert [k["name"] for k in _keys_named(client, p)] == [f"{p}-good"]


def test_ids_are_short_lowercase_alphanumeric(client):
    k = client.create_api_key(name=unique("id"))
    p = client.create_usage_plan(name=unique("idp"))
    a = client.create_rest_api(name=unique("ida"))
    for value in (k["id"], p["id"], a["id"], a["rootResourceId"]):
        assert re.fullmatch(r"[a-z0-9]{6,10}", value), value
