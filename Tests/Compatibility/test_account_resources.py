"""Domain names, base path mappings, VPC links, client certificates, canary settings and
documentation with boto3: AWS's shapes, validation and errors, round-tripped through the admin API;
custom domain routing through the invoke path."""

from __future__ import annotations

import datetime
import json
import shutil
import subprocess
import urllib.error
import urllib.request

import pytest
import yaml
from botocore.exceptions import ClientError

from turnpike_harness import error_of, make_deployed_api, unique

CERT = "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-0000-4000-8000-000000000001"
NLB = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/nlb/0123456789abcdef"


def test_domain_names_and_mappings(client, deployed_api):
    name = f"{unique('d').lower()}.example.com"
    created = client.create_domain_name(domainName=name, regionalCertificateArn=CERT,
                                        endpointConfiguration={"types": ["REGIONAL"]}, tags={"a": "1"})
    assert created["domainNameStatus"] == "AVAILABLE" and created["regionalDomainName"] == name
    assert client.get_domain_name(domainName=name)["regionalCertificateArn"] == CERT
    with pytest.raises(ClientError) as e:
        client.create_domain_name(domainName=name, regionalCertificateArn=CERT, endpointConfiguration={"types": ["REGIONAL"]})
    assert error_of(e)[:2] == (409, "ConflictException")
    with pytest.raises(ClientError) as e:
        client.create_domain_name(domainName="x" + name, certificateArn="arn:aws:acm:us-east-1:1:certificate/x")
    assert error_of(e)[:2] == (400, "BadRequestException")

    mapping = client.create_base_path_mapping(domainName=name, basePath="v1", restApiId=deployed_api.api_id,
                                              stage=deployed_api.stage)
    assert {k: mapping[k] for k in ("basePath", "restApiId", "stage")} == {
        "basePath": "v1", "restApiId": deployed_api.api_id, "stage": deployed_api.stage}
    client.create_base_path_mapping(domainName=name, restApiId=deployed_api.api_id)
    assert sorted(m["basePath"] for m in client.get_base_path_mappings(domainName=name)["items"]) == ["(none)", "v1"]
    client.update_base_path_mapping(domainName=name, basePath="v1",
                                    patchOperations=[{"op": "replace", "path": "/basePath", "value": "v2"}])
    assert client.get_base_path_mapping(domainName=name, basePath="v2")["stage"] == deployed_api.stage
    for kwargs, code in [({"basePath": "v2"}, 409), ({"basePath": "bad path"}, 400), ({"stage": "nostage"}, 400)]:
        with pytest.raises(ClientError) as e:
            client.create_base_path_mapping(domainName=name, restApiId=deployed_api.api_id, **kwargs)
        assert error_of(e)[0] == code, kwargs
    with pytest.raises(ClientError) as e:
        client.get_base_path_mapping(domainName=name, basePath="v9")
    assert error_of(e)[:2] == (404, "NotFoundException")
    client.delete_base_path_mapping(domainName=name, basePath="(none)")
    client.delete_domain_name(domainName=name)
    with pytest.raises(ClientError) as e:
        client.get_domain_name(domainName=name)
    assert error_of(e)[0] == 404


