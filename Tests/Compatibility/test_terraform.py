"""Terraform's AWS provider against Turnpike: apply, no-change plan, in-place update, destroy.

One configuration per theme under terraform/ (each directory's main.tf, plus the shared
terraform/provider.tf and terraform/modules/), each driven through the same cycle by
`round_trip`. Needs `terraform` on PATH and the hashicorp/aws provider in a local filesystem
mirror (found under / at runtime, or TURNPIKE_TF_MIRROR). No network is used.
"""

from __future__ import annotations

import glob
import json
import os
import shutil
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest

HERE = Path(__file__).resolve().parent
INIT_TIMEOUT = 300
APPLY_TIMEOUT = 900
PLAN_TIMEOUT = 600
JSON = {"Content-Type": "application/json"}


def find_mirror() -> tuple:
    """(mirror dir, provider address) of a filesystem mirror holding hashicorp/aws."""
    candidates = []
    override = os.environ.get("TURNPIKE_TF_MIRROR")
    if override:
        candidates += glob.glob(os.path.join(override, "*", "hashicorp", "aws"))
    else:
        for base in ("/opt/tf-plugins", os.path.expanduser("~/.terraform.d/plugins"),
                     "/usr/share/terraform/plugins", "/usr/local/share/terraform/plugins"):
            candidates += glob.glob(os.path.join(base, "*", "hashicorp", "aws"))
        if not candidates:
            try:
                out = subprocess.run(["find", "/", "-maxdepth", "5", "-type", "d", "-path",
                                      "*/hashicorp/aws"], capture_output=True, text=True,
                                     timeout=120).stdout
                candidates += [line for line in out.splitlines() if line.strip()]
            except subprocess.TimeoutExpired:
                pass
    for aws_dir in candidates:
        p = Path(aws_dir)
        if any(p.iterdir()):
            return str(p.parents[2]), f"{p.parents[1].name}/hashicorp/aws"
    return None, None


@pytest.fixture(scope="module")
def tf_env(tmp_path_factory):
    if shutil.which("terraform") is None:
        pytest.skip("terraform is not installed")
    mirror, address = find_mirror()
    if mirror is None:
        pytest.skip("no filesystem mirror with hashicorp/aws (set TURNPIKE_TF_MIRROR)")
    home = tmp_path_factory.mktemp("tfhome")
    rc = home / "cli.tfrc"
    rc.write_text('provider_installation {\n  filesystem_mirror {\n'
                  f'    path    = "{mirror}"\n    include = ["{address}"]\n  }}\n}}\n')
    (home / "empty").write_text("")
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("AWS_", "TF_"))}
    env.update({"TF_CLI_CONFIG_FILE": str(rc), "TF_IN_AUTOMATION": "1", "TF_INPUT": "0",
                "CHECKPOINT_DISABLE": "1", "AWS_EC2_METADATA_DISABLED": "true",
                "AWS_CONFIG_FILE": str(home / "empty"),
                "AWS_SHARED_CREDENTIALS_FILE": str(home / "empty")})
    return env


def assert_pem_certificate(*pems) -> None:
    """Each of `pems` is the same PEM-encoded X.509 certificate, which `openssl x509` reads."""
    assert pems[0] and all(pem == pems[0] for pem in pems), pems
    assert pems[0].startswith("-----BEGIN CERTIFICATE-----\n") and pems[0].rstrip().endswith("-----END CERTIFICATE-----")
    if shutil.which("openssl"):
        p = subprocess.run(["openssl", "x509", "-noout", "-subject"], input=pems[0], capture_output=True, text=True)
        assert p.returncode == 0, p.stderr


def tf(workdir: Path, env: dict, *args: str, timeout: int, ok=(0,)) -> subprocess.CompletedProcess:
    p = subprocess.run(["terraform", *args, "-no-color"], cwd=workdir, env=env, capture_output=True,
                       text=True, timeout=timeout)
    assert p.returncode in ok, (f"terraform {' '.join(a for a in args if 'secret' not in a)} -> "
                                f"{p.returncode}\nstdout:\n{p.stdout[-6000:]}\nstderr:\n{p.stderr[-6000:]}")
    return p


