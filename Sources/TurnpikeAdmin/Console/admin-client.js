// The console's client of the AWS-compatible admin API: every call is signed with SigV4 in the
// browser. The secret lives in this object only (the tab's memory), never in storage.
import { sign, uriEncode } from "./sigv4.js";

/** A failed call: `status` 0 with `offline` when the gateway could not be reached. */
export class AdminError extends Error {
  constructor(message, { status = 0, type = "", offline = false } = {}) {
    super(message);
    this.status = status;
    this.type = type;
    this.offline = offline;
  }

  /** True for refused credentials (unknown key id, wrong secret). */
  get isAuthFailure() {
    return this.status === 403 && /UnrecognizedClient|InvalidSignature|IncompleteSignature|MissingAuthenticationToken/.test(this.type);
  }
}

function query(params) {
  return Object.entries(params || {})
    .filter(([, value]) => value !== undefined && value !== null && value !== "")
    .map(([name, value]) => `${uriEncode(name)}=${uriEncode(String(value))}`)
    .join("&");
}

/** One segment of a path, percent-encoded. */
export function seg(text) {
  return uriEncode(String(text));
}

export class AdminClient {
  /**
   * @param {object} options - { accessKeyId, secretAccessKey, region, origin (defaults to the page's) }
   */
  constructor({ accessKeyId, secretAccessKey, region = "us-east-1", origin = location.origin }) {
    this.credentials = Object.freeze({ accessKeyId, secretAccessKey });
    this.region = region || "us-east-1";
    this.origin = origin;
    this.onConnectivity = () => {};
  }

  /** Sends one signed call and returns the parsed JSON answer (null when empty). */
  async call(method, path, { params, body, contentType } = {}) {
    const rawQuery = query(params);
    const url = new URL(this.origin + path + (rawQuery ? "?" + rawQuery : ""));
    const text = body === undefined ? "" : typeof body === "string" ? body : JSON.stringify(body);
    const type = body === undefined ? undefined : contentType || "application/json";
    const headers = await sign(
      { method, host: url.host, path, query: rawQuery, body: text, contentType: type },
      this.credentials, { region: this.region, service: "apigateway", date: new Date() });
    let response;
    try {
      response = await fetch(url, { method, headers, body: text === "" ? undefined : text, cache: "no-store" });
    } catch (error) {
      this.onConnectivity(false);
      throw new AdminError("The gateway cannot be reached: check that it is running and that this machine can reach it.", { offline: true });
    }
    this.onConnectivity(true);
    const answer = await response.text();
    let json = null;
    try { json = answer ? JSON.parse(answer) : null; } catch { json = null; }
    if (!response.ok) {
      const type = response.headers.get("x-amzn-ErrorType") || "";
      const message = (json && (json.message || json.Message)) || `${response.status} ${response.statusText}`;
      throw new AdminError(message, { status: response.status, type });
    }
    return json;
  }

  /** Every item of a paged list call. */
  async all(path, params = {}) {
    const items = [];
    let position;
    do {
      const page = await this.call("GET", path, { params: { ...params, limit: 500, position } });
      items.push(...((page && page.item) || []));
      position = page && page.position;
    } while (position);
    return items;
  }

  restApis() { return this.all("/restapis"); }
  stages(apiId) { return this.call("GET", `/restapis/${seg(apiId)}/stages`).then((answer) => (answer && answer.item) || []); }
  usagePlans() { return this.all("/usageplans"); }
  usagePlan(id) { return this.call("GET", `/usageplans/${seg(id)}`); }
  createUsagePlan(input) { return this.call("POST", "/usageplans", { body: input }); }
  updateUsagePlan(id, patchOperations) { return this.call("PATCH", `/usageplans/${seg(id)}`, { body: { patchOperations } }); }
  apiKeys({ name, customerId, includeValues } = {}) {
    return this.all("/apikeys", { name, customerId, includeValues: includeValues ? "true" : undefined });
  }
  apiKey(id, includeValue = false) {
    return this.call("GET", `/apikeys/${seg(id)}`, { params: { includeValue: includeValue ? "true" : undefined } });
  }
  createApiKey(input) { return this.call("POST", "/apikeys", { body: input }); }
  importApiKeys(csv) {
    return this.call("POST", "/apikeys", { params: { mode: "import", format: "csv" }, body: csv, contentType: "text/csv" });
  }
  updateApiKey(id, patchOperations) { return this.call("PATCH", `/apikeys/${seg(id)}`, { body: { patchOperations } }); }
  planKeys(planId) { return this.all(`/usageplans/${seg(planId)}/keys`); }
  addPlanKey(planId, keyId) {
    return this.call("POST", `/usageplans/${seg(planId)}/keys`, { body: { keyId, keyType: "API_KEY" } });
  }
  removePlanKey(planId, keyId) { return this.call("DELETE", `/usageplans/${seg(planId)}/keys/${seg(keyId)}`); }
  /** GetUsage, every page merged: `{ keyId: [[used, remaining], ...] }` from `startDate` through `endDate`. */
  async usage(planId, startDate, endDate, keyId) {
    const values = {};
    let position;
    do {
      const page = await this.call("GET", `/usageplans/${seg(planId)}/usage`,
        { params: { startDate, endDate, keyId, limit: 500, position } });
      Object.assign(values, (page && page.values) || {});
      position = page && page.position;
    } while (position);
    return values;
  }
  /** UpdateUsage: sets what the key has left in the current quota window. */
  grant(planId, keyId, remaining) {
    return this.call("PATCH", `/usageplans/${seg(planId)}/keys/${seg(keyId)}/usage`,
      { body: { patchOperations: [{ op: "replace", path: "/remaining", value: String(remaining) }] } });
  }
}
