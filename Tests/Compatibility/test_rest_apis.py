"""REST APIs, resources, methods, integrations, deployments, stages, gateway responses,
account, tags, and operations Turnpike does not implement."""

from __future__ import annotations

import datetime

import pytest
from botocore.exceptions import ClientError

from turnpike_harness import error_of, unique

HTTP_METHOD_MSG = ("Invalid HttpMethod specified. Valid options are "
                   "GET,PUT,POST,DELETE,PATCH,OPTIONS,HEAD,ANY")


@pytest.fixture
def api(client):
    return client.create_rest_api(name=unique("api"))


@pytest.fixture
def pets(client, api):
    return client.create_resource(restApiId=api["id"], parentId=api["rootResourceId"], pathPart="pets")


def status(resp) -> int:
    return resp["ResponseMetadata"]["HTTPStatusCode"]


# --------------------------------------------------------------------------- rest apis


def test_create_rest_api_defaults(client):
    n = unique("api")
    a = client.create_rest_api(name=n, description="d")
    assert status(a) == 201
    assert a["name"] == n and a["description"] == "d"
    assert a["apiKeySource"] == "HEADER"
    assert a["endpointConfiguration"]["types"] == ["EDGE"]
    assert a["disableExecuteApiEndpoint"] is False
    assert isinstance(a["rootResourceId"], str) and a["rootResourceId"]
    assert isinstance(a["createdDate"], datetime.datetime)
    got = client.get_rest_api(restApiId=a["id"])
    assert (got["name"], got["rootResourceId"], got["apiKeySource"]) == (n, a["rootResourceId"], "HEADER")
    assert a["id"] in [i["id"] for p in client.get_paginator("get_rest_apis").paginate() for i in p["items"]]


def test_update_and_delete_rest_api(client, api):
    out = client.update_rest_api(restApiId=api["id"], patchOperations=[
        {"op": "replace", "path": "/name", "value": "renamed"},
        {"op": "replace", "path": "/apiKeySource", "value": "HEADER"}])
    assert status(out) == 200 and out["name"] == "renamed"
    assert status(client.delete_rest_api(restApiId=api["id"])) == 202
    with pytest.raises(ClientError) as e:
        client.get_rest_api(restApiId=api["id"])
    s, code, msg = error_of(e)
    assert (s, code) == (404, "NotFoundException")
    assert msg.startswith("Invalid API identifier specified") and msg.endswith(api["id"]), msg


def test_unknown_rest_api(client):
    with pytest.raises(ClientError) as e:
        client.get_rest_api(restApiId="nosuchapi1")
    s, code, msg = error_of(e)
    assert (s, code) == (404, "NotFoundException")
    assert msg.startswith("Invalid API identifier specified ") and msg.endswith(":nosuchapi1"), msg


# --------------------------------------------------------------------------- resources


def test_resource_tree(client, api, pets):
    a = api["id"]
    assert status(pets) == 201
    assert (pets["parentId"], pets["pathPart"], pets["path"]) == (api["rootResourceId"], "pets", "/pets")
    pet = client.create_resource(restApiId=a, parentId=pets["id"], pathPart="{id}")
    assert pet["path"] == "/pets/{id}"
    files = client.create_resource(restApiId=a, parentId=api["rootResourceId"], pathPart="files")
    proxy = client.create_resource(restApiId=a, parentId=files["id"], pathPart="{proxy+}")
    assert proxy["path"] == "/files/{proxy+}" and proxy["pathPart"] == "{proxy+}"
    items = client.get_resources(restApiId=a, limit=500)["items"]
    by_path = {i["path"]: i for i in items}
    assert set(by_path) == {"/", "/pets", "/pets/{id}", "/files", "/files/{proxy+}"}
    assert by_path["/"]["id"] == api["rootResourceId"] and "parentId" not in by_path["/"]
    assert by_path["/pets/{id}"]["parentId"] == pets["id"]
    got = client.get_resource(restApiId=a, resourceId=pet["id"])
    assert (got["id"], got["path"], got["pathPart"]) == (pet["id"], "/pets/{id}", "{id}")


