"""OpenAPI in and out with the aws CLI (v1) and boto3: import-rest-api, put-rest-api (merge and
overwrite), get-export (oas30 and swagger, JSON and YAML), AWS's warnings and errors, and traffic
through an imported API."""

from __future__ import annotations

import json
import random
import urllib.error
import urllib.request

import pytest
import yaml
from botocore.exceptions import ClientError

from turnpike_harness import error_of, unique

CLI_ERROR_RC = 255

PETSTORE = {
    "openapi": "3.0.1",
    "info": {"title": "PetStore", "description": "pets", "version": "2024-01-01"},
    "servers": [{"url": "https://example.com/{basePath}", "variables": {"basePath": {"default": "v1"}}}],
    "x-amazon-apigateway-api-key-source": "HEADER",
    "x-amazon-apigateway-binary-media-types": ["image/png"],
    "x-amazon-apigateway-gateway-responses": {
        "QUOTA_EXCEEDED": {"statusCode": "429", "responseTemplates": {"application/json": '{"message":"slow"}'}}},
    "components": {"securitySchemes": {"api_key": {"type": "apiKey", "name": "x-api-key", "in": "header"}}},
    "paths": {
        "/pets": {
            "get": {
                "operationId": "ListPets",
                "responses": {"200": {"description": "ok"}},
                "security": [{"api_key": []}],
                "x-amazon-apigateway-integration": {
                    "type": "mock", "requestTemplates": {"application/json": '{"statusCode": 200}'},
                    "responses": {"default": {"statusCode": "200",
                                              "responseTemplates": {"application/json": '[{"id": 1}]'}}}},
            },
        },
        "/pets/{petId}": {
            "get": {
                "parameters": [{"name": "petId", "in": "path", "required": True, "schema": {"type": "string"}}],
                "responses": {},
                "x-amazon-apigateway-integration": {
                    "type": "http_proxy", "httpMethod": "GET", "uri": "http://127.0.0.1:9/pets/{petId}",
                    "requestParameters": {"integration.request.path.petId": "method.request.path.petId"},
                    "timeoutInMillis": 3000, "passthroughBehavior": "when_no_match"},
            },
        },
    },
}


def write(tmp_path, name: str, document) -> str:
    path = tmp_path / name
    path.write_text(document if isinstance(document, str) else json.dumps(document))
    return f"fileb://{path}"


def paths_of(client, api_id: str) -> dict:
    return {r["path"]: r for r in client.get_resources(restApiId=api_id, limit=500, embed=["methods"])["items"]}


def shape(client, api_id: str) -> dict:
    """The API's configuration without ids or dates (what an import → export → import keeps)."""
    api = client.get_rest_api(restApiId=api_id)
    settings = {k: api.get(k) for k in ("name", "description", "version", "apiKeySource", "binaryMediaTypes")}
    methods = {}
    for path, resource in paths_of(client, api_id).items():
        for verb, method in (resource.get("resourceMethods") or {}).items():
            method = dict(method)
            method.pop("ResponseMetadata", None)
            integration = dict(method.get("methodIntegration") or {})
            integration.pop("cacheNamespace", None)
            method["methodIntegration"] = integration
            methods[f"{verb} {path}"] = method
    responses = {r["responseType"]: r for r in client.get_gateway_responses(restApiId=api_id, limit=500)["items"]
                 if not r["defaultResponse"]}
    return {"settings": settings, "methods": methods, "gatewayResponses": responses}


def test_import_export_import_with_the_cli(aws, client, tmp_path):
    body = write(tmp_path, "petstore.json", PETSTORE)
    api = aws("apigateway", "import-rest-api", "--body", body, "--parameters", "basepath=prepend").json
    assert api["name"] == "PetStore" and api["version"] == "2024-01-01" and "warnings" not in api
    assert api["binaryMediaTypes"] == ["image/png"]
    resources = paths_of(client, api["id"])
    assert set(resources) == {"/", "/v1", "/v1/pets", "/v1/pets/{petId}"}
    get = resources["/v1/pets"]["resourceMethods"]["GET"]
    assert get["apiKeyRequired"] is True and get["operationName"] == "ListPets"
    assert get["methodIntegration"]["type"] == "MOCK"
    proxy = resources["/v1/pets/{petId}"]["resourceMethods"]["GET"]["methodIntegration"]
    assert (proxy["type"], proxy["timeoutInMillis"], proxy["uri"]) == ("HTTP_PROXY", 3000, "http://127.0.0.1:9/pets/{petId}")

    aws("apigateway", "create-deployment", "--rest-api-id", api["id"], "--stage-name", "prod")
    original = shape(client, api["id"])
    for export_type in ("oas30", "swagger"):
        for accepts, load in (("application/json", json.loads), ("application/yaml", yaml.safe_load)):
            out = tmp_path / f"export-{export_type}-{accepts.split('/')[1]}"
            answer = aws("apigateway", "get-export", "--rest-api-id", api["id"], "--stage-name", "prod",
                         "--export-type", export_type, "--accepts", accepts,
                         "--parameters", "extensions=apigateway", str(out)).json
            assert answer["contentType"] == accepts
            document = load(out.read_text())
            assert ("openapi" if export_type == "oas30" else "swagger") in document
            again = aws("apigateway", "import-rest-api", "--body", f"fileb://{out}").json
            assert shape(client, again["id"]) == original, (export_type, accepts)


