"""Domain names, base path mappings, VPC links, client certificates and canary settings with boto3:
AWS's shapes, validation and errors, round-tripped through the admin API."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError

from turnpike_harness import error_of, unique

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
