// AWS Signature Version 4 in the browser, with WebCrypto: the console signs every admin call
// exactly as the aws CLI does, so the gateway needs no second admin API and no session store.

const encoder = new TextEncoder();

function hex(buffer) {
  return Array.from(new Uint8Array(buffer), (byte) => byte.toString(16).padStart(2, "0")).join("");
}

async function sha256Hex(data) {
  return hex(await crypto.subtle.digest("SHA-256", typeof data === "string" ? encoder.encode(data) : data));
}

async function hmac(key, text) {
  const raw = typeof key === "string" ? encoder.encode(key) : key;
  const cryptoKey = await crypto.subtle.importKey("raw", raw, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return crypto.subtle.sign("HMAC", cryptoKey, encoder.encode(text));
}

/** RFC 3986 encoding of one query name or value, or one path segment: only unreserved characters stay. */
export function uriEncode(text) {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase());
}

/** `YYYYMMDDTHHMMSSZ` for a date. */
export function amzDate(date) {
  return date.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
}

/**
 * The SigV4 headers for a request.
 * @param {object} request - { method, host, path (already encoded), query (already encoded, sorted or not), body (string) }
 * @param {object} credentials - { accessKeyId, secretAccessKey }
 * @param {object} scope - { region, service, date (a Date) }
 * @returns {Promise<object>} headers to send: x-amz-date, x-amz-content-sha256, authorization
 */
export async function sign(request, credentials, scope) {
  const stamp = amzDate(scope.date);
  const day = stamp.slice(0, 8);
  const payloadHash = await sha256Hex(request.body || "");
  const headers = { host: request.host, "x-amz-content-sha256": payloadHash, "x-amz-date": stamp };
  if (request.contentType) headers["content-type"] = request.contentType;
  const names = Object.keys(headers).sort();
  const canonicalPath = request.path.split("/").map((segment) => uriEncode(segment)).join("/") || "/";
  const canonicalQuery = (request.query || "").split("&").filter((pair) => pair !== "")
    .map((pair) => (pair.includes("=") ? pair : pair + "="))
    .sort().join("&");
  const canonical = [
    request.method.toUpperCase(), canonicalPath, canonicalQuery,
    names.map((name) => `${name}:${String(headers[name]).trim()}\n`).join(""),
    names.join(";"), payloadHash,
  ].join("\n");
  const credentialScope = `${day}/${scope.region}/${scope.service}/aws4_request`;
  const stringToSign = ["AWS4-HMAC-SHA256", stamp, credentialScope, await sha256Hex(canonical)].join("\n");
  let key = await hmac("AWS4" + credentials.secretAccessKey, day);
  key = await hmac(key, scope.region);
  key = await hmac(key, scope.service);
  key = await hmac(key, "aws4_request");
  const signature = hex(await hmac(key, stringToSign));
  const signed = {
    "x-amz-date": stamp,
    "x-amz-content-sha256": payloadHash,
    authorization: `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${credentialScope}, `
      + `SignedHeaders=${names.join(";")}, Signature=${signature}`,
  };
  if (request.contentType) signed["content-type"] = request.contentType;
  return signed;
}