def test_sibling_conflict(client, api, pets):
    with pytest.raises(ClientError) as e:
        client.create_resource(restApiId=api["id"], parentId=api["rootResourceId"], pathPart="pets")
    assert error_of(e) == (409, "ConflictException",
                           "Another resource with the same parent already has this name: pets")


def test_unknown_resource_and_delete_subtree(client, api, pets):
    a = api["id"]
    with pytest.raises(ClientError) as e:
        client.get_resource(restApiId=a, resourceId="nosuch")
    assert error_of(e) == (404, "NotFoundException", "Invalid Resource identifier specified")
    child = client.create_resource(restApiId=a, parentId=pets["id"], pathPart="{id}")
    assert status(client.delete_resource(restApiId=a, resourceId=pets["id"])) == 202
    for rid in (pets["id"], child["id"]):
        with pytest.raises(ClientError) as e:
            client.get_resource(restApiId=a, resourceId=rid)
        assert error_of(e)[:2] == (404, "NotFoundException")


# --------------------------------------------------------------------------- methods


def test_method_lifecycle(client, api, pets):
    a, r = api["id"], pets["id"]
    m = client.put_method(restApiId=a, resourceId=r, httpMethod="GET", authorizationType="NONE",
                          apiKeyRequired=True,
                          requestParameters={"method.request.querystring.q": False,
                                             "method.request.header.x-trace": True})
    assert status(m) == 201
    assert (m["httpMethod"], m["authorizationType"], m["apiKeyRequired"]) == ("GET", "NONE", True)
    assert m["requestParameters"] == {"method.request.querystring.q": False,
                                      "method.request.header.x-trace": True}
    got = client.get_method(restApiId=a, resourceId=r, httpMethod="GET")
    assert got["apiKeyRequired"] is True and got["requestParameters"] == m["requestParameters"]
    out = client.update_method(restApiId=a, resourceId=r, httpMethod="GET", patchOperations=[
        {"op": "replace", "path": "/apiKeyRequired", "value": "false"}])
    assert status(out) == 200 and out["apiKeyRequired"] is False
    assert "GET" in client.get_resource(restApiId=a, resourceId=r).get("resourceMethods", {})
    assert status(client.delete_method(restApiId=a, resourceId=r, httpMethod="GET")) == 204
    with pytest.raises(ClientError) as e:
        client.get_method(restApiId=a, resourceId=r, httpMethod="GET")
    assert error_of(e) == (404, "NotFoundException", "Invalid Method identifier specified")


def test_bad_http_method(client, api, pets):
    with pytest.raises(ClientError) as e:
        client.put_method(restApiId=api["id"], resourceId=pets["id"], httpMethod="FOO",
                          authorizationType="NONE")
    assert error_of(e) == (400, "BadRequestException", HTTP_METHOD_MSG)


# --------------------------------------------------------------------------- integrations


def _method(client, api, res, http_method="GET", **kw):
    client.put_method(restApiId=api["id"], resourceId=res, httpMethod=http_method,
                      authorizationType="NONE", **kw)


def _assert_integration_defaults(integ, resource_id):
    assert integ["timeoutInMillis"] == 29000
    assert integ["passthroughBehavior"] == "WHEN_NO_MATCH"
    assert integ["cacheNamespace"] == resource_id
    assert integ["cacheKeyParameters"] == []


def test_mock_integration(client, api, pets):
    _method(client, api, pets["id"])
    i = client.put_integration(restApiId=api["id"], resourceId=pets["id"], httpMethod="GET",
                               type="MOCK", requestTemplates={"application/json": '{"statusCode": 200}'})
    assert status(i) == 201 and i["type"] == "MOCK"
    assert i["requestTemplates"] == {"application/json": '{"statusCode": 200}'}
    _assert_integration_defaults(i, pets["id"])
    got = client.get_integration(restApiId=api["id"], resourceId=pets["id"], httpMethod="GET")
    assert got["type"] == "MOCK"
    _assert_integration_defaults(got, pets["id"])


