"""Edge cases that real clients hit: SigV4 canonicalisation details, CSV dialects, the
two-plans-one-stage rule from the other side, resource tree rules."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError

from turnpike_harness import error_of, make_deployed_api, signed_request, unique


# --------------------------------------------------------------------------- SigV4 details


@pytest.mark.parametrize("name_query", ["a b", "x+y", "slash/é", "q=1&r", "~tilde*star'"])
def test_query_strings_needing_encoding_are_signed_correctly(client, name_query):
    k = client.create_api_key(name=name_query + unique("-"))
    items = client.get_api_keys(nameQuery=name_query, limit=500)["items"]
    assert k["id"] in [i["id"] for i in items]


def test_signed_header_with_inner_spaces(server):
    r = server.raw("GET", "/account", headers={"X-Amz-Meta-Note": "  a   b  c  "})
    assert r.status == 200, (r.status, r.body)


def test_lowercase_header_names(server):
    ak, sk = server.credentials()
    r = signed_request(server.endpoint, "GET", "/account", access_key=ak, secret_key=sk,
                       headers={"x-amz-meta-lower": "v"})
    assert r.status == 200


def test_repeated_query_keys_untag_two(client):
    k = client.create_api_key(name=unique("ut"), tags={"a": "1", "b": "2", "c": "3"})
    arn = f"arn:aws:apigateway:us-east-1::/apikeys/{k['id']}"
    client.untag_resource(resourceArn=arn, tagKeys=["a", "b"])
    assert client.get_tags(resourceArn=arn)["tags"] == {"c": "3"}


def test_expect_100_continue(server):
    r = server.raw("POST", "/apikeys", {"name": unique("exp")}, headers={"Expect": "100-continue"})
    assert r.status == 201, (r.status, r.body)


# --------------------------------------------------------------------------- CSV dialects


def _names(client, prefix):
    return sorted(k["name"] for k in client.get_api_keys(nameQuery=prefix, limit=500)["items"])


@pytest.mark.parametrize("bom", ["", "\ufeff"], ids=["plain", "utf8-bom"])
def test_import_crlf_and_quoted_fields(client, bom):
    """Spreadsheet exports: CRLF line ends, quoted fields, and (Excel) a UTF-8 byte order mark."""
    p = unique("dia")
    v1, v2 = (p.replace("-", "") + "A" * 30)[:28], (p.replace("-", "") + "B" * 30)[:28]
    csv = (bom + "Name,Key,Description\r\n"
           f'{p}-1,{v1},"has, a comma"\r\n'
           f'"{p}-2",{v2},"says ""hi"""\r\n\r\n')
    out = client.import_api_keys(body=csv.encode("utf-8"), format="csv")
    assert len(out["ids"]) == 2 and out.get("warnings", []) == [], out
    keys = {k["name"]: k for k in client.get_api_keys(nameQuery=p, includeValues=True)["items"]}
    assert keys[f"{p}-1"]["description"] == "has, a comma"
    assert keys[f"{p}-2"]["description"] == 'says "hi"'
    assert keys[f"{p}-2"]["value"] == v2


def test_import_into_two_plans_sharing_a_stage_is_not_allowed(client, deployed_api):
    a = deployed_api
    stage = [{"apiId": a.api_id, "stage": a.stage}]
    p1 = client.create_usage_plan(name=unique("is1"), apiStages=stage)["id"]
    p2 = client.create_usage_plan(name=unique("is2"), apiStages=stage)["id"]
    n = unique("imp2")
    csv = f'Name,Key,UsagePlanIds\n{n},{(n.replace("-", "") + "k" * 30)[:26]},"{p1},{p2}"\n'
    try:
        out = client.import_api_keys(body=csv.encode(), format="csv")
    except ClientError as e:
        assert e.response["ResponseMetadata"]["HTTPStatusCode"] in (400, 409)
        return
    in_plans = [p for p in (p1, p2) if client.get_usage_plan_keys(usagePlanId=p).get("items")]
    assert len(in_plans) <= 1, f"key {out['ids']} is in two plans sharing {a.api_id}:{a.stage}"


