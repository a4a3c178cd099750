"""Admin API authentication: SigV4 as AWS API Gateway answers it."""

from __future__ import annotations

import datetime
import re
import secrets
import stat

import boto3
import pytest
from botocore import UNSIGNED
from botocore.config import Config
from botocore.exceptions import ClientError

from turnpike_harness import (REGION, error_of, make_client, send_raw, signed_request)


def test_unsigned_raw_request_is_missing_authentication_token(server):
    r = send_raw(server.endpoint, "GET", "/apikeys")
    assert r.status == 403
    assert r.error_type == "MissingAuthenticationTokenException"
    assert r.message == "Missing Authentication Token"


def test_unsigned_boto3_request(server):
    c = boto3.client("apigateway", endpoint_url=server.endpoint, region_name=REGION,
                     config=Config(signature_version=UNSIGNED, retries={"total_max_attempts": 1}))
    with pytest.raises(ClientError) as e:
        c.get_api_keys()
    status, code, _ = error_of(e)
    assert (status, code) == (403, "MissingAuthenticationTokenException")


def test_unknown_access_key_is_unrecognized_client(server):
    c = make_client(server.endpoint, "AKIAUNKNOWNKEY000000", "whatever-secret")
    with pytest.raises(ClientError) as e:
        c.get_api_keys()
    status, code, msg = error_of(e)
    assert (status, code) == (403, "UnrecognizedClientException")
    assert msg == "The security token included in the request is invalid."


def test_wrong_secret_is_invalid_signature(server):
    ak, _ = server.credentials()
    c = make_client(server.endpoint, ak, "definitely-not-the-secret")
    with pytest.raises(ClientError) as e:
        c.get_api_keys()
    status, code, msg = error_of(e)
    assert (status, code) == (403, "InvalidSignatureException")
    assert msg.startswith("The request signature we calculated does not match the signature "
                          "you provided")


def test_error_body_is_json_with_message_and_error_type_header(server):
    r = signed_request(server.endpoint, "GET", "/apikeys", access_key=server.credentials()[0],
                       secret_key="wrong")
    assert r.status == 403
    assert r.headers.get("x-amzn-errortype", "").startswith("InvalidSignatureException")
    assert isinstance(r.json, dict) and isinstance(r.json.get("message"), str)


def test_request_dated_six_minutes_ago_is_expired(server):
    when = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None) \
        - datetime.timedelta(minutes=6)
    r = server.raw("GET", "/apikeys", when=when)
    assert r.status == 403
    assert r.error_type == "InvalidSignatureException"
    assert r.message.startswith("Signature expired"), r.message


def test_request_dated_six_minutes_ahead_is_refused(server):
    when = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None) \
        + datetime.timedelta(minutes=6)
    r = server.raw("GET", "/apikeys", when=when)
    assert r.status == 403
    assert r.error_type == "InvalidSignatureException"


def test_request_dated_two_minutes_ago_is_accepted(server):
    when = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None) \
        - datetime.timedelta(minutes=2)
    assert server.raw("GET", "/apikeys", when=when).status == 200


def test_any_region_in_the_scope_works(server):
    ak, sk = server.credentials()
    r = signed_request(server.endpoint, "GET", "/account", access_key=ak, secret_key=sk,
                       region="eu-west-3")
    assert r.status == 200


def test_signed_answer_carries_request_id(server):
    r = server.raw("GET", "/account")
    assert r.status == 200
    rid = r.headers.get("x-amzn-requestid", "")
    assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", rid), rid


def test_generated_credentials_file(server_factory, tmp_path, monkeypatch):
    srv = server_factory(access_key=None, secret_key=None)
    cred_file = srv.data_dir / "credentials"
    assert cred_file.exists()
    assert stat.S_IMODE(cred_file.stat().st_mode) == 0o600
    ak, sk = srv.credentials()
    assert ak and sk, cred_file.read_text()

    empty_config = tmp_path / "config"
    empty_config.write_text("")
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(cred_file))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(empty_config))
    for var in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        monkeypatch.delenv(var, raising=False)
    session = boto3.session.Session(profile_name="turnpike", region_name=REGION)
    c = session.client("apigateway", endpoint_url=srv.endpoint)
    assert "throttleSettings" in c.get_account()

    logs = srv.logs()
    assert sk not in logs, "the generated secret appears in the server output"
    assert str(cred_file) in logs or str(cred_file.resolve()) in logs, \
        "the server should print the path of the credentials file it wrote"

    # A second start keeps the same credentials (the file is written only once).
    before = cred_file.read_text()
    srv.restart()
    assert cred_file.read_text() == before
    c2 = session.client("apigateway", endpoint_url=srv.endpoint)
    assert "throttleSettings" in c2.get_account()
    assert sk not in srv.logs()


def test_allow_any_credentials_accepts_random_key_pair(server_factory):
    srv = server_factory(extra_args=("--allow-any-credentials",))
    ak = "AKIA" + secrets.token_hex(8).upper()
    c = make_client(srv.endpoint, ak, secrets.token_urlsafe(30))
    assert "throttleSettings" in c.get_account()
    key = c.create_api_key(name="any-creds")
    assert c.get_api_key(apiKey=key["id"])["name"] == "any-creds"
    # Unsigned requests are still refused.
    r = send_raw(srv.endpoint, "GET", "/apikeys")
    assert r.status == 403


def test_configured_credentials_do_not_accept_random_keys_without_the_flag(server):
    c = make_client(server.endpoint, "AKIA" + secrets.token_hex(8).upper(), "x" * 40)
    with pytest.raises(ClientError) as e:
        c.get_account()
    assert error_of(e)[0] == 403


def _signed_headers(server, path="/apikeys", service="apigateway", region=REGION):
    from botocore.auth import SigV4Auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials
    ak, sk = server.credentials()
    req = AWSRequest(method="GET", url=server.endpoint + path, data=b"")
    SigV4Auth(Credentials(ak, sk), service, region).add_auth(req)
    return {k: v for k, v in req.prepare().headers.items() if k.lower() != "host"}


def test_signature_scoped_to_another_service_is_refused(server):
    r = send_raw(server.endpoint, "GET", "/apikeys", headers=_signed_headers(server, service="s3"))
    assert r.status == 403, (r.status, r.body)
    assert r.error_type in ("InvalidSignatureException", "IncompleteSignatureException")


def test_signature_replayed_on_another_path_is_refused(server):
    r = send_raw(server.endpoint, "GET", "/usageplans", headers=_signed_headers(server, "/apikeys"))
    assert r.status == 403 and r.error_type == "InvalidSignatureException"


def test_scope_date_not_matching_x_amz_date_is_refused(server):
    h = _signed_headers(server)
    auth = h["Authorization"]
    date = h["X-Amz-Date"][:8]
    h["Authorization"] = auth.replace(f"/{date}/", "/20200101/")
    r = send_raw(server.endpoint, "GET", "/apikeys", headers=h)
    assert r.status == 403


def test_malformed_authorization_header(server):
    h = _signed_headers(server)
    h["Authorization"] = h["Authorization"].split(", Signature=")[0]  # no signature
    r = send_raw(server.endpoint, "GET", "/apikeys", headers=h)
    assert r.status == 403
    assert r.error_type in ("IncompleteSignatureException", "InvalidSignatureException",
                            "MissingAuthenticationTokenException")
