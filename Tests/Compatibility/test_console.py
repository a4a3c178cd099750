"""The web console (/_turnpike/console/), the key holder's portal (/_turnpike/portal/) and
GET /_turnpike/self, against a real `turnpike serve`.

The HTTP tests need nothing else; the browser tests drive Debian's headless Chromium with
selenium and save screenshots under $TURNPIKE_ARTIFACTS (default Tests/Compatibility/artifacts/).
They skip, saying why, when chromium, chromedriver or selenium is missing.
"""

from __future__ import annotations

import contextlib
import re
import shutil
import time

import pytest

from console_browser import (DOWNLOADS, Page, assert_contrast, assert_labelled, missing_browser, start_browser,
                             tab_order)
from turnpike_harness import (ACCESS_KEY, SECRET_KEY, TurnpikeServer, make_deployed_api, new_scratch_dir,
                              send_raw, unique)

CONSOLE = "/_turnpike/console/"
PORTAL = "/_turnpike/portal/"


@contextlib.contextmanager
def single_node():
    """A one-node server on a fresh data directory, stopped (SIGTERM, then SIGKILL) and removed after.
    The console talks to one gateway, so these tests use one node in cluster mode too."""
    srv = TurnpikeServer(new_scratch_dir())
    try:
        yield srv.start()
    finally:
        try:
            srv.stop()
        finally:
            srv.kill9()
            shutil.rmtree(srv.root, ignore_errors=True)


@pytest.fixture(scope="module")
def gateway():
    with single_node() as srv:
        yield srv


@pytest.fixture(scope="module")
def admin(gateway):
    return gateway.client()


@pytest.fixture(scope="module")
def browser():
    driver = start_browser()
    yield driver
    driver.quit()


@pytest.fixture
def page(browser, request):
    browser.delete_all_cookies()
    return Page(browser, request.node.name)


def invoke(gateway, api, key_value, path="/pets"):
    return send_raw(gateway.endpoint, "GET", f"/restapis/{api.api_id}/{api.stage}/_user_request_{path}",
                    headers={"x-api-key": key_value})


def self_report(gateway, key_value=None):
    headers = {"x-api-key": key_value} if key_value is not None else {}
    return send_raw(gateway.endpoint, "GET", "/_turnpike/self", headers=headers)


def plan_with_key(admin, api, quota=10, throttle=None):
    plan = admin.create_usage_plan(name=unique("plan"), apiStages=[{"apiId": api.api_id, "stage": api.stage}],
                                   quota={"limit": quota, "period": "DAY"},
                                   **({"throttle": throttle} if throttle else {}))
    key = admin.create_api_key(name=unique("holder"), enabled=True, customerId="cust-1")
    admin.create_usage_plan_key(usagePlanId=plan["id"], keyId=key["id"], keyType="API_KEY")
    return plan, key


def wait_status(fn, status, timeout=5.0):
    deadline = time.monotonic() + timeout
    while True:
        answer = fn()
        if answer.status == status or time.monotonic() > deadline:
            return answer
        time.sleep(0.1)


# --------------------------------------------------------------------------- HTTP


