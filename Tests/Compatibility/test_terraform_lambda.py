"""Terraform's AWS provider making a Lambda function's API (terraform/lambda/main.tf): an AWS_PROXY
integration behind an API key and a usage plan, applied, called through the gateway against the fake
Lambda Invoke API (fake_lambda.py, signatures checked), re-planned clean, updated in place (the
stage variable naming the function's alias) and destroyed. Driven by test_terraform.py's code."""
from __future__ import annotations

import json

from fake_lambda import FakeLambda
from test_terraform import HERE, apply_fresh, assert_no_changes, destroy_all, invoke, methods_by_path, tf_env, \
    update_in_place  # noqa: F401 (tf_env is a fixture)

FUNCTION = "arn:aws:lambda:us-east-1:123456789012:function:pets"


def test_terraform_lambda_proxy_with_usage_plan(server_factory, tf_env, tmp_path):
    with FakeLambda() as fake:
        server = server_factory(extra_args=fake.gateway_args, extra_env=fake.gateway_env)
        work, variables, outputs = apply_fresh(HERE / "terraform" / "lambda", server, tf_env, tmp_path)
        c = server.client()
        api_id, key_id, plan_id = outputs["rest_api_id"], outputs["api_key_id"], outputs["usage_plan_id"]

        # The server holds what Terraform made.
        integration = methods_by_path(c, api_id)["/{proxy+}"]["ANY"]["methodIntegration"]
        assert (integration["type"], integration["httpMethod"]) == ("AWS_PROXY", "POST")
        assert integration["uri"] == ("arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/"
                                      f"{FUNCTION}:${{stageVariables.alias}}/invocations")
        assert integration["credentials"] == "arn:aws:iam::123456789012:role/apigateway-invokes-lambda"
        assert c.get_rest_api(restApiId=api_id)["binaryMediaTypes"] == ["image/png"]
        assert [k["id"] for k in c.get_usage_plan_keys(usagePlanId=plan_id)["items"]] == [key_id]

        # Traffic: the key's requests reach the function (alias from the stage), others do not.
        value = c.get_api_key(apiKey=key_id, includeValue=True)["value"]
        server.settle()
        base = f"{server.traffic_endpoint}/restapis/{api_id}/prod/_user_request_"
        status, body, headers = invoke(f"{base}/pets/7?kind=dog", {"x-api-key": value})
        assert status == 200, body
        answer = json.loads(body)
        assert headers["x-function"] == f"{FUNCTION}:live"
        assert (answer["path"], answer["query"], answer["apiKeyId"]) == ("/pets/7", {"kind": "dog"}, key_id)
        assert answer["stageVariables"] == {"alias": "live"} and answer["accountId"] == "123456789012"
        status, body, _ = invoke(f"{base}/pets/7")
        assert status == 403 and json.loads(body) == {"message": "Forbidden"}
        assert [(call.function, call.region) for call in fake.calls] == [(f"{FUNCTION}:live", "us-east-1")]
        assert fake.refused == 0

        # In place: the stage's alias and the plan's quota; calls follow the new alias.
        changed = variables + ["-var", "alias=beta", "-var", "quota_limit=2000"]
        update_in_place(work, tf_env, changed, "0 added, 2 changed, 0 destroyed")
        assert c.get_usage_plan(usagePlanId=plan_id)["quota"]["limit"] == 2000
        server.settle()
        status, body, headers = invoke(f"{base}/pets/8", {"x-api-key": value})
        assert status == 200 and headers["x-function"] == f"{FUNCTION}:beta", body
        assert_no_changes(work, tf_env, changed, "after the update")
        destroy_all(work, tf_env, changed, c)