@pytest.mark.parametrize("itype", ["HTTP", "HTTP_PROXY"])
def test_http_integrations(client, api, pets, itype):
    a = api["id"]
    pet = client.create_resource(restApiId=a, parentId=pets["id"], pathPart="{id}")
    _method(client, api, pet["id"], requestParameters={"method.request.path.id": True})
    i = client.put_integration(restApiId=a, resourceId=pet["id"], httpMethod="GET", type=itype,
                               integrationHttpMethod="GET", uri="http://127.0.0.1:9/pets/{id}",
                               requestParameters={"integration.request.path.id": "method.request.path.id"})
    assert status(i) == 201
    assert (i["type"], i["httpMethod"], i["uri"]) == (itype, "GET", "http://127.0.0.1:9/pets/{id}")
    assert i["connectionType"] == "INTERNET"
    assert i["requestParameters"] == {"integration.request.path.id": "method.request.path.id"}
    _assert_integration_defaults(i, pet["id"])
    m = client.get_method(restApiId=a, resourceId=pet["id"], httpMethod="GET")
    assert m["methodIntegration"]["type"] == itype
    assert m["methodIntegration"]["uri"] == "http://127.0.0.1:9/pets/{id}"
    out = client.update_integration(restApiId=a, resourceId=pet["id"], httpMethod="GET", patchOperations=[
        {"op": "replace", "path": "/timeoutInMillis", "value": "5000"}])
    assert out["timeoutInMillis"] == 5000


def test_http_integration_needs_method_and_uri(client, api, pets):
    _method(client, api, pets["id"])
    kw = dict(restApiId=api["id"], resourceId=pets["id"], httpMethod="GET", type="HTTP")
    with pytest.raises(ClientError) as e:
        client.put_integration(uri="http://127.0.0.1:9/", **kw)
    assert error_of(e) == (400, "BadRequestException", "Enumeration value for HttpMethod must be non-empty")
    with pytest.raises(ClientError) as e:
        client.put_integration(integrationHttpMethod="GET", **kw)
    assert error_of(e) == (400, "BadRequestException", "Invalid HTTP endpoint specified for URI")
    with pytest.raises(ClientError) as e:
        client.put_integration(integrationHttpMethod="GET", uri="not a url", **kw)
    assert error_of(e) == (400, "BadRequestException", "Invalid HTTP endpoint specified for URI")


def test_integration_unknown(client, api, pets):
    with pytest.raises(ClientError) as e:
        client.put_integration(restApiId=api["id"], resourceId=pets["id"], httpMethod="GET", type="MOCK")
    assert error_of(e) == (404, "NotFoundException", "Invalid Method identifier specified")
    _method(client, api, pets["id"])
    with pytest.raises(ClientError) as e:
        client.get_integration(restApiId=api["id"], resourceId=pets["id"], httpMethod="GET")
    assert error_of(e) == (404, "NotFoundException", "Invalid Integration identifier specified")


def test_method_and_integration_responses(client, api, pets):
    a, r = api["id"], pets["id"]
    _method(client, api, r)
    client.put_integration(restApiId=a, resourceId=r, httpMethod="GET", type="MOCK",
                           requestTemplates={"application/json": '{"statusCode": 200}'})
    mr = client.put_method_response(restApiId=a, resourceId=r, httpMethod="GET", statusCode="200",
                                    responseParameters={"method.response.header.X-Id": False})
    assert status(mr) == 201 and mr["statusCode"] == "200"
    ir = client.put_integration_response(restApiId=a, resourceId=r, httpMethod="GET", statusCode="200",
                                         selectionPattern="",
                                         responseTemplates={"application/json": '{"ok": true}'})
    assert status(ir) == 201 and ir["statusCode"] == "200"
    assert ir["responseTemplates"] == {"application/json": '{"ok": true}'}
    assert client.get_method_response(restApiId=a, resourceId=r, httpMethod="GET",
                                      statusCode="200")["responseParameters"] == \
        {"method.response.header.X-Id": False}
    m = client.get_method(restApiId=a, resourceId=r, httpMethod="GET")
    assert "200" in m["methodResponses"]
    assert "200" in m["methodIntegration"]["integrationResponses"]
    assert status(client.delete_integration_response(restApiId=a, resourceId=r, httpMethod="GET",
                                                     statusCode="200")) == 204
    assert status(client.delete_method_response(restApiId=a, resourceId=r, httpMethod="GET",
                                                 statusCode="200")) == 204
    with pytest.raises(ClientError) as e:
        client.get_method_response(restApiId=a, resourceId=r, httpMethod="GET", statusCode="200")
    assert error_of(e)[:2] == (404, "NotFoundException")
    assert status(client.delete_integration(restApiId=a, resourceId=r, httpMethod="GET")) == 204