def test_static_files_are_served_unsigned_with_strict_headers(gateway):
    index = send_raw(gateway.endpoint, "GET", CONSOLE)
    assert index.status == 200, index.body[:200]
    assert index.headers["content-type"].startswith("text/html")
    csp = index.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert index.headers["x-content-type-options"] == "nosniff"
    assert b'name="accessKeyId"' in index.body and b'name="secretAccessKey"' in index.body
    html = index.body.decode()
    referenced = re.findall(r'(?:src|href)="([^"#:]+)"', html)
    assert "console.js" in referenced and "turnpike.css" in referenced
    for name in referenced:
        answer = send_raw(gateway.endpoint, "GET", CONSOLE + name)
        assert answer.status == 200, name
        assert answer.headers.get("cache-control") == "no-cache"
    script = send_raw(gateway.endpoint, "GET", CONSOLE + "console.js")
    assert script.headers["content-type"].startswith("text/javascript")
    for name in re.findall(r'from "\./([^"]+)"', script.body.decode()):
        assert send_raw(gateway.endpoint, "GET", CONSOLE + name).status == 200, name
    portal = send_raw(gateway.endpoint, "GET", PORTAL)
    assert portal.status == 200 and b'name="apiKey"' in portal.body

    bare = send_raw(gateway.endpoint, "GET", "/_turnpike/console")
    assert bare.status == 301 and bare.headers["location"] == CONSOLE
    for path in (CONSOLE + "nope.js", CONSOLE + "%2e%2e%2fcredentials", CONSOLE + "..%2F..%2Fdata%2Fcredentials"):
        answer = send_raw(gateway.endpoint, "GET", path)
        assert answer.status == 404, path
    traversal = send_raw(gateway.endpoint, "GET", CONSOLE + "../../data/credentials")
    assert traversal.status in (400, 403, 404) and b"aws_secret_access_key" not in traversal.body
    # The rest of the admin API still needs a signature.
    assert send_raw(gateway.endpoint, "GET", "/usageplans").status == 403


def test_self_reports_the_key_without_counting_it(gateway, admin):
    api = make_deployed_api(admin)
    plan, key = plan_with_key(admin, api, quota=10)
    value = admin.get_api_key(apiKey=key["id"], includeValue=True)["value"]

    assert self_report(gateway).status == 403
    assert self_report(gateway, "not-a-key-0123456789").status == 403
    for _ in range(5):
        answer = wait_status(lambda: self_report(gateway, value), 200)
        assert answer.status == 200, answer.body
    report = answer.json
    assert report["id"] == key["id"] and report["name"] == key["name"]
    assert value not in answer.body.decode()
    (entry,) = report["plans"]
    assert entry["id"] == plan["id"] and entry["name"] == plan["name"]
    assert entry["quota"] == {"limit": 10, "offset": 0, "period": "DAY"}
    assert entry["usage"]["used"] == 0 and entry["usage"]["remaining"] == 10
    assert entry["usage"]["windowStart"] == entry["usage"]["windowEnd"] == report["today"]
    assert entry["usage"]["resetsAt"].endswith("T00:00:00Z")

    for _ in range(3):
        assert invoke(gateway, api, value).status == 200
    usage = self_report(gateway, value).json["plans"][0]["usage"]
    assert usage["used"] == 3 and usage["remaining"] == 7 and usage["today"] == 3
    assert usage["daily"][-1] == {"date": report["today"], "used": 3, "remaining": 7}
    day = report["today"]
    values = admin.get_usage(usagePlanId=plan["id"], startDate=day, endDate=day)["items"]
    assert values[key["id"]] == [[3, 7]], "the /self calls must not count as usage"

    admin.update_api_key(apiKey=key["id"], patchOperations=[{"op": "replace", "path": "/enabled", "value": "false"}])
    assert wait_status(lambda: self_report(gateway, value), 403).status == 403


def test_self_is_throttled_like_an_invoke_of_the_key(gateway, admin):
    api = make_deployed_api(admin)
    _, key = plan_with_key(admin, api, quota=100, throttle={"rateLimit": 0.01, "burstLimit": 1})
    value = admin.get_api_key(apiKey=key["id"], includeValue=True)["value"]
    first = wait_status(lambda: self_report(gateway, value), 200)
    assert first.status == 200
    second = self_report(gateway, value)
    assert second.status == 429 and second.headers.get("retry-after")
    assert invoke(gateway, api, value).status == 429, "the throttle is the one invoke requests use"


# --------------------------------------------------------------------------- browser


def sign_in(page: Page, gateway, access_key=ACCESS_KEY, secret=SECRET_KEY):
    page.open(gateway.endpoint + CONSOLE)
    page.fill("input[name=accessKeyId]", access_key)
    page.fill("input[name=secretAccessKey]", secret)
    page.click("#sign-in-button")