def test_put_rest_api_merge_and_overwrite(aws, client, tmp_path):
    api = client.create_rest_api(name=unique("put"))
    toys = {"swagger": "2.0", "info": {"title": "Toys", "version": "2"},
            "paths": {"/toys": {"get": {"responses": {"200": {"description": "ok"}},
                                        "x-amazon-apigateway-integration": {"type": "mock"}}}}}
    merged = aws("apigateway", "put-rest-api", "--rest-api-id", api["id"], "--mode", "merge",
                 "--body", write(tmp_path, "petstore.json", PETSTORE)).json
    assert merged["name"] == "PetStore" and merged["id"] == api["id"]
    aws("apigateway", "put-rest-api", "--rest-api-id", api["id"], "--mode", "merge",
        "--body", write(tmp_path, "toys.yaml", yaml.safe_dump(toys)))
    assert set(paths_of(client, api["id"])) == {"/", "/pets", "/pets/{petId}", "/toys"}
    overwritten = aws("apigateway", "put-rest-api", "--rest-api-id", api["id"], "--mode", "overwrite",
                      "--body", write(tmp_path, "toys.json", toys)).json
    assert overwritten["name"] == "Toys" and overwritten["rootResourceId"] == api["rootResourceId"]
    assert set(paths_of(client, api["id"])) == {"/", "/toys"}


def test_warnings_and_fail_on_warnings(aws, client, tmp_path):
    document = dict(PETSTORE, **{"x-amazon-apigateway-documentation": {"version": "1"}})
    body = write(tmp_path, "documented.json", document)
    api = aws("apigateway", "import-rest-api", "--body", body).json
    assert any("x-amazon-apigateway-documentation" in w for w in api["warnings"])
    r = aws("apigateway", "import-rest-api", "--body", body, "--fail-on-warnings", expect_rc=CLI_ERROR_RC)
    assert "BadRequestException" in r.stderr and "Warnings found during import" in r.stderr
    r = aws("apigateway", "put-rest-api", "--rest-api-id", api["id"], "--fail-on-warnings", "--body", body,
            expect_rc=CLI_ERROR_RC)
    assert "BadRequestException" in r.stderr


@pytest.mark.parametrize("document, message", [
    ("{", "Invalid OpenAPI input"),
    ("", "Invalid OpenAPI input"),
    ({"openapi": "3.0.1", "paths": {}}, "info"),
    ({"swagger": "2.0", "info": {"title": "t", "version": "1"},
      "paths": {"/a": {"get": {"responses": {}, "x-amazon-apigateway-integration": {"type": "aws_proxy"}}}}},
     "Errors found during import"),
    ({"swagger": "2.0", "info": {"title": "t", "version": "1"},
      "securityDefinitions": {"auth": {"type": "apiKey", "name": "Authorization", "in": "header",
                                       "x-amazon-apigateway-authtype": "custom"}},
      "paths": {"/a": {"get": {"security": [{"auth": []}], "responses": {}}}}},
     "does not run the authorization"),
])
def test_bad_documents_answer_bad_request(client, document, message):
    body = document if isinstance(document, str) else json.dumps(document)
    with pytest.raises(ClientError) as e:
        client.import_rest_api(body=body.encode())
    status, code, text = error_of(e)
    assert (status, code) == (400, "BadRequestException") and message in text


def test_malformed_documents_never_answer_500(client):
    """A seeded fuzz over the live server: byte mutations of a valid document."""
    rng = random.Random(18)
    seed = json.dumps(PETSTORE).encode()
    for _ in range(60):
        body = bytearray(seed)
        for _ in range(rng.randint(1, 5)):
            i = rng.randrange(len(body))
            body[i] = rng.choice(b'{}[]:,"-x0 \n')
        try:
            client.import_rest_api(body=bytes(body))
        except ClientError as error:
            assert error.response["ResponseMetadata"]["HTTPStatusCode"] == 400, error.response