# --------------------------------------------------------------------------- two plans, one stage


def test_adding_a_shared_stage_to_a_plan_with_the_key_conflicts(client, deployed_api, api_key):
    """Key K is in plan A (stage S) and in plan B (no stages). Adding S to B would put K in
    two plans sharing S: refused like CreateUsagePlanKey's 409."""
    a = deployed_api
    pa = client.create_usage_plan(name=unique("pa"), apiStages=[{"apiId": a.api_id, "stage": a.stage}])["id"]
    pb = client.create_usage_plan(name=unique("pb"))["id"]
    for p in (pa, pb):
        client.create_usage_plan_key(usagePlanId=p, keyId=api_key["id"], keyType="API_KEY")
    with pytest.raises(ClientError) as e:
        client.update_usage_plan(usagePlanId=pb, patchOperations=[
            {"op": "add", "path": "/apiStages", "value": f"{a.api_id}:{a.stage}"}])
    assert error_of(e)[:2] == (409, "ConflictException")
    assert client.get_usage_plan(usagePlanId=pb)["apiStages"] == []


def test_same_stage_twice_in_one_plan(client, deployed_api):
    a = deployed_api
    p = client.create_usage_plan(name=unique("tw"), apiStages=[{"apiId": a.api_id, "stage": a.stage}])["id"]
    try:
        client.update_usage_plan(usagePlanId=p, patchOperations=[
            {"op": "add", "path": "/apiStages", "value": f"{a.api_id}:{a.stage}"}])
    except ClientError as e:
        assert 400 <= e.response["ResponseMetadata"]["HTTPStatusCode"] < 500
    assert client.get_usage_plan(usagePlanId=p)["apiStages"] == [{"apiId": a.api_id, "stage": a.stage}]


# --------------------------------------------------------------------------- resource tree rules


@pytest.fixture
def api(client):
    return client.create_rest_api(name=unique("tree"))


def test_two_variable_siblings_are_refused(client, api):
    root = api["rootResourceId"]
    client.create_resource(restApiId=api["id"], parentId=root, pathPart="{id}")
    for part in ("{name}", "{proxy+}"):
        with pytest.raises(ClientError) as e:
            client.create_resource(restApiId=api["id"], parentId=root, pathPart=part)
        assert error_of(e)[0] in (400, 409), part


def test_greedy_resource_cannot_have_children(client, api):
    g = client.create_resource(restApiId=api["id"], parentId=api["rootResourceId"], pathPart="{proxy+}")
    with pytest.raises(ClientError) as e:
        client.create_resource(restApiId=api["id"], parentId=g["id"], pathPart="child")
    assert error_of(e)[0] == 400


@pytest.mark.parametrize("part", ["", "a/b", "sp ace", "{unclosed", "{}"])
def test_invalid_path_parts(client, api, part):
    with pytest.raises(ClientError) as e:
        client.create_resource(restApiId=api["id"], parentId=api["rootResourceId"], pathPart=part)
    assert error_of(e)[0] == 400


def test_renaming_a_resource_updates_child_paths(client, api):
    a = api["id"]
    pets = client.create_resource(restApiId=a, parentId=api["rootResourceId"], pathPart="pets")
    pet = client.create_resource(restApiId=a, parentId=pets["id"], pathPart="{id}")
    out = client.update_resource(restApiId=a, resourceId=pets["id"], patchOperations=[
        {"op": "replace", "path": "/pathPart", "value": "animals"}])
    assert out["path"] == "/animals"
    assert client.get_resource(restApiId=a, resourceId=pet["id"])["path"] == "/animals/{id}"