def nav(page: Page, label: str):
    page.js("const p = document.querySelector('#page .page'); if (p) p.dataset.old = '1';")
    page.click_text("nav//a", label)
    page.wait(lambda: page.js("const p = document.querySelector('#page .page');"
                              "return p && !p.dataset.old && !p.hasAttribute('aria-busy');"), message=f"page {label}")
    page.wait_text("#page h1", re.escape(label))


def select_value(page: Page, css: str, value: str):
    from selenium.webdriver.support.ui import Select
    Select(page.visible(css)).select_by_value(value)


def test_console_plan_key_usage_grant_and_disable(gateway, admin, page):
    api = make_deployed_api(admin)
    sign_in(page, gateway)
    page.wait_text("#page h1", "Overview")
    page.shot("overview")

    nav(page, "Usage plans")
    page.click_text("a", "New usage plan")
    page.wait_text("#page h1", "New usage plan")
    plan_name = unique("console-plan")
    page.fill("input[name=planName]", plan_name)
    page.fill("input[name=rateLimit]", "100")
    page.fill("input[name=burstLimit]", "200")
    page.fill("input[name=quotaLimit]", "100")
    select_value(page, "select[name=quotaPeriod]", "DAY")
    page.click(f"input[name=apiStage][value='{api.api_id}:{api.stage}']")
    page.click_text("button", "Add a method throttle")
    select_value(page, "select[name=mtStage]", f"{api.api_id}:{api.stage}")
    page.fill("input[name=mtPath]", "/pets")
    page.fill("input[name=mtRate]", "50")
    page.fill("input[name=mtBurst]", "60")
    page.shot("new-plan-form")
    page.click_text("button", "Create usage plan")
    page.wait_text("#page h1", re.escape(f"Usage plan {plan_name}"))
    page.shot("plan-created")
    plan = next(p for p in admin.get_usage_plans(limit=500)["items"] if p["name"] == plan_name)
    assert plan["quota"]["limit"] == 100 and plan["throttle"]["burstLimit"] == 200
    assert plan["apiStages"][0]["throttle"]["/pets/GET"] == {"rateLimit": 50.0, "burstLimit": 60}

    # Edit: the quota goes to 200, the per-method rate to 40.
    page.fill("input[name=quotaLimit]", "200")
    page.fill("input[name=mtRate]", "40")
    page.click_text("button", "Save changes")
    page.wait_text(".notice-success", "Saved usage plan")
    edited = admin.get_usage_plan(usagePlanId=plan["id"])
    assert edited["quota"]["limit"] == 200
    assert edited["apiStages"][0]["throttle"]["/pets/GET"] == {"rateLimit": 40.0, "burstLimit": 60}

    nav(page, "API keys")
    key_name = unique("console-key")
    page.fill("input[name=keyName]", key_name)
    page.fill("input[name=keyCustomerId]", "customer-42")
    select_value(page, "select[name=keyPlan]", plan["id"])
    page.click_text("button", "Create API key")
    page.wait_text("#page h1", re.escape(f"API key {key_name}"))
    page.click_text("button", "Show value")
    value = page.wait_text(".key-value", r"\S{20,}")
    page.shot("key-page")

    for _ in range(3):
        assert invoke(gateway, api, value).status == 200

    nav(page, "Usage")
    select_value(page, "select[name=usagePlan]", plan["id"])
    page.click_text("button", "Show usage")
    bar = page.find(f"rect.chart-bar[data-series='{key_name}']")
    assert bar.get_attribute("data-value") == "3"
    assert re.search(r": 3$", page.js("return arguments[0].querySelector('title').textContent", bar))
    page.wait_text("table.chart-table", re.escape(key_name))
    row = page.js("""
        const rows = Array.from(document.querySelectorAll('table.chart-table')[0].rows);
        const head = Array.from(rows[0].cells).map((c) => c.textContent);
        const column = head.indexOf(arguments[0]);
        return rows.slice(1).map((r) => r.cells[column].textContent);
    """, key_name)
    assert row[-1] == "3", row
    page.wait_text(".quota-table td.remaining", "^197$")
    page.shot("usage-chart")
    download = DOWNLOADS / f"usage-{plan['id']}-{time.strftime('%Y-%m-%d', time.gmtime(time.time() - 6 * 86400))}-{time.strftime('%Y-%m-%d', time.gmtime())}.csv"
    download.unlink(missing_ok=True)
    page.all("figure.chart button")[0].click()
    page.wait(download.exists, message=f"the CSV download {download.name}")
    lines = page.wait(lambda: download.read_text().splitlines(), message="the CSV's lines")
    assert lines[0] == f"Day,{key_name}" and lines[-1].endswith(",3") and len(lines) == 8, lines

    page.click_text("table//a", key_name)
    page.wait_text("#page h1", re.escape(f"API key {key_name}"))
    page.fill("input[name=grantRemaining]", "50")
    page.click_text("button", "Grant")
    page.wait_text(".notice-success", "50 requests remain")
    page.wait_text("dd.remaining", "^50$")
    page.shot("granted")
    day = time.strftime("%Y-%m-%d", time.gmtime())
    key_id = page.js("return location.hash.split('/').pop()")
    assert admin.get_usage(usagePlanId=plan["id"], startDate=day, endDate=day)["items"][key_id] == [[3, 50]]

    page.click_text("button", "Disable this key")
    page.wait_text("dl.facts", "disabled")
    page.shot("disabled")
    assert wait_status(lambda: invoke(gateway, api, value), 403).status == 403

    # The overview counts the refusal.
    nav(page, "Overview")
    refused = page.wait_text(".tile", r"Refused today: forbidden")
    assert int(refused.split()[0].replace(",", "")) >= 1, refused
    page.shot("overview-refusals")


