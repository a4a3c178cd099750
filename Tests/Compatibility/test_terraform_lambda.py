"""Terraform's AWS provider making a Lambda function's API (terraform/lambda/main.tf): an AWS_PROXY
integration behind an API key and a usage plan, applied, called through the gateway against the fake
Lambda Invoke API (fake_lambda.py, signatures checked), re-planned clean, updated in place (the
stage variable naming the function's alias) and destroyed. Driven by test_terraform.py's round_trip."""
from __future__ import annotations

import json

from fake_lambda import FakeLambda
from test_terraform import Applied, invoke, methods_by_path, round_trip, stage_url, tf_env  # noqa: F401 (a fixture)

FUNCTION = "arn:aws:lambda:us-east-1:123456789012:function:pets"


def test_terraform_lambda_proxy_with_usage_plan(server_factory, tf_env, tmp_path):
    with FakeLambda() as fake:
        server = server_factory(extra_args=fake.gateway_args, extra_env=fake.gateway_env)
        c = server.client()
        seen = {}

        def check_applied(run: Applied) -> None:
            api_id, key_id, plan_id = run.outputs["rest_api_id"], run.outputs["api_key_id"], run.outputs["usage_plan_id"]
            # The server holds what Terraform made.
            integration = methods_by_path(c, api_id)["/{proxy+}"]["ANY"]["methodIntegration"]
            assert (integration["type"], integration["httpMethod"]) == ("AWS_PROXY", "POST")
            assert integration["uri"] == ("arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/"
                                          f"{FUNCTION}:${{stageVariables.alias}}/invocations")
            assert integration["credentials"] == "arn:aws:iam::123456789012:role/apigateway-invokes-lambda"
            assert c.get_rest_api(restApiId=api_id)["binaryMediaTypes"] == ["image/png"]
            assert [k["id"] for k in c.get_usage_plan_keys(usagePlanId=plan_id)["items"]] == [key_id]

            # Traffic: the key's requests reach the function (alias from the stage), others do not.
            seen["value"] = value = c.get_api_key(apiKey=key_id, includeValue=True)["value"]
            status, body, headers = invoke(stage_url(server, api_id, "prod", "/pets/7?kind=dog"), {"x-api-key": value})
            assert status == 200, body
            answer = json.loads(body)
            assert headers["x-function"] == f"{FUNCTION}:live"
            assert (answer["path"], answer["query"], answer["apiKeyId"]) == ("/pets/7", {"kind": "dog"}, key_id)
            assert answer["stageVariables"] == {"alias": "live"} and answer["accountId"] == "123456789012"
            status, body, _ = invoke(stage_url(server, api_id, "prod", "/pets/7"))
            assert status == 403 and json.loads(body) == {"message": "Forbidden"}
            assert [(call.function, call.region) for call in fake.calls] == [(f"{FUNCTION}:live", "us-east-1")]
            assert fake.refused == 0

        def check_updated(run: Applied) -> None:
            # In place: the stage's alias and the plan's quota; calls follow the new alias.
            assert c.get_usage_plan(usagePlanId=run.outputs["usage_plan_id"])["quota"]["limit"] == 2000
            status, body, headers = invoke(stage_url(server, run.outputs["rest_api_id"], "prod", "/pets/8"),
                                           {"x-api-key": seen["value"]})
            assert status == 200 and headers["x-function"] == f"{FUNCTION}:beta", body

        round_trip("lambda", server, tf_env, tmp_path, changes={"alias": "beta", "quota_limit": 2000},
                   summary="0 added, 2 changed, 0 destroyed", check_applied=check_applied, check_updated=check_updated)