def test_vpc_links_and_client_certificates(client, deployed_api):
    link = client.create_vpc_link(name="nlb-link", targetArns=[NLB], description="to the nlb")
    assert link["status"] == "AVAILABLE" and link["targetArns"] == [NLB]
    assert client.get_vpc_link(vpcLinkId=link["id"])["name"] == "nlb-link"
    updated = client.update_vpc_link(vpcLinkId=link["id"], patchOperations=[{"op": "replace", "path": "/name", "value": "renamed"}])
    assert updated["name"] == "renamed"
    for targets in ([], [NLB, NLB], ["arn:aws:s3:::bucket"]):
        with pytest.raises(ClientError) as e:
            client.create_vpc_link(name="bad", targetArns=targets)
        assert error_of(e)[:2] == (400, "BadRequestException"), targets
    client.delete_vpc_link(vpcLinkId=link["id"])
    with pytest.raises(ClientError) as e:
        client.get_vpc_link(vpcLinkId=link["id"])
    assert error_of(e)[0] == 404

    cert = client.generate_client_certificate(description="backend mtls", tags={"t": "1"})
    cid = cert["clientCertificateId"]
    assert cert["expirationDate"] > cert["createdDate"]
    # A real self-signed certificate, the same from GetClientCertificate, valid for 365 days.
    pem = cert["pemEncodedCertificate"]
    assert pem.startswith("-----BEGIN CERTIFICATE-----\n") and client.get_client_certificate(
        clientCertificateId=cid)["pemEncodedCertificate"] == pem
    if shutil.which("openssl"):
        text = subprocess.run(["openssl", "x509", "-noout", "-subject", "-startdate", "-enddate"], input=pem,
                              capture_output=True, text=True, check=True).stdout
        assert f"Turnpike client certificate {cid}" in text
        start, end = (datetime.datetime.strptime(line.split("=", 1)[1], "%b %d %H:%M:%S %Y %Z")
                      for line in text.splitlines() if line.startswith(("notBefore", "notAfter")))
        assert (end - start).days == 365
    assert client.update_client_certificate(clientCertificateId=cid, patchOperations=[
        {"op": "replace", "path": "/description", "value": "changed"}])["description"] == "changed"
    client.update_stage(restApiId=deployed_api.api_id, stageName=deployed_api.stage,
                        patchOperations=[{"op": "replace", "path": "/clientCertificateId", "value": cid}])
    with pytest.raises(ClientError) as e:
        client.delete_client_certificate(clientCertificateId=cid)
    assert error_of(e)[:2] == (400, "BadRequestException")
    client.update_stage(restApiId=deployed_api.api_id, stageName=deployed_api.stage,
                        patchOperations=[{"op": "remove", "path": "/clientCertificateId"}])
    client.delete_client_certificate(clientCertificateId=cid)
    assert cid not in [c["clientCertificateId"] for c in client.get_client_certificates()["items"]]


def test_canary_settings(client, deployed_api):
    a = deployed_api
    before = client.get_stage(restApiId=a.api_id, stageName=a.stage)["deploymentId"]
    deployment = client.create_deployment(restApiId=a.api_id, stageName=a.stage,
                                          canarySettings={"percentTraffic": 10.0, "stageVariableOverrides": {"v": "2"}})
    stage = client.get_stage(restApiId=a.api_id, stageName=a.stage)
    assert stage["deploymentId"] == before
    assert stage["canarySettings"] == {"percentTraffic": 10.0, "deploymentId": deployment["id"],
                                       "stageVariableOverrides": {"v": "2"}, "useStageCache": False}
    stage = client.update_stage(restApiId=a.api_id, stageName=a.stage, patchOperations=[
        {"op": "replace", "path": "/canarySettings/percentTraffic", "value": "50"}])
    assert stage["canarySettings"]["percentTraffic"] == 50.0
    with pytest.raises(ClientError) as e:
        client.update_stage(restApiId=a.api_id, stageName=a.stage, patchOperations=[
            {"op": "replace", "path": "/canarySettings/percentTraffic", "value": "200"}])
    assert error_of(e)[:2] == (400, "BadRequestException")
    stage = client.update_stage(restApiId=a.api_id, stageName=a.stage,
                                patchOperations=[{"op": "remove", "path": "/canarySettings"}])
    assert "canarySettings" not in stage


