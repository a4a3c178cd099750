// Overview: how many APIs, stages, plans and keys there are, and today's requests per plan.
import { count, h, isoDay } from "./dom.js";

function tile(label, value, href) {
  return h("li", { class: "tile" }, h("span", { class: "tile-value" }, count(value)),
    href ? h("a", { href }, label) : h("span", {}, label));
}

/** Renders the overview into `root`. */
export async function renderOverview(app, root) {
  root.append(h("h1", {}, "Overview"));
  const { client } = app;
  const [apis, plans, keys, refusals] = await Promise.all([
    client.restApis(), client.usagePlans(), client.apiKeys(),
    // A Turnpike extension; an older gateway answers 404 and the tiles say so.
    client.call("GET", "/_turnpike/refusals").catch((error) => { if (error.offline) throw error; return null; }),
  ]);
  const stageLists = await Promise.all(apis.map((api) => client.stages(api.id)));
  const today = isoDay(new Date());
  const usage = await Promise.all(plans.map((plan) => client.usage(plan.id, today, today).catch(() => ({}))));
  const todayByPlan = usage.map((values) => Object.values(values).reduce((sum, days) => sum + ((days[0] || [0])[0] || 0), 0));
  const totalToday = todayByPlan.reduce((a, b) => a + b, 0);
  root.append(
    h("ul", { class: "tiles", "aria-label": "Totals" },
      tile("REST APIs", apis.length),
      tile("Stages", stageLists.reduce((sum, list) => sum + list.length, 0)),
      tile("Usage plans", plans.length, "#/plans"),
      tile("API keys", keys.length, "#/keys"),
      tile("Keys disabled", keys.filter((key) => !key.enabled).length, "#/keys"),
      tile(`Requests today (${today}, UTC)`, totalToday, "#/usage"),
      tile("Refused today: forbidden (403)", refusals ? refusals.forbidden : undefined),
      tile("Refused today: throttle or quota (429)", refusals ? refusals.limited : undefined)),
    h("p", { class: "hint" },
      "Requests count the calls admitted through a usage plan's key (what GetUsage reports). ",
      refusals ? "Refusals are today's (UTC) on the gateway node this console talks to, since it started; they are not stored."
        : "This gateway does not report refusals."),
    h("h2", {}, "Usage plans today"),
    plans.length === 0
      ? h("p", {}, "No usage plan yet. ", h("a", { href: "#/plans/new" }, "Create one"), ".")
      : h("table", { class: "data" },
          h("caption", {}, "Requests per usage plan today"),
          h("thead", {}, h("tr", {}, ["Plan", "Stages", "Throttle", "Quota", "Keys with calls", "Requests today"]
            .map((title) => h("th", { scope: "col" }, title)))),
          h("tbody", {}, plans.map((plan, index) => h("tr", {},
            h("th", { scope: "row" }, h("a", { href: `#/plans/${encodeURIComponent(plan.id)}` }, plan.name)),
            h("td", {}, (plan.apiStages || []).map((s) => `${s.apiId}/${s.stage}`).join(", ") || "—"),
            h("td", {}, plan.throttle ? `${plan.throttle.rateLimit}/s, burst ${plan.throttle.burstLimit}` : "none"),
            h("td", {}, plan.quota ? `${count(plan.quota.limit)} per ${String(plan.quota.period).toLowerCase()}` : "none"),
            h("td", { class: "num" }, count(Object.values(usage[index]).filter((days) => (days[0] || [0])[0] > 0).length)),
            h("td", { class: "num" }, count(todayByPlan[index])))))),
    h("h2", {}, "REST APIs"),
    apis.length === 0 ? h("p", {}, "No REST API yet: create one with the aws CLI or Terraform.")
      : h("ul", { class: "plain" }, apis.map((api, index) => h("li", {},
          h("strong", {}, api.name), ` (${api.id}) — stages: `,
          stageLists[index].map((stage) => stage.stageName).join(", ") || "none"))));
}
