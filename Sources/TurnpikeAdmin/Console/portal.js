// The key holder's page: `GET /_turnpike/self` with the key in `x-api-key`, shown as limits,
// usage, remaining quota with its reset time, and a daily chart. Nothing about other keys.
import { barChart } from "./chart.js";
import { count, h, notice } from "./dom.js";

const $ = (id) => document.getElementById(id);
let apiKey = null;

class PortalError extends Error {
  constructor(message, offline = false) { super(message); this.offline = offline; }
}

async function fetchReport(key) {
  let response;
  try {
    response = await fetch("/_turnpike/self", { headers: { "x-api-key": key }, cache: "no-store" });
  } catch {
    throw new PortalError("The gateway does not answer. Check your connection, then refresh.", true);
  }
  if (response.status === 403) throw new PortalError("This API key is not accepted: it is unknown, disabled, or in no usage plan.");
  if (response.status === 429) {
    throw new PortalError(`Too many requests for this key; try again in ${response.headers.get("Retry-After") || "a few"} second(s).`);
  }
  if (!response.ok) throw new PortalError(`The gateway answered ${response.status}; try again later.`);
  return response.json();
}

function setConnection(online) {
  const banner = $("connection");
  banner.hidden = online;
  banner.textContent = online ? "" : `Connection lost: the gateway at ${location.host} does not answer. What you see may be out of date.`;
}

function planSection(plan) {
  const usage = plan.usage;
  const throttle = plan.throttle ? `${plan.throttle.rateLimit} requests per second, bursts of ${plan.throttle.burstLimit}` : "none";
  const quota = plan.quota ? `${count(plan.quota.limit)} requests per ${String(plan.quota.period).toLowerCase()}` : "none";
  const days = usage.daily.map((d) => d.date);
  return h("section", { class: "card", "data-plan-id": plan.id, "aria-labelledby": `plan-${plan.id}` },
    h("h2", { id: `plan-${plan.id}` }, plan.name),
    h("dl", { class: "facts" },
      h("dt", {}, "Throttle"), h("dd", {}, throttle),
      h("dt", {}, "Quota"), h("dd", {}, quota),
      h("dt", {}, "Used today (UTC)"), h("dd", { class: "today" }, count(usage.today)),
      h("dt", {}, plan.quota ? "Used this window" : "Used"), h("dd", { class: "used" }, count(usage.used)),
      h("dt", {}, "Remaining"), h("dd", { class: "remaining" }, plan.quota ? count(usage.remaining) : "unlimited"),
      h("dt", {}, "Window"), h("dd", {}, `${usage.windowStart} to ${usage.windowEnd} (UTC)`),
      h("dt", {}, "Resets"), h("dd", { class: "resets" }, usage.resetsAt ? new Date(usage.resetsAt).toUTCString() : "—")),
    barChart({
      title: `Your requests per day, ${plan.name} (last ${days.length} days, UTC)`, labels: days,
      series: [{ name: "Requests", values: usage.daily.map((d) => d.used) }],
      filename: `my-usage-${plan.id}.csv`,
    }));
}

async function show() {
  const status = $("key-status");
  try {
    const report = await fetchReport(apiKey);
    setConnection(true);
    $("key-entry").hidden = true;
    $("forget").hidden = false;
    const root = $("report");
    root.hidden = false;
    root.replaceChildren(
      h("h1", { tabindex: "-1" }, `Usage of ${report.name || report.id}`),
      h("p", {}, `Key id ${report.id} · today is ${report.today} (UTC) · `,
        h("button", { type: "button", id: "refresh", class: "secondary", onclick: show }, "Refresh")),
      h("div", { id: "report-status", "aria-live": "polite" }),
      ...report.plans.map(planSection));
    return true;
  } catch (error) {
    if (error.offline) setConnection(false);
    const target = $("report").hidden ? status : $("report-status");
    target.replaceChildren(notice("error", error.message));
    return false;
  }
}

$("key-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const value = $("apiKey").value.trim();
  if (!value) { $("key-status").replaceChildren(notice("error", "Enter your API key.")); return; }
  apiKey = value;
  $("key-status").replaceChildren();
  if (await show()) {
    $("apiKey").value = "";
    $("report").querySelector("h1").focus();
  }
});

$("forget").addEventListener("click", () => {
  apiKey = null;
  $("report").replaceChildren();
  $("report").hidden = true;
  $("forget").hidden = true;
  $("key-entry").hidden = false;
  $("apiKey").focus();
});