def test_documentation_parts_and_versions(client, deployed_api):
    a = deployed_api
    part = client.create_documentation_part(restApiId=a.api_id, location={"type": "METHOD", "path": "/pets"},
                                            properties='{"summary": "list pets"}')
    assert part["location"] == {"type": "METHOD", "path": "/pets", "method": "*"}
    with pytest.raises(ClientError) as e:
        client.create_documentation_part(restApiId=a.api_id, location={"type": "METHOD", "path": "/pets"}, properties="{}")
    assert error_of(e)[:2] == (409, "ConflictException")
    for location, properties in [({"type": "NOPE"}, "{}"), ({"type": "API"}, "not json"), ({"type": "API"}, "[1]")]:
        with pytest.raises(ClientError) as e:
            client.create_documentation_part(restApiId=a.api_id, location=location, properties=properties)
        assert error_of(e)[0] == 400, (location, properties)
    updated = client.update_documentation_part(restApiId=a.api_id, documentationPartId=part["id"], patchOperations=[
        {"op": "replace", "path": "/properties", "value": '{"summary": "all pets"}'}])
    assert updated["properties"] == '{"summary": "all pets"}'
    assert [p["id"] for p in client.get_documentation_parts(restApiId=a.api_id, type="METHOD")["items"]] == [part["id"]]
    assert client.get_documentation_parts(restApiId=a.api_id, type="MODEL")["items"] == []

    version = client.create_documentation_version(restApiId=a.api_id, documentationVersion="1.0", stageName=a.stage,
                                                  description="first")
    assert version["version"] == "1.0" and version["description"] == "first"
    assert client.get_stage(restApiId=a.api_id, stageName=a.stage)["documentationVersion"] == "1.0"
    with pytest.raises(ClientError) as e:
        client.create_documentation_version(restApiId=a.api_id, documentationVersion="1.0")
    assert error_of(e)[:2] == (409, "ConflictException")
    client.delete_documentation_version(restApiId=a.api_id, documentationVersion="1.0")
    client.delete_documentation_part(restApiId=a.api_id, documentationPartId=part["id"])
    with pytest.raises(ClientError) as e:
        client.get_documentation_part(restApiId=a.api_id, documentationPartId=part["id"])
    assert error_of(e)[0] == 404


def documentation_document(*parts, fmt: str = "json") -> bytes:
    """A Swagger document carrying `parts` in x-amazon-apigateway-documentation, as JSON or YAML."""
    document = {"swagger": "2.0", "info": {"title": "docs", "version": "1"}, "paths": {},
                "x-amazon-apigateway-documentation": {"version": "1.0.0", "documentationParts": list(parts)}}
    return (json.dumps(document) if fmt == "json" else yaml.safe_dump(document)).encode()