def test_console_search_import_and_attach(gateway, admin, page):
    api = make_deployed_api(admin)
    plan, key = plan_with_key(admin, api)
    sign_in(page, gateway)
    nav(page, "API keys")
    page.fill("input[name=searchCustomer]", "cust-1")
    page.fill("input[name=searchName]", key["name"])
    page.click_text("button", "Search")
    page.wait_text("table.data caption", "^1 API key$")
    page.click(f"button[aria-label='Show value of {key['name']}']")
    value = admin.get_api_key(apiKey=key["id"], includeValue=True)["value"]
    page.wait_text(".key-value", re.escape(value))
    imported = unique("imported")
    page.fill("textarea[name=importText]", f"Name,Key,Enabled\n{imported},{unique('imported-value-0123456789')},true\n")
    page.click_text("button", "Import")
    page.wait_text(".notice-success", "Imported 1 key")
    page.shot("imported")
    found = admin.get_api_keys(nameQuery=imported)["items"]
    assert len(found) == 1
    page.fill("input[name=searchCustomer]", "")
    page.fill("input[name=searchName]", imported)
    page.click_text("button", "Search")
    page.click_text("table//a", imported)
    select_value(page, "select[name=attachPlan]", plan["id"])
    page.click_text("button", "Attach")
    page.wait_text("section.card h3", re.escape(plan["name"]))
    assert admin.get_usage_plan_key(usagePlanId=plan["id"], keyId=found[0]["id"])["id"] == found[0]["id"]


def test_wrong_credentials_show_a_clear_error(gateway, page):
    sign_in(page, gateway, secret="not-the-secret-at-all")
    text = page.wait_text(".notice-error", "refused")
    assert "credentials" in text
    page.shot("wrong-secret")
    sign_in(page, gateway, access_key="AKIAUNKNOWN000000000")
    page.wait_text(".notice-error", "refused")
    assert not page.visible("#sign-in").get_attribute("hidden")
    page.shot("unknown-key-id")


