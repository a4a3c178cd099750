"""Terraform's AWS provider against Turnpike: apply, no-change plan, in-place update, destroy.

Needs `terraform` on PATH and the hashicorp/aws provider in a local filesystem mirror
(found under / at runtime, or TURNPIKE_TF_MIRROR). No network is used.
"""

from __future__ import annotations

import glob
import json
import os
import shutil
import subprocess
import urllib.error
import urllib.request
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
INIT_TIMEOUT = 300
APPLY_TIMEOUT = 900
PLAN_TIMEOUT = 600


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


def tf(workdir: Path, env: dict, *args: str, timeout: int, ok=(0,)) -> subprocess.CompletedProcess:
    p = subprocess.run(["terraform", *args, "-no-color"], cwd=workdir, env=env, capture_output=True,
                       text=True, timeout=timeout)
    assert p.returncode in ok, (f"terraform {' '.join(a for a in args if 'secret' not in a)} -> "
                                f"{p.returncode}\nstdout:\n{p.stdout[-6000:]}\nstderr:\n{p.stderr[-6000:]}")
    return p


def invoke(url: str, headers: dict | None = None, method: str = "GET") -> tuple:
    """(status, body text, headers) of a request (GET unless told) on the invoke path."""
    request = urllib.request.Request(url, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(), dict(error.headers)


def apply_fresh(config: Path, server, env: dict, tmp_path: Path) -> tuple:
    """Copies a configuration, inits and applies it against `server`, checks that a plan right after
    shows no changes; returns (work dir, the -var arguments, the outputs)."""
    work = tmp_path / config.name
    shutil.copytree(config, work)
    ak, sk = server.credentials()
    variables = ["-var", f"endpoint={server.endpoint}", "-var", f"access_key={ak}",
                 "-var", f"secret_key={sk}"]
    tf(work, env, "init", "-input=false", timeout=INIT_TIMEOUT)
    tf(work, env, "apply", "-auto-approve", "-input=false", *variables, timeout=APPLY_TIMEOUT)
    assert_no_changes(work, env, variables, "right after apply (drift)")
    out = tf(work, env, "output", "-json", timeout=120)
    return work, variables, {k: v["value"] for k, v in json.loads(out.stdout).items()}


def methods_by_path(client, api_id: str) -> dict:
    """{path: {verb: method with its integration}} of an API, as the server holds it."""
    items = client.get_resources(restApiId=api_id, limit=500, embed=["methods"])["items"]
    return {r["path"]: r.get("resourceMethods") or {} for r in items}


def assert_no_changes(work: Path, env: dict, variables: list, when: str) -> None:
    p = tf(work, env, "plan", "-detailed-exitcode", "-input=false", *variables,
           timeout=PLAN_TIMEOUT, ok=(0, 2))
    assert p.returncode == 0, f"plan {when} shows changes:\n" + p.stdout[-8000:]


def update_in_place(work: Path, env: dict, variables: list, summary: str) -> None:
    p = tf(work, env, "apply", "-auto-approve", "-input=false", *variables, timeout=APPLY_TIMEOUT)
    assert summary in p.stdout, p.stdout[-4000:]


def destroy_all(work: Path, env: dict, variables: list, client) -> None:
    """Destroys the configuration; the server is left without plans, keys or APIs."""
    tf(work, env, "destroy", "-auto-approve", "-input=false", *variables, timeout=APPLY_TIMEOUT)
    assert client.get_usage_plans().get("items", []) == []
    assert client.get_api_keys().get("items", []) == []
    assert client.get_rest_apis().get("items", []) == []


def test_terraform_lifecycle(fresh_server, tf_env, tmp_path):
    work, variables, outputs = apply_fresh(HERE / "terraform", fresh_server, tf_env, tmp_path)
    c = fresh_server.client()
    api_id, key_id, plan_id = outputs["rest_api_id"], outputs["api_key_id"], outputs["usage_plan_id"]

    # The live server really holds what Terraform says it created.
    resources = {r["path"]: r for r in c.get_resources(restApiId=api_id, limit=500)["items"]}
    methods = methods_by_path(c, api_id)
    assert set(methods) == {"/", "/pets", "/pets/{id}"}
    assert methods["/pets"]["GET"]["apiKeyRequired"] is True
    assert methods["/pets"]["GET"]["methodIntegration"]["type"] == "MOCK"
    proxy = methods["/pets/{id}"]["GET"]["methodIntegration"]
    assert (proxy["type"], proxy["uri"]) == ("HTTP_PROXY", "http://127.0.0.1:9/pets/{id}")
    stage = c.get_stage(restApiId=api_id, stageName="prod")
    assert stage["deploymentId"] == outputs["deployment_id"]
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

    # Traffic through the Terraform-made API: the MOCK answers with the key, refuses without it,
    # and the proxy to a closed port answers 502 as AWS's INTEGRATION_FAILURE.
    value = c.get_api_key(apiKey=key_id, includeValue=True)["value"]
    fresh_server.settle()
    base = f"{fresh_server.traffic_endpoint}/restapis/{api_id}/prod/_user_request_"
    status, body, headers = invoke(f"{base}/pets", {"x-api-key": value})
    assert (status, body) == (200, '[{"id": 1}]')
    assert headers.get("x-amzn-RequestId")
    status, body, headers = invoke(f"{base}/pets")
    assert status == 403 and json.loads(body) == {"message": "Forbidden"}
    assert headers.get("x-amzn-ErrorType") == "ForbiddenException"
    status, body, _ = invoke(f"{base}/pets/1", {"x-api-key": value})
    assert status == 502 and json.loads(body) == {"message": "Internal server error"}

    # Drift made behind Terraform's back shows up in the next plan.
    c.update_usage_plan(usagePlanId=plan_id, patchOperations=[
        {"op": "replace", "path": "/description", "value": "changed outside terraform"}])
    p = tf(work, tf_env, "plan", "-detailed-exitcode", "-input=false", *variables,
           timeout=PLAN_TIMEOUT, ok=(0, 2))
    assert p.returncode == 2, "terraform did not see the out-of-band change:\n" + p.stdout[-4000:]

    # In-place update of the usage plan.
    changed = variables + ["-var", "quota_limit=2500", "-var", "plan_description=updated by test",
                           "-var", "pets_get_rate_limit=4", "-var", "endpoint_type=EDGE"]
    update_in_place(work, tf_env, changed, "0 added, 2 changed, 0 destroyed")
    assert c.get_rest_api(restApiId=api_id)["endpointConfiguration"]["types"] == ["EDGE"]
    plan = c.get_usage_plan(usagePlanId=plan_id)
    assert plan["quota"]["limit"] == 2500 and plan["description"] == "updated by test"
    assert plan["apiStages"][0]["throttle"] == {"/pets/GET": {"burstLimit": 5, "rateLimit": 4.0}}
    assert_no_changes(work, tf_env, changed, "after the update")
    destroy_all(work, tf_env, changed, c)


def test_terraform_openapi_body(fresh_server, tf_env, tmp_path):
    """aws_api_gateway_rest_api with an OpenAPI `body` (PutRestApi, mode overwrite) and a usage plan
    with a WEEK quota offset 2 and a product code: apply, no-change plan, in-place update, destroy."""
    work, variables, outputs = apply_fresh(HERE / "terraform" / "openapi", fresh_server, tf_env, tmp_path)
    c = fresh_server.client()
    api_id, key_id, plan_id = outputs["rest_api_id"], outputs["api_key_id"], outputs["usage_plan_id"]
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

    value = c.get_api_key(apiKey=key_id, includeValue=True)["value"]
    fresh_server.settle()
    url = f"{fresh_server.traffic_endpoint}/restapis/{api_id}/example/_user_request_/greeting"
    assert invoke(url, {"x-api-key": value})[:2] == (200, '{"greeting": "hello"}')
    assert invoke(url)[0] == 403

    # A new body is put in place (mode overwrite) and redeployed (the stage moves to the new
    # deployment); the usage plan updates in place.
    changed = variables + ["-var", "greeting=bonjour", "-var", "quota_limit=7000"]
    update_in_place(work, tf_env, changed, "1 added, 3 changed, 1 destroyed")
    assert c.get_rest_api(restApiId=api_id)["id"] == api_id
    assert c.get_usage_plan(usagePlanId=plan_id)["quota"] == {"limit": 7000, "offset": 2, "period": "WEEK"}
    fresh_server.settle()
    assert invoke(url, {"x-api-key": value})[:2] == (200, '{"greeting": "bonjour"}')
    assert_no_changes(work, tf_env, changed, "after the update")
    destroy_all(work, tf_env, changed, c)


def test_terraform_models_validators_authorizers(fresh_server, tf_env, tmp_path):
    """aws_api_gateway_model, _request_validator and _authorizer (with api_key_source AUTHORIZER) on a
    method: stored and round-tripped; the method with the authorizer fails closed."""
    work, variables, outputs = apply_fresh(HERE / "terraform" / "definitions", fresh_server, tf_env, tmp_path)
    c = fresh_server.client()
    api_id = outputs["rest_api_id"]
    assert c.get_rest_api(restApiId=api_id)["apiKeySource"] == "AUTHORIZER"
    model = c.get_model(restApiId=api_id, modelName="Pet")
    assert model["contentType"] == "application/json" and json.loads(model["schema"])["required"] == ["name"]
    authorizer = c.get_authorizer(restApiId=api_id, authorizerId=outputs["authorizer_id"])
    assert (authorizer["type"], authorizer["authorizerResultTtlInSeconds"]) == ("TOKEN", 300)
    assert authorizer["identitySource"] == "method.request.header.Authorization"
    method = methods_by_path(c, api_id)["/pets"]["POST"]
    assert (method["authorizationType"], method["authorizerId"]) == ("CUSTOM", outputs["authorizer_id"])
    assert method["requestValidatorId"] == outputs["validator_id"]
    assert method["requestModels"] == {"application/json": "Pet"}
    fresh_server.settle()
    url = f"{fresh_server.traffic_endpoint}/restapis/{api_id}/prod/_user_request_/pets"
    assert invoke(url, {"Authorization": "allow"}, method="POST")[:2] == (500, '{"message": "Internal server error"}')

    changed = variables + ["-var", "ttl=60", "-var", "validate_parameters=true"]
    update_in_place(work, tf_env, changed, "0 added, 2 changed, 0 destroyed")
    assert c.get_authorizer(restApiId=api_id, authorizerId=outputs["authorizer_id"])["authorizerResultTtlInSeconds"] == 60
    assert c.get_request_validator(restApiId=api_id, requestValidatorId=outputs["validator_id"])["validateRequestParameters"]
    assert_no_changes(work, tf_env, changed, "after the update")
    destroy_all(work, tf_env, changed, c)


def test_terraform_domain_name(fresh_server, tf_env, tmp_path):
    """aws_api_gateway_domain_name (REGIONAL, certificate by ARN) and _base_path_mapping: stored,
    round-tripped, and routing requests whose Host is the domain name; updated in place."""
    work, variables, outputs = apply_fresh(HERE / "terraform" / "domain", fresh_server, tf_env, tmp_path)
    c = fresh_server.client()
    api_id = outputs["rest_api_id"]
    domain = c.get_domain_name(domainName="api.turnpike.test")
    assert domain["regionalCertificateArn"].startswith("arn:aws:acm:us-east-1:123456789012:certificate/")
    assert domain["endpointConfiguration"]["types"] == ["REGIONAL"] and domain["securityPolicy"] == "TLS_1_2"
    assert domain["tags"] == {"team": "platform"} and outputs["regional_domain_name"] == "api.turnpike.test"
    assert c.get_base_path_mappings(domainName="api.turnpike.test")["items"] == [
        {"basePath": "v1", "restApiId": api_id, "stage": "prod"}]
    fresh_server.settle()
    host = {"Host": "api.turnpike.test"}
    assert invoke(f"{fresh_server.traffic_endpoint}/v1/hello", host)[:2] == (200, '{"hello": "domain"}')

    changed = variables + ["-var", "base_path=v2", "-var", "security_policy=TLS_1_0"]
    update_in_place(work, tf_env, changed, "0 added, 2 changed, 0 destroyed")
    assert c.get_domain_name(domainName="api.turnpike.test")["securityPolicy"] == "TLS_1_0"
    fresh_server.settle()
    assert invoke(f"{fresh_server.traffic_endpoint}/v2/hello", host)[:2] == (200, '{"hello": "domain"}')
    assert invoke(f"{fresh_server.traffic_endpoint}/v1/hello", host)[0] == 403
    assert_no_changes(work, tf_env, changed, "after the update")
    destroy_all(work, tf_env, changed, c)
    assert c.get_domain_names().get("items", []) == []


def test_terraform_stage_settings_and_account_resources(fresh_server, tf_env, tmp_path):
    """A stage with canary, client certificate, access log and cache settings; a VPC link; documentation
    parts and a version: stored, round-tripped, updated in place, destroyed."""
    work, variables, outputs = apply_fresh(HERE / "terraform" / "stage", fresh_server, tf_env, tmp_path)
    c = fresh_server.client()
    api_id = outputs["rest_api_id"]
    stage = c.get_stage(restApiId=api_id, stageName="live")
    assert stage["canarySettings"] == {"percentTraffic": 10.0, "deploymentId": outputs["canary_deployment_id"],
                                       "stageVariableOverrides": {"color": "blue"}, "useStageCache": False}
    assert stage["clientCertificateId"] == outputs["client_certificate_id"]
    assert stage["accessLogSettings"]["format"] == "$context.requestId $context.status"
    assert stage["cacheClusterEnabled"] is True and stage["cacheClusterSize"] == "0.5"
    assert c.get_vpc_link(vpcLinkId=outputs["vpc_link_id"])["status"] == "AVAILABLE"
    parts = c.get_documentation_parts(restApiId=api_id)["items"]
    assert sorted(p["location"]["type"] for p in parts) == ["API", "METHOD"]
    assert c.get_documentation_version(restApiId=api_id, documentationVersion="1.0.0")["description"] == "first documented version"

    changed = variables + ["-var", "canary_percent=25", "-var", "certificate_description=rotated",
                           "-var", "log_format=$context.requestId"]
    update_in_place(work, tf_env, changed, "0 added, 2 changed, 0 destroyed")
    stage = c.get_stage(restApiId=api_id, stageName="live")
    assert stage["canarySettings"]["percentTraffic"] == 25.0 and stage["accessLogSettings"]["format"] == "$context.requestId"
    assert c.get_client_certificate(clientCertificateId=outputs["client_certificate_id"])["description"] == "rotated"
    assert_no_changes(work, tf_env, changed, "after the update")
    destroy_all(work, tf_env, changed, c)
    assert c.get_vpc_links().get("items", []) == [] and c.get_client_certificates().get("items", []) == []