def test_import_documentation_parts(client, deployed_api):
    a = deployed_api
    existing = client.create_documentation_part(restApiId=a.api_id, location={"type": "API"},
                                                properties='{"description": "old"}')
    # merge (the default): a part at a known location keeps its id and takes the new properties.
    out = client.import_documentation_parts(restApiId=a.api_id, body=documentation_document(
        {"location": {"type": "API"}, "properties": {"description": "the pets API"}},
        {"location": {"type": "METHOD", "path": "/pets", "method": "GET"}, "properties": {"summary": "list pets"}},
        {"location": {"type": "RESPONSE", "path": "/pets", "method": "GET", "statusCode": "200"},
         "properties": {"description": "the pets"}}, fmt="yaml"))
    assert out["ids"][0] == existing["id"] and len(set(out["ids"])) == 3 and "warnings" not in out
    parts = {p["location"]["type"]: p for p in client.get_documentation_parts(restApiId=a.api_id)["items"]}
    assert json.loads(parts["API"]["properties"]) == {"description": "the pets API"}
    assert parts["METHOD"]["location"] == {"type": "METHOD", "path": "/pets", "method": "GET"}
    assert parts["RESPONSE"]["location"]["statusCode"] == "200" and parts["RESPONSE"]["id"] in out["ids"]

    # An entry CreateDocumentationPart would refuse is skipped with a warning; with failonwarnings
    # the whole import is refused and changes nothing.
    bad = documentation_document({"location": {"type": "NOPE"}, "properties": {}},
                                 {"location": {"type": "MODEL", "name": "Pet"}, "properties": {"title": "a pet"}})
    with pytest.raises(ClientError) as e:
        client.import_documentation_parts(restApiId=a.api_id, body=bad, failOnWarnings=True)
    status, code, message = error_of(e)
    assert (status, code) == (400, "BadRequestException") and "Documentation part 0 skipped" in message
    assert len(client.get_documentation_parts(restApiId=a.api_id)["items"]) == 3
    out = client.import_documentation_parts(restApiId=a.api_id, body=bad)
    assert len(out["ids"]) == 1 and len(out["warnings"]) == 1 and "NOPE" in out["warnings"][0]

    # overwrite: the document's parts replace every part of the API.
    out = client.import_documentation_parts(restApiId=a.api_id, mode="overwrite", body=documentation_document(
        {"location": {"type": "RESOURCE", "path": "/pets"}, "properties": {"description": "pets"}}))
    assert [p["id"] for p in client.get_documentation_parts(restApiId=a.api_id)["items"]] == out["ids"]

    # Documents that are not documentation: AWS-shaped 4xx, never a 500.
    for body in (b"", b"{not json", b'{"swagger": "2.0"}', b'{"x-amazon-apigateway-documentation": {"documentationParts": 3}}'):
        with pytest.raises(ClientError) as e:
            client.import_documentation_parts(restApiId=a.api_id, body=body)
        assert error_of(e)[:2] == (400, "BadRequestException"), body
    with pytest.raises(ClientError) as e:
        client.import_documentation_parts(restApiId=a.api_id, body=documentation_document(), mode="replace")
    assert error_of(e)[:2] == (400, "ValidationException")  # as PutRestApi's mode
    with pytest.raises(ClientError) as e:
        client.import_documentation_parts(restApiId="nosuchapi1", body=documentation_document())
    assert error_of(e)[:2] == (404, "NotFoundException")


def test_unmapped_path_on_a_custom_domain_is_forbidden(server, client):
    """A Host that is a custom domain name: a mapped base path routes, any other path (and every
    path of a domain name without mappings) answers AWS's 403 {"message":"Forbidden"}."""
    api = make_deployed_api(client, api_key_required=False)
    mapped, bare = f"{unique('m').lower()}.example.com", f"{unique('b').lower()}.example.com"
    for name in (mapped, bare):
        client.create_domain_name(domainName=name, regionalCertificateArn=CERT, endpointConfiguration={"types": ["REGIONAL"]})
    client.create_base_path_mapping(domainName=mapped, basePath="v1", restApiId=api.api_id, stage=api.stage)
    server.settle()

    def get(host: str, path: str) -> tuple:
        request = urllib.request.Request(f"{server.traffic_endpoint}{path}", headers={"Host": host})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, response.read().decode(), response.headers.get("x-amzn-ErrorType")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(), error.headers.get("x-amzn-ErrorType")

    try:
        assert get(mapped, "/v1/pets")[:2] == (200, '{"ok": true}')
        assert get(mapped.upper() + ":443", "/v1/pets")[:2] == (200, '{"ok": true}')
        # The mapped API still answers its own unknown paths as AWS does.
        assert get(mapped, "/v1/nothing") == (403, '{"message":"Missing Authentication Token"}',
                                              "MissingAuthenticationTokenException")
        for host, path in ((mapped, "/v2/pets"), (mapped, "/"), (mapped, "/v1x"), (bare, "/v1/pets"), (bare, "/")):
            status, body, error_type = get(host, path)
            assert (status, json.loads(body), error_type) == (403, {"message": "Forbidden"}, "ForbiddenException"), (host, path)
    finally:
        for name in (mapped, bare):
            client.delete_domain_name(domainName=name)
        client.delete_rest_api(restApiId=api.api_id)