# --------------------------------------------------------------------------- deployments & stages


def test_deployment_without_methods(client, api):
    with pytest.raises(ClientError) as e:
        client.create_deployment(restApiId=api["id"], stageName="dev")
    assert error_of(e) == (400, "BadRequestException", "The REST API doesn't contain any methods")


def test_deployments_and_stages(client, deployed_api):
    a = deployed_api.api_id
    st = client.get_stage(restApiId=a, stageName="prod")
    assert st["deploymentId"] == deployed_api.deployment_id
    d2 = client.create_deployment(restApiId=a, description="second")
    assert status(d2) == 201 and isinstance(d2["createdDate"], datetime.datetime)
    assert client.get_deployment(restApiId=a, deploymentId=d2["id"])["description"] == "second"
    assert {d["id"] for d in client.get_deployments(restApiId=a)["items"]} == \
        {deployed_api.deployment_id, d2["id"]}
    s = client.create_stage(restApiId=a, stageName="v2", deploymentId=d2["id"], description="two")
    assert status(s) == 201
    assert (s["stageName"], s["deploymentId"], s["description"]) == ("v2", d2["id"], "two")
    assert s["cacheClusterEnabled"] is False and s["cacheClusterStatus"] == "NOT_AVAILABLE"
    assert s["methodSettings"] == {} and s["tracingEnabled"] is False
    assert isinstance(s["createdDate"], datetime.datetime)
    assert {x["stageName"] for x in client.get_stages(restApiId=a)["item"]} == {"prod", "v2"}
    # a deployment naming an existing stage moves that stage
    d3 = client.create_deployment(restApiId=a, stageName="v2")
    assert client.get_stage(restApiId=a, stageName="v2")["deploymentId"] == d3["id"]

    with pytest.raises(ClientError) as e:
        client.delete_deployment(restApiId=a, deploymentId=d3["id"])
    assert error_of(e) == (400, "BadRequestException",
                           "Active stages pointing to this deployment must be moved or deleted")
    assert status(client.delete_stage(restApiId=a, stageName="v2")) == 202
    assert status(client.delete_deployment(restApiId=a, deploymentId=d3["id"])) == 202
    with pytest.raises(ClientError) as e:
        client.get_stage(restApiId=a, stageName="v2")
    assert error_of(e)[:2] == (404, "NotFoundException")


METHOD_SETTING_DEFAULTS = {
    "metricsEnabled": False, "dataTraceEnabled": False, "throttlingBurstLimit": 5000,
    "throttlingRateLimit": 10000.0, "cachingEnabled": False, "cacheTtlInSeconds": 300,
    "cacheDataEncrypted": False, "requireAuthorizationForCacheControl": True,
    "unauthorizedCacheControlHeaderStrategy": "SUCCEED_WITH_RESPONSE_HEADER",
}


def test_stage_method_settings(client, deployed_api):
    a, s = deployed_api.api_id, deployed_api.stage

    def upd(*ops):
        return client.update_stage(restApiId=a, stageName=s, patchOperations=[
            {"op": op, "path": path, "value": v} for op, path, v in ops])["methodSettings"]

    with pytest.raises(ClientError) as e:
        client.update_stage(restApiId=a, stageName=s,
                            patchOperations=[{"op": "remove", "path": "/*/*"}])
    assert error_of(e) == (400, "BadRequestException",
                           "Cannot remove method setting */* because there is no method setting "
                           "for this method ")
    ms = upd(("replace", "/*/*/throttling/rateLimit", "100"))
    star = ms["*/*"]
    for k, v in METHOD_SETTING_DEFAULTS.items():
        if k != "throttlingRateLimit":
            assert star.get(k) == v, k
    assert star["throttlingRateLimit"] == 100.0
    ms = upd(("replace", "/~1pets/GET/throttling/burstLimit", "7"))
    assert ms["pets/GET"]["throttlingBurstLimit"] == 7
    assert ms["pets/GET"]["throttlingRateLimit"] == 100.0, "copied from */* when created"
    ms = upd(("replace", "/*/*/throttling/rateLimit", "50"), ("replace", "/*/*/throttling/burstLimit", "60"))
    assert (ms["*/*"]["throttlingRateLimit"], ms["*/*"]["throttlingBurstLimit"]) == (50.0, 60)
    assert (ms["pets/GET"]["throttlingRateLimit"], ms["pets/GET"]["throttlingBurstLimit"]) == (100.0, 7)
    assert client.get_stage(restApiId=a, stageName=s)["methodSettings"] == ms
    with pytest.raises(ClientError) as e:
        upd(("replace", "/*/*/throttling/nonsense", "1"))
    s_, code, msg = error_of(e)
    assert (s_, code) == (400, "BadRequestException") and msg.startswith("Invalid method setting path: ")