def invoke(url: str, headers: dict | None = None, method: str = "GET", body: bytes | None = None) -> tuple:
    """(status, body text, headers) of a request (GET unless told) on the invoke path."""
    request = urllib.request.Request(url, data=body, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(), dict(error.headers)


@dataclass
class Applied:
    """A configuration applied against a server: where it runs, its -var arguments, its outputs."""
    work: Path
    env: dict
    variables: list
    outputs: dict

    def plan(self) -> subprocess.CompletedProcess:
        """`terraform plan -detailed-exitcode`: returns 0 when nothing would change, 2 when something would."""
        return tf(self.work, self.env, "plan", "-detailed-exitcode", "-input=false", *self.variables,
                  timeout=PLAN_TIMEOUT, ok=(0, 2))

    def assert_no_changes(self, when: str) -> None:
        p = self.plan()
        assert p.returncode == 0, f"plan {when} shows changes:\n" + p.stdout[-8000:]

    def apply(self) -> str:
        return tf(self.work, self.env, "apply", "-auto-approve", "-input=false", *self.variables,
                  timeout=APPLY_TIMEOUT).stdout


def round_trip(theme: str, server, env: dict, tmp_path: Path, *, changes: dict, summary: str,
               check_applied: Callable[[Applied], None], check_updated: Callable[[Applied], None]) -> None:
    """The whole cycle for the configuration terraform/<theme>: copy it (with provider.tf and
    modules/) to a scratch directory, init, apply, plan with no changes, `check_applied`; apply again
    with `changes` (-var values) and find `summary` in the output (an in-place update), plan with no
    changes, `check_updated`; destroy, and check the server holds nothing any configuration makes."""
    work = tmp_path / theme
    shutil.copytree(HERE / "terraform" / theme, work)
    shutil.copy(HERE / "terraform" / "provider.tf", work / "provider.tf")
    shutil.copytree(HERE / "terraform" / "modules", tmp_path / "modules")
    ak, sk = server.credentials()
    run = Applied(work, env, ["-var", f"endpoint={server.endpoint}", "-var", f"access_key={ak}",
                              "-var", f"secret_key={sk}"], {})
    tf(work, env, "init", "-input=false", timeout=INIT_TIMEOUT)
    run.apply()
    run.assert_no_changes("right after apply (drift)")
    out = tf(work, env, "output", "-json", timeout=120)
    run.outputs = {k: v["value"] for k, v in json.loads(out.stdout).items()}
    server.settle()
    check_applied(run)

    for name, value in changes.items():
        run.variables += ["-var", f"{name}={value}"]
    output = run.apply()
    assert summary in output, output[-4000:]
    run.assert_no_changes("after the update")
    server.settle()
    check_updated(run)

    tf(work, env, "destroy", "-auto-approve", "-input=false", *run.variables, timeout=APPLY_TIMEOUT)
    c = server.client()
    for listing in (c.get_usage_plans, c.get_api_keys, c.get_rest_apis, c.get_domain_names,
                    c.get_vpc_links, c.get_client_certificates):
        assert listing().get("items", []) == [], f"{listing.__name__} after destroy"


def methods_by_path(client, api_id: str) -> dict:
    """{path: {verb: method with its integration}} of an API, as the server holds it."""
    items = client.get_resources(restApiId=api_id, limit=500, embed=["methods"])["items"]
    return {r["path"]: r.get("resourceMethods") or {} for r in items}


def stage_url(server, api_id: str, stage: str, path: str) -> str:
    return f"{server.traffic_endpoint}/restapis/{api_id}/{stage}/_user_request_{path}"


def test_usage_plans(fresh_server, tf_env, tmp_path):
    """Resources, methods, MOCK and HTTP_PROXY integrations, a gateway response, method settings, an
    API key and a usage plan with per-method throttles; traffic and drift through them."""
    c = fresh_server.client()

    def applied(run: Applied) -> None:
        o = run.outputs
        api_id, key_id, plan_id = o["rest_api_id"], o["api_key_id"], o["usage_plan_id"]
        resources = {r["path"]: r for r in c.get_resources(restApiId=api_id, limit=500)["items"]}
        methods = methods_by_path(c, api_id)
        assert set(methods) == {"/", "/pets", "/pets/{id}"}
        assert methods["/pets"]["GET"]["apiKeyRequired"] is True
        assert methods["/pets"]["GET"]["methodIntegration"]["type"] == "MOCK"
        proxy = methods["/pets/{id}"]["GET"]["methodIntegration"]
        assert (proxy["type"], proxy["uri"]) == ("HTTP_PROXY", "http://127.0.0.1:9/pets/{id}")
        stage = c.get_stage(restApiId=api_id, stageName="prod")
        assert stage["deploymentId"] == o["deployment_id"]
        assert stage["methodSettings"]["*/*"]["throttlingBurstLimit"] == 50
        assert stage["methodSettings"]["*/*"]["throttlingRateLimit"] == 100.0
        assert c.get_rest_api(restApiId=api_id)["endpointConfiguration"]["types"] == ["REGIONAL"]
        gr = c.get_gateway_response(restApiId=api_id, responseType="THROTTLED")
        assert gr["statusCode"] == "429" and gr["defaultResponse"] is False
        ir = c.get_integration_response(restApiId=api_id, resourceId=resources["/pets"]["id"],
                                        httpMethod="GET", statusCode="200")
        assert ir["responseTemplates"] == {"application/json": '[{"id": 1}]'}
        key = c.get_api_key(apiKey=key_id)
        assert key["name"] == "tf-client" and key["enabled"] is True
        plan = c.get_usage_plan(usagePlanId=plan_id)
        assert plan["quota"] == {"limit": 1000, "offset": 0, "period": "DAY"}
        assert plan["throttle"] == {"burstLimit": 20, "rateLimit": 10.0}
        assert plan["apiStages"] == [{"apiId": api_id, "stage": "prod",
                                      "throttle": {"/pets/GET": {"burstLimit": 5, "rateLimit": 2.0}}}]
        assert [k["id"] for k in c.get_usage_plan_keys(usagePlanId=plan_id)["items"]] == [key_id]

        # Traffic: the MOCK answers with the key, refuses without it, and the proxy to a closed
        # port answers 502 as AWS's INTEGRATION_FAILURE.
        value = c.get_api_key(apiKey=key_id, includeValue=True)["value"]
        status, body, headers = invoke(stage_url(fresh_server, api_id, "prod", "/pets"), {"x-api-key": value})
        assert (status, body) == (200, '[{"id": 1}]') and headers.get("x-amzn-RequestId")
        status, body, headers = invoke(stage_url(fresh_server, api_id, "prod", "/pets"))
        assert status == 403 and json.loads(body) == {"message": "Forbidden"}
        assert headers.get("x-amzn-ErrorType") == "ForbiddenException"
        status, body, _ = invoke(stage_url(fresh_server, api_id, "prod", "/pets/1"), {"x-api-key": value})
        assert status == 502 and json.loads(body) == {"message": "Internal server error"}

        # Drift made behind Terraform's back shows up in the next plan.
        c.update_usage_plan(usagePlanId=plan_id, patchOperations=[
            {"op": "replace", "path": "/description", "value": "changed outside terraform"}])
        assert run.plan().returncode == 2, "terraform did not see the out-of-band change"

    def updated(run: Applied) -> None:
        api_id, plan_id = run.outputs["rest_api_id"], run.outputs["usage_plan_id"]
        assert c.get_rest_api(restApiId=api_id)["endpointConfiguration"]["types"] == ["EDGE"]
        plan = c.get_usage_plan(usagePlanId=plan_id)
        assert plan["quota"]["limit"] == 2500 and plan["description"] == "updated by test"
        assert plan["apiStages"][0]["throttle"] == {"/pets/GET": {"burstLimit": 5, "rateLimit": 4.0}}

    round_trip("usage-plans", fresh_server, tf_env, tmp_path,
               changes={"quota_limit": 2500, "plan_description": "updated by test",
                        "pets_get_rate_limit": 4, "endpoint_type": "EDGE"},
               summary="0 added, 2 changed, 0 destroyed", check_applied=applied, check_updated=updated)


def test_openapi_body(fresh_server, tf_env, tmp_path):
    """aws_api_gateway_rest_api with an OpenAPI `body` (PutRestApi, mode overwrite) and a usage plan
    with a WEEK quota offset 2 and a product code; a new body is put in place and redeployed."""
    c = fresh_server.client()

    def url(run: Applied) -> str:
        return stage_url(fresh_server, run.outputs["rest_api_id"], "example", "/greeting")

    def key_value(run: Applied) -> str:
        return c.get_api_key(apiKey=run.outputs["api_key_id"], includeValue=True)["value"]

    def applied(run: Applied) -> None:
        api_id, plan_id = run.outputs["rest_api_id"], run.outputs["usage_plan_id"]
        api = c.get_rest_api(restApiId=api_id)
        assert api["name"] == "tf-openapi" and api["endpointConfiguration"]["types"] == ["REGIONAL"]
        methods = methods_by_path(c, api_id)
        assert set(methods) == {"/", "/greeting", "/path1"}
        assert methods["/greeting"]["GET"]["apiKeyRequired"] is True
        assert methods["/greeting"]["GET"]["methodIntegration"]["type"] == "MOCK"
        assert methods["/path1"]["GET"]["methodIntegration"]["type"] == "HTTP_PROXY"
        plan = c.get_usage_plan(usagePlanId=plan_id)
        assert plan["quota"] == {"limit": 5000, "offset": 2, "period": "WEEK"}
        assert plan["productCode"] == "turnpike-pro"
        assert plan["apiStages"] == [{"apiId": api_id, "stage": "example"}]
        assert invoke(url(run), {"x-api-key": key_value(run)})[:2] == (200, '{"greeting": "hello"}')
        assert invoke(url(run))[0] == 403

    def updated(run: Applied) -> None:
        assert c.get_usage_plan(usagePlanId=run.outputs["usage_plan_id"])["quota"] == {
            "limit": 7000, "offset": 2, "period": "WEEK"}
        assert invoke(url(run), {"x-api-key": key_value(run)})[:2] == (200, '{"greeting": "bonjour"}')

    # The body changes in place (PutRestApi overwrite keeps the id); the trigger makes a new
    # deployment that the stage moves to; the usage plan updates in place.
    round_trip("openapi", fresh_server, tf_env, tmp_path, changes={"greeting": "bonjour", "quota_limit": 7000},
               summary="1 added, 3 changed, 1 destroyed", check_applied=applied, check_updated=updated)


def test_models_and_request_validators(fresh_server, tf_env, tmp_path):
    """aws_api_gateway_model and _request_validator on a method: stored, and enforced at the invoke
    path (a body the model refuses answers AWS's 400 BAD_REQUEST_BODY)."""
    c = fresh_server.client()

    def applied(run: Applied) -> None:
        api_id = run.outputs["rest_api_id"]
        model = c.get_model(restApiId=api_id, modelName="Pet")
        assert model["contentType"] == "application/json" and json.loads(model["schema"])["required"] == ["name"]
        assert model["description"] == "a pet"
        validator = c.get_request_validator(restApiId=api_id, requestValidatorId=run.outputs["validator_id"])
        assert (validator["validateRequestBody"], validator["validateRequestParameters"]) == (True, False)
        method = methods_by_path(c, api_id)["/pets"]["POST"]
        assert method["requestValidatorId"] == run.outputs["validator_id"]
        assert method["requestModels"] == {"application/json": "Pet"}
        url = stage_url(fresh_server, api_id, "prod", "/pets")
        status, body, headers = invoke(url, JSON, "POST", b'{"age": 3}')
        assert (status, json.loads(body)) == (400, {"message": "Invalid request body"})
        assert headers.get("x-amzn-ErrorType") == "BadRequestException"
        assert invoke(url, JSON, "POST", b'{"name": "rex"}')[0] != 400

    def updated(run: Applied) -> None:
        api_id = run.outputs["rest_api_id"]
        assert c.get_model(restApiId=api_id, modelName="Pet")["description"] == "a pet, renamed"
        assert c.get_request_validator(restApiId=api_id,
                                       requestValidatorId=run.outputs["validator_id"])["validateRequestParameters"]

    round_trip("models", fresh_server, tf_env, tmp_path,
               changes={"model_description": "a pet, renamed", "validate_parameters": "true"},
               summary="0 added, 2 changed, 0 destroyed", check_applied=applied, check_updated=updated)


def test_authorizers_with_api_key_source_authorizer(fresh_server, tf_env, tmp_path):
    """aws_api_gateway_authorizer (TOKEN with a role and a validation expression, REQUEST with two
    identity sources) on an API with api_key_source AUTHORIZER: stored and round-tripped; every
    method that needs an authorizer or a key fails closed with AWS's 500."""
    c = fresh_server.client()

    def applied(run: Applied) -> None:
        api_id, token_id, request_id = (run.outputs[k] for k in ("rest_api_id", "token_authorizer_id",
                                                                   "request_authorizer_id"))
        assert c.get_rest_api(restApiId=api_id)["apiKeySource"] == "AUTHORIZER"
        token = c.get_authorizer(restApiId=api_id, authorizerId=token_id)
        assert (token["type"], token["authorizerResultTtlInSeconds"]) == ("TOKEN", 300)
        assert token["identitySource"] == "method.request.header.Authorization"
        assert token["authorizerCredentials"] == "arn:aws:iam::123456789012:role/api_gateway_auth_invocation"
        assert token["identityValidationExpression"] == "^Bearer [-0-9a-zA-Z._]*$"
        request = c.get_authorizer(restApiId=api_id, authorizerId=request_id)
        assert (request["type"], request["authorizerResultTtlInSeconds"]) == ("REQUEST", 0)
        assert request["identitySource"] == "method.request.header.Authorization,method.request.querystring.tenant"
        methods = methods_by_path(c, api_id)["/pets"]
        assert (methods["POST"]["authorizationType"], methods["POST"]["authorizerId"]) == ("CUSTOM", token_id)
        assert (methods["GET"]["authorizerId"], methods["GET"]["apiKeyRequired"]) == (request_id, True)
        url = stage_url(fresh_server, api_id, "prod", "/pets")
        failed = (500, '{"message": "Internal server error"}')
        assert invoke(url, {"Authorization": "Bearer allow"}, method="POST")[:2] == failed
        assert invoke(url + "?tenant=a", {"Authorization": "allow", "x-api-key": "k" * 30})[:2] == failed
        assert invoke(url, {"x-api-key": "k" * 30}, method="HEAD")[0] == 500

    def updated(run: Applied) -> None:
        api_id = run.outputs["rest_api_id"]
        assert c.get_authorizer(restApiId=api_id, authorizerId=run.outputs["token_authorizer_id"])[
            "authorizerResultTtlInSeconds"] == 60
        assert c.get_authorizer(restApiId=api_id, authorizerId=run.outputs["request_authorizer_id"])[
            "identitySource"] == "method.request.header.X-Tenant-Token,method.request.querystring.tenant"

    round_trip("authorizers", fresh_server, tf_env, tmp_path,
               changes={"ttl": 60, "request_identity_source": "method.request.header.X-Tenant-Token"},
               summary="0 added, 2 changed, 0 destroyed", check_applied=applied, check_updated=updated)


def test_domain_name_and_base_path_mapping(fresh_server, tf_env, tmp_path):
    """aws_api_gateway_domain_name (REGIONAL, certificate by ARN) and _base_path_mapping: stored,
    round-tripped, and routing requests whose Host is the domain name; a path no mapping takes is
    AWS's 403 Forbidden."""
    c = fresh_server.client()
    host = {"Host": "api.turnpike.test"}

    def applied(run: Applied) -> None:
        api_id = run.outputs["rest_api_id"]
        domain = c.get_domain_name(domainName="api.turnpike.test")
        assert domain["regionalCertificateArn"].startswith("arn:aws:acm:us-east-1:123456789012:certificate/")
        assert domain["endpointConfiguration"]["types"] == ["REGIONAL"] and domain["securityPolicy"] == "TLS_1_2"
        assert domain["tags"] == {"team": "platform"} and run.outputs["regional_domain_name"] == "api.turnpike.test"
        assert c.get_base_path_mappings(domainName="api.turnpike.test")["items"] == [
            {"basePath": "v1", "restApiId": api_id, "stage": "prod"}]
        assert invoke(f"{fresh_server.traffic_endpoint}/v1/hello", host)[:2] == (200, '{"hello": "domain"}')

    def updated(run: Applied) -> None:
        assert c.get_domain_name(domainName="api.turnpike.test")["securityPolicy"] == "TLS_1_0"
        assert invoke(f"{fresh_server.traffic_endpoint}/v2/hello", host)[:2] == (200, '{"hello": "domain"}')
        status, body, headers = invoke(f"{fresh_server.traffic_endpoint}/v1/hello", host)
        assert (status, json.loads(body)) == (403, {"message": "Forbidden"})
        assert headers.get("x-amzn-ErrorType") == "ForbiddenException"

    round_trip("domain", fresh_server, tf_env, tmp_path, changes={"base_path": "v2", "security_policy": "TLS_1_0"},
               summary="0 added, 2 changed, 0 destroyed", check_applied=applied, check_updated=updated)


def test_canary_settings(fresh_server, tf_env, tmp_path):
    """A stage with canary settings and cache settings: stored and round-tripped; traffic goes to
    the stage's deployment."""
    c = fresh_server.client()

    def applied(run: Applied) -> None:
        api_id = run.outputs["rest_api_id"]
        stage = c.get_stage(restApiId=api_id, stageName="live")
        assert stage["canarySettings"] == {"percentTraffic": 10.0, "deploymentId": run.outputs["canary_deployment_id"],
                                           "stageVariableOverrides": {"color": "blue"}, "useStageCache": False}
        assert stage["cacheClusterEnabled"] is True and stage["cacheClusterSize"] == "0.5"
        assert stage["variables"] == {"color": "green"}
        assert invoke(stage_url(fresh_server, api_id, "live", "/hello"))[:2] == (200, '{"hello": "world"}')

    def updated(run: Applied) -> None:
        stage = c.get_stage(restApiId=run.outputs["rest_api_id"], stageName="live")
        assert stage["canarySettings"]["percentTraffic"] == 25.0

    round_trip("canary", fresh_server, tf_env, tmp_path, changes={"canary_percent": 25},
               summary="0 added, 1 changed, 0 destroyed", check_applied=applied, check_updated=updated)


def test_vpc_link_and_client_certificate(fresh_server, tf_env, tmp_path):
    """aws_api_gateway_vpc_link and _client_certificate (named by a stage): stored, round-tripped,
    updated in place; the certificate is a real PEM."""
    c = fresh_server.client()

    def applied(run: Applied) -> None:
        link = c.get_vpc_link(vpcLinkId=run.outputs["vpc_link_id"])
        assert (link["name"], link["status"], link["tags"]) == ("tf-nlb", "AVAILABLE", {"team": "network"})
        assert link["targetArns"] == ["arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/tf-nlb/0123456789abcdef"]
        certificate_id = run.outputs["client_certificate_id"]
        certificate = c.get_client_certificate(clientCertificateId=certificate_id)
        assert certificate["description"] == "backend certificate" and certificate["tags"] == {"team": "network"}
        stage = c.get_stage(restApiId=run.outputs["rest_api_id"], stageName="live")
        assert stage["clientCertificateId"] == certificate_id
        assert_pem_certificate(run.outputs.get("pem_encoded_certificate"), certificate.get("pemEncodedCertificate"))

    def updated(run: Applied) -> None:
        assert c.get_vpc_link(vpcLinkId=run.outputs["vpc_link_id"])["description"] == "through the new balancer"
        assert c.get_client_certificate(clientCertificateId=run.outputs["client_certificate_id"])["description"] == "rotated"

    round_trip("vpc-link", fresh_server, tf_env, tmp_path,
               changes={"link_description": "through the new balancer", "certificate_description": "rotated"},
               summary="0 added, 2 changed, 0 destroyed", check_applied=applied, check_updated=updated)


def test_documentation_parts_and_version(fresh_server, tf_env, tmp_path):
    """aws_api_gateway_documentation_part (API, RESOURCE, METHOD, RESPONSE) and _version: stored,
    round-tripped, updated in place."""
    c = fresh_server.client()

    def applied(run: Applied) -> None:
        api_id = run.outputs["rest_api_id"]
        parts = c.get_documentation_parts(restApiId=api_id)["items"]
        assert sorted(p["location"]["type"] for p in parts) == ["API", "METHOD", "RESOURCE", "RESPONSE"]
        method = c.get_documentation_part(restApiId=api_id, documentationPartId=run.outputs["method_part_id"])
        assert method["location"] == {"type": "METHOD", "path": "/hello", "method": "GET"}
        assert json.loads(method["properties"]) == {"summary": "says hello"}
        version = c.get_documentation_version(restApiId=api_id, documentationVersion="1.0.0")
        assert version["description"] == "first documented version"

    def updated(run: Applied) -> None:
        api_id = run.outputs["rest_api_id"]
        method = c.get_documentation_part(restApiId=api_id, documentationPartId=run.outputs["method_part_id"])
        assert json.loads(method["properties"]) == {"summary": "greets"}
        assert c.get_documentation_version(restApiId=api_id, documentationVersion="1.0.0")["description"] == "second look"

    round_trip("documentation", fresh_server, tf_env, tmp_path,
               changes={"method_summary": "greets", "version_description": "second look"},
               summary="0 added, 2 changed, 0 destroyed", check_applied=applied, check_updated=updated)


def test_access_log_settings(fresh_server, tf_env, tmp_path):
    """A stage's access_log_settings with a `$context` format: stored, and one line per request in
    that format in the server's log; a new format applies in place."""
    c = fresh_server.client()

    def logged(run: Applied, line: Callable[[str], str]) -> None:
        status, _, headers = invoke(stage_url(fresh_server, run.outputs["rest_api_id"], "prod", "/hello"))
        assert status == 200
        expected = line(headers["x-amzn-RequestId"])
        deadline = time.monotonic() + 10
        while expected not in fresh_server.traffic_logs() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert expected in fresh_server.traffic_logs(), f"no access log line {expected!r}"

    def applied(run: Applied) -> None:
        stage = c.get_stage(restApiId=run.outputs["rest_api_id"], stageName="prod")
        assert stage["accessLogSettings"] == {
            "destinationArn": "arn:aws:logs:us-east-1:123456789012:log-group:API-Gateway-Execution-Logs_tf/prod",
            "format": "tf-access $context.requestId $context.httpMethod $context.resourcePath $context.status"}
        assert stage["tracingEnabled"] is True
        assert stage["methodSettings"]["*/*"]["loggingLevel"] == "INFO"
        logged(run, lambda request_id: f"tf-access {request_id} GET /hello 200")

    def updated(run: Applied) -> None:
        stage = c.get_stage(restApiId=run.outputs["rest_api_id"], stageName="prod")
        assert stage["accessLogSettings"]["format"] == "tf-access-v2 $context.status $context.requestId"
        logged(run, lambda request_id: f"tf-access-v2 200 {request_id}")

    round_trip("access-log", fresh_server, tf_env, tmp_path,
               changes={"log_format": "tf-access-v2 $context.status $context.requestId"},
               summary="0 added, 1 changed, 0 destroyed", check_applied=applied, check_updated=updated)