def wrong_typed(document, rng: random.Random):
    """A copy of `document` with one value, anywhere in it, replaced by a value of another type."""
    copy = json.loads(json.dumps(document))
    holders = []

    def walk(node):
        if isinstance(node, dict):
            holders.extend((node, key) for key in node)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            holders.extend((node, i) for i in range(len(node)))
            for value in node:
                walk(value)

    walk(copy)
    holder, key = rng.choice(holders)
    holder[key] = rng.choice([None, 7, -1.5, True, "", "x" * 300, [], [1, "a"], {}, {"type": 3}, "{", "$ref"])
    return copy


def test_structurally_malformed_documents_never_answer_500(client):
    """A seeded fuzz of well-formed JSON and YAML with a value of the wrong type somewhere, through
    ImportRestApi, PutRestApi (merge and overwrite) and ImportDocumentationParts: a 2xx or a 400."""
    rng = random.Random(1818)
    target = client.create_rest_api(name=unique("fuzz"))["id"]
    documented = dict(PETSTORE, **{"x-amazon-apigateway-documentation": {"version": "1", "documentationParts": [
        {"location": {"type": "METHOD", "path": "/pets", "method": "GET"}, "properties": {"summary": "list"}}]}})
    calls = [lambda body: client.import_rest_api(body=body),
             lambda body: client.put_rest_api(restApiId=target, mode="merge", body=body),
             lambda body: client.put_rest_api(restApiId=target, mode="overwrite", body=body),
             lambda body: client.import_documentation_parts(restApiId=target, body=body)]
    for i in range(80):
        document = wrong_typed(documented, rng)
        body = (json.dumps(document) if i % 2 else yaml.safe_dump(document)).encode()
        try:
            calls[i % len(calls)](body)
        except ClientError as error:
            status, code, message = error_of(error)
            assert (status, code) == (400, "BadRequestException") or code == "ValidationException", (document, message)


def test_malformed_documents_with_the_cli(aws, tmp_path):
    """The aws CLI shows AWS's 400 for documents it cannot import, and exits with its error code."""
    for name, text in (("truncated.json", '{"openapi": "3.0.1", "info": {'), ("list.yaml", "- a\n- b\n"),
                       ("untitled.json", '{"swagger": "2.0", "paths": {}}')):
        path = tmp_path / name
        path.write_text(text)
        r = aws("apigateway", "import-rest-api", "--body", f"fileb://{path}", expect_rc=CLI_ERROR_RC)
        assert "BadRequestException" in r.stderr, (name, r.stderr)


def test_get_export_errors(client):
    api = client.import_rest_api(body=json.dumps(PETSTORE).encode())
    with pytest.raises(ClientError) as e:
        client.get_export(restApiId=api["id"], stageName="nope", exportType="oas30")
    assert error_of(e)[:2] == (404, "NotFoundException")
    client.create_deployment(restApiId=api["id"], stageName="prod")
    with pytest.raises(ClientError) as e:
        client.get_export(restApiId=api["id"], stageName="prod", exportType="raml")
    assert error_of(e)[:2] == (400, "BadRequestException")
    exported = client.get_export(restApiId=api["id"], stageName="prod", exportType="swagger",
                                 parameters={"extensions": "integrations"})
    document = json.loads(exported["body"].read())
    assert document["paths"]["/pets"]["get"]["x-amazon-apigateway-integration"]["type"] == "mock"


def test_imported_api_serves_traffic(server, client):
    api = client.import_rest_api(body=json.dumps(PETSTORE).encode())
    client.create_deployment(restApiId=api["id"], stageName="prod")
    key = client.create_api_key(name=unique("oas"), enabled=True)
    plan = client.create_usage_plan(name=unique("oas"), apiStages=[{"apiId": api["id"], "stage": "prod"}])
    client.create_usage_plan_key(usagePlanId=plan["id"], keyId=key["id"], keyType="API_KEY")
    server.settle()
    url = f"{server.traffic_endpoint}/restapis/{api['id']}/prod/_user_request_/pets"
    with urllib.request.urlopen(urllib.request.Request(url, headers={"x-api-key": key["value"]}), timeout=30) as r:
        assert (r.status, r.read().decode()) == (200, '[{"id": 1}]')
    with pytest.raises(urllib.error.HTTPError) as e:
        urllib.request.urlopen(url, timeout=30)
    assert e.value.code == 403