# --------------------------------------------------------------------------- gateway responses


def test_gateway_responses(client, api):
    a = api["id"]
    g = client.put_gateway_response(restApiId=a, responseType="THROTTLED", statusCode="429",
                                    responseParameters={"gatewayresponse.header.X-Why": "'slow'"},
                                    responseTemplates={"application/json": '{"msg": "slow down"}'})
    assert status(g) == 201
    assert (g["responseType"], g["statusCode"], g["defaultResponse"]) == ("THROTTLED", "429", False)
    got = client.get_gateway_response(restApiId=a, responseType="THROTTLED")
    assert got["responseTemplates"] == {"application/json": '{"msg": "slow down"}'}
    assert got["responseParameters"] == {"gatewayresponse.header.X-Why": "'slow'"}
    items = {i["responseType"]: i for i in client.get_gateway_responses(restApiId=a, limit=500)["items"]}
    assert items["THROTTLED"]["defaultResponse"] is False
    assert status(client.delete_gateway_response(restApiId=a, responseType="THROTTLED")) == 202
    try:
        after = client.get_gateway_response(restApiId=a, responseType="THROTTLED")
        assert after["defaultResponse"] is True
    except ClientError as e:
        assert e.response["ResponseMetadata"]["HTTPStatusCode"] == 404


# --------------------------------------------------------------------------- account & tags


def test_account(fresh_server):
    c = fresh_server.client()
    acc = c.get_account()
    assert acc["throttleSettings"] == {"burstLimit": 5000, "rateLimit": 10000.0}
    out = c.update_account(patchOperations=[
        {"op": "replace", "path": "/throttle/rateLimit", "value": "2000"},
        {"op": "replace", "path": "/throttle/burstLimit", "value": "1000"}])
    assert out["throttleSettings"] == {"burstLimit": 1000, "rateLimit": 2000.0}
    assert c.get_account()["throttleSettings"] == {"burstLimit": 1000, "rateLimit": 2000.0}
    role = "arn:aws:iam::123456789012:role/apigw-logs"
    out = c.update_account(patchOperations=[{"op": "replace", "path": "/cloudwatchRoleArn", "value": role}])
    assert out["cloudwatchRoleArn"] == role


def test_tags_by_arn(client, deployed_api):
    key = client.create_api_key(name=unique("tag"))
    plan = client.create_usage_plan(name=unique("tagp"))
    arns = [f"arn:aws:apigateway:us-east-1::/apikeys/{key['id']}",
            f"arn:aws:apigateway:us-east-1::/usageplans/{plan['id']}",
            f"arn:aws:apigateway:us-east-1::/restapis/{deployed_api.api_id}",
            f"arn:aws:apigateway:us-east-1::/restapis/{deployed_api.api_id}/stages/{deployed_api.stage}"]
    for arn in arns:
        out = client.tag_resource(resourceArn=arn, tags={"a": "1", "b": "2"})
        assert status(out) == 204, arn
        assert client.get_tags(resourceArn=arn)["tags"] == {"a": "1", "b": "2"}, arn
        assert status(client.untag_resource(resourceArn=arn, tagKeys=["a"])) == 204
        assert client.get_tags(resourceArn=arn)["tags"] == {"b": "2"}, arn
    assert client.get_api_key(apiKey=key["id"])["tags"] == {"b": "2"}
    assert client.get_usage_plan(usagePlanId=plan["id"])["tags"] == {"b": "2"}
    assert client.get_stage(restApiId=deployed_api.api_id, stageName=deployed_api.stage)["tags"] == {"b": "2"}


