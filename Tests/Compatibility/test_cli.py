"""The aws CLI (v1) driving the quickstart flow, and AWS's error text for refused calls."""

from __future__ import annotations

import datetime
import json
import subprocess

from turnpike_harness import unique

CLI_ERROR_RC = 255  # aws CLI v1 exit code for a service error


def test_quickstart_flow(aws, tmp_path):
    n = unique("cli")
    key = aws("apigateway", "create-api-key", "--name", n, "--enabled").json
    assert key["enabled"] is True and len(key["value"]) == 40 and key["name"] == n
    assert isinstance(key["createdDate"], (int, float, str))

    api = aws("apigateway", "create-rest-api", "--name", n).json
    api_id = api["id"]
    res = aws("apigateway", "get-resources", "--rest-api-id", api_id).json
    assert [i["path"] for i in res["items"]] == ["/"]
    root = res["items"][0]["id"]
    assert root == api["rootResourceId"]
    pets = aws("apigateway", "create-resource", "--rest-api-id", api_id, "--parent-id", root,
               "--path-part", "pets").json
    m = aws("apigateway", "put-method", "--rest-api-id", api_id, "--resource-id", pets["id"],
            "--http-method", "GET", "--authorization-type", "NONE", "--api-key-required").json
    assert m["apiKeyRequired"] is True
    integ = aws("apigateway", "put-integration", "--rest-api-id", api_id, "--resource-id", pets["id"],
                "--http-method", "GET", "--type", "MOCK", "--request-templates",
                json.dumps({"application/json": '{"statusCode": 200}'})).json
    assert integ["type"] == "MOCK" and integ["timeoutInMillis"] == 29000
    dep = aws("apigateway", "create-deployment", "--rest-api-id", api_id, "--stage-name", "prod").json
    assert dep["id"]

    plan = aws("apigateway", "create-usage-plan", "--name", n,
               "--api-stages", f"apiId={api_id},stage=prod",
               "--throttle", "burstLimit=10,rateLimit=5",
               "--quota", "limit=1000,offset=0,period=DAY").json
    assert plan["apiStages"] == [{"apiId": api_id, "stage": "prod"}]
    assert plan["throttle"] == {"burstLimit": 10, "rateLimit": 5.0}
    assert plan["quota"] == {"limit": 1000, "offset": 0, "period": "DAY"}

    pk = aws("apigateway", "create-usage-plan-key", "--usage-plan-id", plan["id"],
             "--key-id", key["id"], "--key-type", "API_KEY").json
    assert (pk["id"], pk["type"], pk["value"], pk["name"]) == (key["id"], "API_KEY", key["value"], n)

    today = datetime.datetime.now(datetime.timezone.utc).date()
    start = (today - datetime.timedelta(days=1)).isoformat()
    usage = aws("apigateway", "get-usage", "--usage-plan-id", plan["id"], "--start-date", start,
                "--end-date", today.isoformat()).json
    assert usage["usagePlanId"] == plan["id"]
    assert usage["items"] == {key["id"]: [[0, 1000], [0, 1000]]}

    upd = aws("apigateway", "update-api-key", "--api-key", key["id"], "--patch-operations",
              "op=replace,path=/enabled,value=false").json
    assert upd["enabled"] is False and "value" not in upd

    listed = aws("apigateway", "get-api-keys", "--include-values", "--name-query", n).json
    assert [(i["id"], i["value"], i["enabled"]) for i in listed["items"]] == \
        [(key["id"], key["value"], False)]

    csv = tmp_path / "keys.csv"
    v = ("csv" + n.replace("-", "") + "0123456789abcdef")[:30]
    csv.write_text(f"Name,Key,Description,UsagePlanIds\n{n}-imp,{v},imported,{plan['id']}\n")
    imp = aws("apigateway", "import-api-keys", "--body", f"fileb://{csv}", "--format", "csv").json
    assert len(imp["ids"]) == 1
    keys = aws("apigateway", "get-usage-plan-keys", "--usage-plan-id", plan["id"]).json
    assert {i["id"] for i in keys["items"]} == {key["id"], imp["ids"][0]}
    imported = aws("apigateway", "get-api-key", "--api-key", imp["ids"][0], "--include-value").json
    assert (imported["value"], imported["enabled"], imported["description"]) == (v, True, "imported")


def test_refused_calls_show_aws_error_text(aws):
    r = aws("apigateway", "get-api-key", "--api-key", "nosuchkey4", expect_rc=CLI_ERROR_RC)
    assert ("An error occurred (NotFoundException) when calling the GetApiKey operation: "
            "Invalid API Key identifier specified") in r.stderr

    r = aws("apigateway", "create-api-key", "--name", unique("s"), "--value", "short",
            expect_rc=CLI_ERROR_RC)
    assert ("An error occurred (BadRequestException) when calling the CreateApiKey operation: "
            "API Key value should be at least 20 characters") in r.stderr

    r = aws("apigateway", "get-usage-plan", "--usage-plan-id", "nosuch", expect_rc=CLI_ERROR_RC)
    assert ("An error occurred (NotFoundException) when calling the GetUsagePlan operation: "
            "Invalid Usage Plan ID specified") in r.stderr

    r = aws("apigateway", "create-usage-plan", "--name", unique("q"), "--quota",
            "limit=1,period=YEAR", expect_rc=CLI_ERROR_RC)
    assert "An error occurred (ValidationException) when calling the CreateUsagePlan operation" in r.stderr
    assert "createUsagePlanInput.quota.period" in r.stderr


def test_duplicate_plan_key_via_cli(aws):
    n = unique("dupcli")
    key = aws("apigateway", "create-api-key", "--name", n).json
    plan = aws("apigateway", "create-usage-plan", "--name", n).json
    args = ("apigateway", "create-usage-plan-key", "--usage-plan-id", plan["id"], "--key-id",
            key["id"], "--key-type", "API_KEY")
    aws(*args)
    r = aws(*args, expect_rc=CLI_ERROR_RC)
    assert "An error occurred (ConflictException) when calling the CreateUsagePlanKey operation" in r.stderr


def test_cli_with_wrong_secret(aws, server):
    env = aws.env()
    env["AWS_SECRET_ACCESS_KEY"] = "wrong-secret-value"
    p = subprocess.run(["aws", "--endpoint-url", server.endpoint, "--output", "json",
                        "apigateway", "get-api-keys"], capture_output=True, text=True, env=env,
                       timeout=120)
    assert p.returncode == CLI_ERROR_RC
    assert "InvalidSignatureException" in p.stderr


def test_cli_follows_pagination(aws, client):
    p = unique("clipg")
    ids = {client.create_api_key(name=f"{p}-{i:02d}")["id"] for i in range(30)}
    out = aws("apigateway", "get-api-keys", "--name-query", p).json
    assert {i["id"] for i in out["items"]} == ids
    out = aws("apigateway", "get-api-keys", "--name-query", p, "--page-size", "7").json
    assert {i["id"] for i in out["items"]} == ids
