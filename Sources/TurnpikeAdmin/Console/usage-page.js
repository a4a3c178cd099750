// Usage: requests per key per day over a chosen range, the plan's top keys, and each key's quota
// used and remaining in the current window with its reset time. All from GetUsage.
import { barChart } from "./chart.js";
import { addDays, count, daysBetween, field, h, isoDay, notice } from "./dom.js";

/** The quota window containing `today` (`YYYY-MM-DD`): `{ start, last, resetsAt }`; a day for no quota. */
export function quotaWindow(quota, today) {
  const date = new Date(today + "T00:00:00Z");
  let start = today, end = addDays(today, 1);
  if (quota && quota.period === "WEEK") {
    start = addDays(today, -((date.getUTCDay() + 6) % 7));
    end = addDays(start, 7);
  } else if (quota && quota.period === "MONTH") {
    start = today.slice(0, 8) + "01";
    end = isoDay(new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1)));
  }
  return { start, last: addDays(end, -1), end, resetsAt: `${end} 00:00 UTC` };
}

/** Renders `#/usage` or `#/usage/{planId}`. */
export async function renderUsage(app, root, [planId]) {
  const { client } = app;
  const [plans, keys] = await Promise.all([client.usagePlans(), client.apiKeys()]);
  root.append(h("h1", {}, "Usage"));
  if (plans.length === 0) { root.append(h("p", {}, "No usage plan yet.")); return; }
  const names = new Map(keys.map((key) => [key.id, key.name || key.id]));
  const today = isoDay(new Date());
  const form = h("form", { class: "card row-form", novalidate: true },
    field("Usage plan", { tag: "select", name: "usagePlan", options: plans.map((p) => [p.id, p.name]) }),
    field("From", { name: "startDate", type: "date", value: addDays(today, -6), max: today }),
    field("To", { name: "endDate", type: "date", value: today }),
    h("button", { type: "submit" }, "Show usage"));
  if (planId && plans.some((p) => p.id === planId)) form.elements.usagePlan.value = planId;
  const results = h("div", { "aria-live": "polite" });
  root.append(form, results);

  let latest = 0;
  async function show() {
    const request = ++latest;
    const plan = plans.find((p) => p.id === form.elements.usagePlan.value);
    const start = form.elements.startDate.value, end = form.elements.endDate.value;
    if (!start || !end || start > end) {
      results.replaceChildren(notice("error", "Choose a start date on or before the end date."));
      return;
    }
    results.replaceChildren(notice("info", "Loading…"));
    try {
      const days = daysBetween(start, end);
      const values = await client.usage(plan.id, start, end);
      const span = quotaWindow(plan.quota, today);
      const quotaValues = plan.quota ? await client.usage(plan.id, span.start, today) : {};
      if (request === latest) results.replaceChildren(...usageView(plan, days, values, quotaValues, span, names));
    } catch (error) {
      if (request === latest) results.replaceChildren(app.failure(error, "read the usage"));
    }
  }
  form.addEventListener("submit", (event) => { event.preventDefault(); show(); });
  await show();
}

function usageView(plan, days, values, quotaValues, span, names) {
  const keyIds = Object.keys(values).sort((a, b) => (names.get(a) || a).localeCompare(names.get(b) || b));
  const label = (id) => names.get(id) || id;
  const series = keyIds.map((id) => ({ name: label(id), values: days.map((_, i) => ((values[id] || [])[i] || [0])[0]) }));
  const totals = keyIds.map((id) => ({ id, total: (values[id] || []).reduce((sum, pair) => sum + (pair[0] || 0), 0) }))
    .sort((a, b) => b.total - a.total).slice(0, 10);
  const range = `${days[0]} to ${days[days.length - 1]}`;
  const quotaRows = Object.keys(quotaValues).sort((a, b) => label(a).localeCompare(label(b))).map((id) => {
    const pairs = quotaValues[id] || [];
    const used = pairs.reduce((sum, pair) => sum + (pair[0] || 0), 0);
    const remaining = pairs.length ? pairs[pairs.length - 1][1] : undefined;
    return h("tr", { "data-key-id": id },
      h("th", { scope: "row" }, h("a", { href: `#/keys/${encodeURIComponent(id)}` }, label(id))),
      h("td", { class: "num used" }, count(used)),
      h("td", { class: "num remaining" }, count(remaining)),
      h("td", {}, span.resetsAt));
  });
  return [
    h("h2", {}, `Requests per key per day, ${plan.name}`),
    keyIds.length === 0 ? h("p", {}, "No key is attached to this plan.") : barChart({
      title: `Requests per key per day, ${plan.name}, ${range} (UTC)`, labels: days, series,
      filename: `usage-${plan.id}-${days[0]}-${days[days.length - 1]}.csv`,
    }),
    h("h2", {}, `Top keys of ${plan.name}`),
    totals.length === 0 ? h("p", {}, "No calls.") : barChart({
      title: `Top keys of ${plan.name}, ${range}`, labels: totals.map((t) => label(t.id)), labelHeading: "Key",
      series: [{ name: "Requests", values: totals.map((t) => t.total) }],
      filename: `top-keys-${plan.id}-${days[0]}-${days[days.length - 1]}.csv`,
    }),
    h("h2", {}, "Quota"),
    !plan.quota ? h("p", {}, "This plan has no quota.") : h("table", { class: "data quota-table" },
      h("caption", {}, `Quota of ${count(plan.quota.limit)} per ${plan.quota.period.toLowerCase()}: window ${span.start} to ${span.last} (UTC)`),
      h("thead", {}, h("tr", {}, ["Key", "Used", "Remaining", "Resets"].map((t) => h("th", { scope: "col" }, t)))),
      h("tbody", {}, quotaRows)),
  ];
}