def test_portal_shows_remaining_quota_going_down(gateway, admin, page):
    api = make_deployed_api(admin)
    plan, key = plan_with_key(admin, api, quota=10)
    value = admin.get_api_key(apiKey=key["id"], includeValue=True)["value"]
    page.open(gateway.endpoint + PORTAL)
    page.fill("input[name=apiKey]", "wrong-key-0123456789")
    page.click_text("button", "Show my usage")
    page.wait_text(".notice-error", "not accepted")
    page.shot("portal-wrong-key")
    page.fill("input[name=apiKey]", value)
    page.click_text("button", "Show my usage")
    page.wait_text("#report h1", re.escape(key["name"]))
    page.wait_text("dd.remaining", "^10$")
    page.shot("portal-before")
    for _ in range(4):
        assert invoke(gateway, api, value).status == 200
    page.click("#refresh")
    page.wait_text("dd.remaining", "^6$")
    page.wait_text("dd.today", "^4$")
    assert page.find("rect.chart-bar").get_attribute("data-value") == "4"
    assert page.all("#report section.card")[0].get_attribute("data-plan-id") == plan["id"]
    page.shot("portal-after")
    assert "apiKey" not in page.js("return JSON.stringify(Object.keys(localStorage))")


def test_gateway_gone_shows_a_clear_state(page):
    with single_node() as srv:
        sign_in(page, srv)
        page.wait_text("#page h1", "Overview")
        srv.stop()
        page.click_text("nav//a", "API keys")
        page.wait_text("#connection", "Connection lost")
        page.wait_text(".notice-error", "does not answer")
        # What was shown stays, under the note: never a blank page.
        page.wait_text("#page h1", "Overview")
        assert page.js("return document.body.innerText.trim().length") > 100, "the page must not go blank"
        page.shot("gateway-gone")
        page.click_text("button", "Sign out")
        page.fill("input[name=accessKeyId]", ACCESS_KEY)
        page.fill("input[name=secretAccessKey]", SECRET_KEY)
        page.click("#sign-in-button")
        page.wait_text("#sign-in-status .notice-error", "does not answer")
        page.shot("sign-in-while-gone")


def test_pages_have_labels_contrast_and_keyboard_access(gateway, admin, page):
    api = make_deployed_api(admin)
    plan, key = plan_with_key(admin, api)
    page.open(gateway.endpoint + CONSOLE)
    page.visible("input[name=accessKeyId]")
    assert_labelled(page, "sign-in")
    assert_contrast(page, "sign-in")
    order = tab_order(page, 8)
    for control in ("accessKeyId", "secretAccessKey", "region", "sign-in-button"):
        assert control in order, f"Tab never reaches {control}: {order}"
    assert order.index("accessKeyId") < order.index("secretAccessKey") < order.index("sign-in-button")

    # Sign in with the keyboard only.
    from selenium.webdriver.common.keys import Keys
    page.visible("input[name=accessKeyId]").send_keys(ACCESS_KEY + Keys.TAB + SECRET_KEY + Keys.ENTER)
    page.wait_text("#page h1", "Overview")
    order = tab_order(page, 20)
    for link in ("Overview", "Usage plans", "API keys", "Usage"):
        assert link in order, f"Tab never reaches {link}: {order}"
    for hash_route, heading in (("#/overview", "Overview"), ("#/plans", "Usage plans"), ("#/plans/new", "New usage plan"),
                                (f"#/plans/{plan['id']}", "Usage plan"), ("#/keys", "API keys"),
                                (f"#/keys/{key['id']}", "API key"), (f"#/usage/{plan['id']}", "Usage")):
        page.route(hash_route)
        page.wait_text("#page h1", re.escape(heading))
        assert_labelled(page, hash_route)
        assert_contrast(page, hash_route)
    page.shot("usage-page")

    page.open(gateway.endpoint + PORTAL)
    page.visible("input[name=apiKey]")
    assert_labelled(page, "portal")
    assert_contrast(page, "portal")
    assert "apiKey" in tab_order(page, 6)
    value = admin.get_api_key(apiKey=key["id"], includeValue=True)["value"]
    page.visible("input[name=apiKey]").send_keys(value + Keys.ENTER)
    page.wait_text("#report h1", re.escape(key["name"]))
    assert_labelled(page, "portal report")
    assert_contrast(page, "portal report")
    assert "refresh" in tab_order(page, 10)


def test_browser_skip_reason_is_clear():
    """Documents the skip: when the browser is missing the reason names what to install."""
    reason = missing_browser()
    if reason is None:
        return
    assert "install" in reason
