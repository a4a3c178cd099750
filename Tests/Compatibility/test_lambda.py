"""AWS_PROXY integrations made with boto3, with the aws CLI and by the README's Lambda block, and
called through the gateway, against a fake Lambda Invoke API on loopback that checks each call's
SigV4 signature (botocore's, service lambda): fake_lambda.py. Terraform's turn is
test_terraform_lambda.py."""
from __future__ import annotations

import configparser
import json
import re
import shutil
import urllib.error
import urllib.request

import pytest

from fake_lambda import FakeLambda
from test_readme import code_block_after, new_scratch, run_blocks
from turnpike_harness import AwsCli, cluster_mode, unique

FUNCTION = "arn:aws:lambda:eu-west-1:123456789012:function:pets"
INVOKE_URI = f"arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/{FUNCTION}/invocations"


def test_aws_proxy_integrations_invoke_lambda(server_factory):
    """boto3 makes the integration; TURNPIKE_ACCOUNT_ID names the account events carry."""
    with FakeLambda() as fake:
        srv = server_factory(extra_args=fake.gateway_args,
                             extra_env={**fake.gateway_env, "TURNPIKE_ACCOUNT_ID": "111122223333"})
        client = srv.client()
        api = client.create_rest_api(name=unique("lambda"))
        proxy = client.create_resource(restApiId=api["id"], parentId=api["rootResourceId"], pathPart="{proxy+}")
        client.put_method(restApiId=api["id"], resourceId=proxy["id"], httpMethod="ANY", authorizationType="NONE")
        made = client.put_integration(
            restApiId=api["id"], resourceId=proxy["id"], httpMethod="ANY", type="AWS_PROXY", integrationHttpMethod="POST",
            uri=INVOKE_URI)
        assert made["type"] == "AWS_PROXY"
        client.create_deployment(restApiId=api["id"], stageName="prod")
        srv.settle()
        url = f"{srv.traffic_endpoint}/restapis/{api['id']}/prod/_user_request_/pets/7?kind=dog"
        with urllib.request.urlopen(url) as response:
            assert response.status == 200
            assert response.headers["x-function"] == FUNCTION
            answer = json.loads(response.read())
        assert answer["path"] == "/pets/7" and answer["query"] == {"kind": "dog"}
        assert answer["requestId"] == response.headers["x-amzn-RequestId"]
        assert answer["accountId"] == "111122223333"
        assert [(call.function, call.region) for call in fake.calls] == [(FUNCTION, "eu-west-1")]
        assert fake.refused == 0


def test_aws_cli_makes_a_keyed_lambda_proxy(server_factory, tmp_path):
    """The quickstart with the aws CLI, a function in place of the backend: a key-required
    `ANY /{proxy+}` to AWS_PROXY, a usage plan and its key; the function sees the key's id and the
    account of its ARN, and a request without the key never reaches it."""
    with FakeLambda() as fake:
        srv = server_factory(extra_args=fake.gateway_args, extra_env=fake.gateway_env)
        aws = AwsCli(srv, tmp_path / "awscli")
        api = aws("apigateway", "create-rest-api", "--name", unique("cli-lambda")).json
        proxy = aws("apigateway", "create-resource", "--rest-api-id", api["id"], "--parent-id", api["rootResourceId"],
                    "--path-part", "{proxy+}").json
        aws("apigateway", "put-method", "--rest-api-id", api["id"], "--resource-id", proxy["id"], "--http-method", "ANY",
            "--authorization-type", "NONE", "--api-key-required")
        made = aws("apigateway", "put-integration", "--rest-api-id", api["id"], "--resource-id", proxy["id"],
                   "--http-method", "ANY", "--type", "AWS_PROXY", "--integration-http-method", "POST",
                   "--uri", INVOKE_URI, "--credentials", "arn:aws:iam::123456789012:role/invoke").json
        assert (made["type"], made["uri"], made["httpMethod"]) == ("AWS_PROXY", INVOKE_URI, "POST")
        got = aws("apigateway", "get-integration", "--rest-api-id", api["id"], "--resource-id", proxy["id"],
                  "--http-method", "ANY").json
        assert got["credentials"] == "arn:aws:iam::123456789012:role/invoke" and got["timeoutInMillis"] == 29000
        aws("apigateway", "create-deployment", "--rest-api-id", api["id"], "--stage-name", "prod")
        key = aws("apigateway", "create-api-key", "--name", unique("cli-lambda"), "--enabled").json
        plan = aws("apigateway", "create-usage-plan", "--name", unique("cli-lambda"),
                   "--api-stages", f"apiId={api['id']},stage=prod", "--quota", "limit=100,period=DAY").json
        aws("apigateway", "create-usage-plan-key", "--usage-plan-id", plan["id"], "--key-id", key["id"],
            "--key-type", "API_KEY")
        srv.settle()

        url = f"{srv.traffic_endpoint}/restapis/{api['id']}/prod/_user_request_/orders/9"
        request = urllib.request.Request(url, headers={"x-api-key": key["value"]})
        with urllib.request.urlopen(request) as response:
            answer = json.loads(response.read())
        assert answer["path"] == "/orders/9" and answer["apiKeyId"] == key["id"]
        assert answer["accountId"] == "123456789012"
        try:
            urllib.request.urlopen(url)
            raise AssertionError("a request without the key was let through")
        except urllib.error.HTTPError as refused:
            assert refused.code == 403 and json.loads(refused.read()) == {"message": "Forbidden"}
        assert len(fake.calls) == 1 and fake.refused == 0


@pytest.mark.skipif(cluster_mode(), reason="the quickstart runs one process of its own")
def test_readme_lambda_block_runs_as_written():
    """The README's Lambda block, pasted after the quickstart's blocks in their shell, with the
    local Invoke API's address (3001 there) pointing at the fake, which checks that calls are signed
    with the `turnpike` profile the quickstart's shell has in force."""
    quickstart = code_block_after("## Quickstart with the aws CLI")
    calling = code_block_after("## Calling a deployed API")
    block = code_block_after("### A Lambda function")
    assert "--lambda-endpoint http://127.0.0.1:3001" in block
    scratch = new_scratch()

    def profile_credentials(key_id: str):
        profiles = configparser.ConfigParser()
        profiles.read(scratch / "turnpike-data" / "credentials")
        turnpike = profiles["turnpike"] if profiles.has_section("turnpike") else {}
        return (turnpike["aws_secret_access_key"], None) if turnpike.get("aws_access_key_id") == key_id else None

    try:
        with FakeLambda(credentials=profile_credentials) as fake:
            script = quickstart + calling + block.replace("http://127.0.0.1:3001", fake.endpoint)
            returncode, out, err = run_blocks(script, scratch)
            assert returncode == 0, out[-3000:] + err[-3000:]
            assert re.findall(r"HTTP/1\.1 (\d{3})", out) == ["200", "200", "403", "200"], out[-3000:]
            answer = json.loads(out[out.rindex("\n{"):])
            assert answer["path"] == "/pets" and answer["accountId"] == "123456789012" and answer["apiKeyId"]
            assert [(call.function, call.region) for call in fake.calls] == [
                ("arn:aws:lambda:us-east-1:123456789012:function:pets", "us-east-1")]
            assert fake.refused == 0
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