def test_tags_unknown_resource(client):
    with pytest.raises(ClientError) as e:
        client.tag_resource(resourceArn="arn:aws:apigateway:us-east-1::/apikeys/nosuchkey3", tags={"a": "1"})
    assert error_of(e)[0] in (400, 404)


# --------------------------------------------------------------------------- not implemented


@pytest.mark.parametrize("op,needle", [("get_domain_name_access_associations", "domainnameaccessassociation"),
                                       ("get_sdk_types", "sdktype")])
def test_unimplemented_operation_is_a_clear_4xx(client, op, needle):
    with pytest.raises(ClientError) as e:
        getattr(client, op)()
    s, code, msg = error_of(e)
    assert 400 <= s < 500, (s, code, msg)
    assert needle in (msg or "").lower().replace(" ", ""), f"message should name the operation: {msg!r}"


# --------------------------------------------------------------------------- more edges


def test_lambda_integrations_are_accepted_and_other_aws_services_refused(client, api, pets):
    _method(client, api, pets["id"])
    function = "arn:aws:lambda:us-east-1:123456789012:function:pets-${stageVariables.alias}"
    for itype in ("AWS", "AWS_PROXY"):
        made = client.put_integration(restApiId=api["id"], resourceId=pets["id"], httpMethod="GET",
                                      type=itype, integrationHttpMethod="POST",
                                      credentials="arn:aws:iam::123456789012:role/invoker",
                                      uri=f"arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/{function}/invocations")
        assert made["type"] == itype and made["credentials"] == "arn:aws:iam::123456789012:role/invoker"
    with pytest.raises(ClientError) as e:
        client.put_integration(restApiId=api["id"], resourceId=pets["id"], httpMethod="GET",
                               type="AWS", integrationHttpMethod="POST",
                               uri="arn:aws:apigateway:us-east-1:s3:path/bucket/key")
    assert error_of(e)[:2] == (400, "BadRequestException")
    with pytest.raises(ClientError) as e:
        client.put_integration(restApiId=api["id"], resourceId=pets["id"], httpMethod="GET",
                               type="AWS_PROXY", integrationHttpMethod="POST", uri="arn:aws:lambda:us-east-1:1:function:f")
    assert error_of(e) == (400, "BadRequestException", "Invalid ARN specified in the request")


def test_unknown_parents_and_resources(client, api):
    a = api["id"]
    with pytest.raises(ClientError) as e:
        client.create_resource(restApiId=a, parentId="nosuch", pathPart="x")
    assert error_of(e)[:2] == (404, "NotFoundException")
    with pytest.raises(ClientError) as e:
        client.put_method(restApiId=a, resourceId="nosuch", httpMethod="GET", authorizationType="NONE")
    assert error_of(e) == (404, "NotFoundException", "Invalid Resource identifier specified")
    with pytest.raises(ClientError) as e:
        client.create_deployment(restApiId="nosuchapi2", stageName="x")
    assert error_of(e)[:2] == (404, "NotFoundException")
    with pytest.raises(ClientError) as e:
        client.update_stage(restApiId=a, stageName="nostage", patchOperations=[
            {"op": "replace", "path": "/description", "value": "x"}])
    assert error_of(e)[:2] == (404, "NotFoundException")
    with pytest.raises(ClientError) as e:
        client.create_stage(restApiId=a, stageName="s", deploymentId="nosuch")
    assert error_of(e)[0] in (400, 404)


def test_bad_method_setting_path_lists_valid_paths(client, deployed_api):
    with pytest.raises(ClientError) as e:
        client.update_stage(restApiId=deployed_api.api_id, stageName=deployed_api.stage, patchOperations=[
            {"op": "replace", "path": "/*/*/throttling/nonsense", "value": "1"}])
    s, code, msg = error_of(e)
    assert (s, code) == (400, "BadRequestException")
    assert msg.startswith("Invalid method setting path: ") and "Must be one of: [" in msg, msg