def test_rename_into_sibling_conflict(client, api):
    a, root = api["id"], api["rootResourceId"]
    client.create_resource(restApiId=a, parentId=root, pathPart="pets")
    cats = client.create_resource(restApiId=a, parentId=root, pathPart="cats")
    with pytest.raises(ClientError) as e:
        client.update_resource(restApiId=a, resourceId=cats["id"], patchOperations=[
            {"op": "replace", "path": "/pathPart", "value": "pets"}])
    assert error_of(e)[:2] == (409, "ConflictException")


def test_pagination_of_usage_plan_keys_and_resources(client):
    p = client.create_usage_plan(name=unique("pg"))["id"]
    ids = set()
    for i in range(27):
        k = client.create_api_key(name=unique(f"pg{i}"))
        client.create_usage_plan_key(usagePlanId=p, keyId=k["id"], keyType="API_KEY")
        ids.add(k["id"])
    first = client.get_usage_plan_keys(usagePlanId=p)
    assert len(first["items"]) == 25 and first.get("position")
    pages = client.get_paginator("get_usage_plan_keys").paginate(usagePlanId=p, PaginationConfig={"PageSize": 10})
    assert {i["id"] for page in pages for i in page["items"]} == ids
    a = client.create_rest_api(name=unique("pgr"))
    for i in range(26):
        client.create_resource(restApiId=a["id"], parentId=a["rootResourceId"], pathPart=f"r{i}")
    res = [i for page in client.get_paginator("get_resources").paginate(restApiId=a["id"]) for i in page["items"]]
    assert len(res) == 27 and len({r["id"] for r in res}) == 27


def test_stage_deployment_id_patch(client, deployed_api):
    a = deployed_api
    with pytest.raises(ClientError) as e:
        client.update_stage(restApiId=a.api_id, stageName=a.stage, patchOperations=[
            {"op": "replace", "path": "/deploymentId", "value": "nosuch"}])
    assert error_of(e)[0] in (400, 404)
    d2 = client.create_deployment(restApiId=a.api_id)
    out = client.update_stage(restApiId=a.api_id, stageName=a.stage, patchOperations=[
        {"op": "replace", "path": "/deploymentId", "value": d2["id"]}])
    assert out["deploymentId"] == d2["id"]


def test_deleting_a_stage_removes_it_from_usage_plans(client):
    a = make_deployed_api(client, stage="gone")
    p = client.create_usage_plan(name=unique("ds"), apiStages=[{"apiId": a.api_id, "stage": "gone"}])["id"]
    try:
        client.delete_stage(restApiId=a.api_id, stageName="gone")
    except ClientError as e:  # refusing is acceptable too; a dangling stage is not
        assert 400 <= e.response["ResponseMetadata"]["HTTPStatusCode"] < 500
        return
    assert client.get_usage_plan(usagePlanId=p)["apiStages"] == []
    assert client.delete_usage_plan(usagePlanId=p)["ResponseMetadata"]["HTTPStatusCode"] == 202


def test_busy_port_fails_fast(server):
    """Starting on a port that is taken ends the process with an error instead of hanging."""
    import shutil
    import subprocess
    from turnpike_harness import binary_path, new_scratch_dir
    root = new_scratch_dir()
    p = subprocess.Popen([str(binary_path()), "serve", "--host", "127.0.0.1", "--port", str(server.port),
                          "--data-dir", str(root / "data")], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         env={"PATH": "/usr/bin:/bin", "TURNPIKE_ADMIN_ACCESS_KEY_ID": "AKIAX",
                              "TURNPIKE_ADMIN_SECRET_ACCESS_KEY": "y"})
    try:
        rc = p.wait(timeout=30)
    except subprocess.TimeoutExpired:
        p.kill()
        p.wait(timeout=10)
        pytest.fail("turnpike kept running although its port was taken")
    finally:
        shutil.rmtree(root, ignore_errors=True)
    assert rc != 0
    assert server.alive()