def test_method_settings_non_numeric_value(client, deployed_api):
    with pytest.raises(ClientError) as e:
        client.update_stage(restApiId=deployed_api.api_id, stageName=deployed_api.stage, patchOperations=[
            {"op": "replace", "path": "/*/*/throttling/rateLimit", "value": "fast"}])
    assert error_of(e)[:2] == (400, "BadRequestException")
    ms = client.get_stage(restApiId=deployed_api.api_id, stageName=deployed_api.stage)["methodSettings"]
    assert ms == {}


def test_duplicate_stage_name(client, deployed_api):
    with pytest.raises(ClientError) as e:
        client.create_stage(restApiId=deployed_api.api_id, stageName=deployed_api.stage,
                            deploymentId=deployed_api.deployment_id)
    assert error_of(e)[:2] == (409, "ConflictException")


def test_deleting_rest_api_with_stage_in_plan(client, deployed_api):
    """Whether the delete is refused or done, no plan may keep a stage that no longer exists."""
    a = deployed_api
    p = client.create_usage_plan(name=unique("gone"), apiStages=[{"apiId": a.api_id, "stage": a.stage}])["id"]
    try:
        client.delete_rest_api(restApiId=a.api_id)
    except ClientError as e:
        assert error_of_status(e) in (400, 409)
        return
    stages = client.get_usage_plan(usagePlanId=p)["apiStages"]
    assert stages == [], stages


def error_of_status(e):
    return e.response["ResponseMetadata"]["HTTPStatusCode"]


def test_stage_variables_and_description(client, deployed_api):
    a = deployed_api
    out = client.update_stage(restApiId=a.api_id, stageName=a.stage, patchOperations=[
        {"op": "replace", "path": "/variables/backend", "value": "blue"},
        {"op": "replace", "path": "/description", "value": "production"}])
    assert out["variables"] == {"backend": "blue"} and out["description"] == "production"
    out = client.update_stage(restApiId=a.api_id, stageName=a.stage, patchOperations=[
        {"op": "remove", "path": "/variables/backend"}])
    assert out.get("variables", {}) == {}


# --------------------------------------------------------------------------- authorizers, models, validators


def test_authorizer_is_stored_and_its_methods_fail_closed(server, client):
    import urllib.error
    import urllib.request
    api = client.create_rest_api(name=unique("auth"))
    root = api["rootResourceId"]
    auth = client.create_authorizer(restApiId=api["id"], name="tok", type="TOKEN",
                                    authorizerUri="arn:aws:apigateway:us-east-1:lambda:path/fn",
                                    identitySource="method.request.header.Authorization")
    assert auth["authorizerResultTtlInSeconds"] == 300
    assert [a["id"] for a in client.get_authorizers(restApiId=api["id"])["items"]] == [auth["id"]]
    model = client.create_model(restApiId=api["id"], name="Pet", contentType="application/json",
                                schema='{"type": "object"}')
    validator = client.create_request_validator(restApiId=api["id"], name="all", validateRequestBody=True)
    client.put_method(restApiId=api["id"], resourceId=root, httpMethod="GET", authorizationType="CUSTOM",
                      authorizerId=auth["id"], requestValidatorId=validator["id"],
                      requestModels={"application/json": model["name"]})
    client.put_integration(restApiId=api["id"], resourceId=root, httpMethod="GET", type="MOCK",
                           requestTemplates={"application/json": '{"statusCode": 200}'})
    client.create_deployment(restApiId=api["id"], stageName="prod")
    server.settle()
    url = f"{server.traffic_endpoint}/restapis/{api['id']}/prod/_user_request_/"
    request = urllib.request.Request(url, headers={"Authorization": "Bearer anything"})
    with pytest.raises(urllib.error.HTTPError) as e:
        urllib.request.urlopen(request, timeout=30)
    assert e.value.code == 500
    with pytest.raises(ClientError) as e:
        client.delete_authorizer(restApiId=api["id"], authorizerId=auth["id"])
    assert error_of(e)[:2] == (409, "ConflictException")
    with pytest.raises(ClientError) as e:
        client.delete_model(restApiId=api["id"], modelName="Pet")
    assert error_of(e)[:2] == (409, "ConflictException")
    with pytest.raises(ClientError) as e:
        client.test_invoke_authorizer(restApiId=api["id"], authorizerId=auth["id"])
    assert error_of(e)[0] == 400
