// Usage plans: the list, and a form to create or edit one (limits, stages, per-method throttles).
import { count, field, h, notice } from "./dom.js";

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "*"];

function describeThrottle(throttle) {
  return throttle ? `${throttle.rateLimit} req/s, burst ${throttle.burstLimit}` : "none";
}

function describeQuota(quota) {
  return quota ? `${count(quota.limit)} per ${String(quota.period).toLowerCase()}${quota.offset ? `, offset ${quota.offset}` : ""}` : "none";
}

/** `/pets/GET` → `{ path: "/pets", method: "GET" }`. */
function splitMethodKey(key) {
  const slash = key.lastIndexOf("/");
  return { path: key.slice(0, slash) || "/", method: key.slice(slash + 1) };
}

/** The patch path of a per-method throttle: `/apiStages/a:s/throttle/~1pets/GET`. */
function methodPath(stageRef, path, method) {
  return `/apiStages/${stageRef}/throttle/${path.replace(/\//g, "~1")}/${method}`;
}

/** Renders `#/plans`, `#/plans/new` or `#/plans/{id}`. */
export async function renderPlans(app, root, [id]) {
  if (id) return renderForm(app, root, id === "new" ? null : id);
  const plans = await app.client.usagePlans();
  root.append(
    h("h1", {}, "Usage plans"),
    h("p", {}, h("a", { href: "#/plans/new", class: "button" }, "New usage plan")),
    plans.length === 0 ? h("p", {}, "No usage plan yet.") : h("table", { class: "data" },
      h("caption", {}, "Usage plans"),
      h("thead", {}, h("tr", {}, ["Name", "Id", "Throttle", "Quota", "Stages", "Per-method throttles"]
        .map((title) => h("th", { scope: "col" }, title)))),
      h("tbody", {}, plans.map((plan) => h("tr", {},
        h("th", { scope: "row" }, h("a", { href: `#/plans/${encodeURIComponent(plan.id)}` }, plan.name)),
        h("td", { class: "mono" }, plan.id),
        h("td", {}, describeThrottle(plan.throttle)),
        h("td", {}, describeQuota(plan.quota)),
        h("td", {}, (plan.apiStages || []).map((s) => `${s.apiId}/${s.stage}`).join(", ") || "—"),
        h("td", { class: "num" }, (plan.apiStages || []).reduce((n, s) => n + Object.keys(s.throttle || {}).length, 0)))))));
}

async function renderForm(app, root, planId) {
  const { client } = app;
  const [plan, apis] = await Promise.all([planId ? client.usagePlan(planId) : null, client.restApis()]);
  const stageLists = await Promise.all(apis.map((api) => client.stages(api.id)));
  const stageRefs = apis.flatMap((api, index) => stageLists[index].map((stage) => ({
    ref: `${api.id}:${stage.stageName}`, label: `${api.name} (${api.id}) / ${stage.stageName}`,
  })));
  const chosen = new Set((plan?.apiStages || []).map((s) => `${s.apiId}:${s.stage}`));
  for (const ref of chosen) if (!stageRefs.some((s) => s.ref === ref)) stageRefs.push({ ref, label: ref.replace(":", " / ") });
  const methodRows = h("tbody", {});
  const status = h("div", { "aria-live": "polite" });

  function addMethodRow(stageRef = stageRefs[0]?.ref || "", path = "/", method = "GET", rate = "", burst = "") {
    const n = methodRows.children.length + 1;
    const cell = (label, control) => h("td", {}, h("label", { class: "visually-hidden", for: control.id }, `${label}, row ${n}`), control);
    const row = h("tr", { class: "method-throttle" },
      cell("Stage", h("select", { id: `mt-stage-${n}`, name: "mtStage" },
        stageRefs.map((s) => h("option", { value: s.ref, selected: s.ref === stageRef }, s.label)))),
      cell("Resource path", h("input", { id: `mt-path-${n}`, name: "mtPath", value: path, spellcheck: "false" })),
      cell("Method", h("select", { id: `mt-method-${n}`, name: "mtMethod" },
        METHODS.map((m) => h("option", { value: m, selected: m === method }, m)))),
      cell("Rate limit", h("input", { id: `mt-rate-${n}`, name: "mtRate", type: "number", min: "0", step: "any", value: rate })),
      cell("Burst limit", h("input", { id: `mt-burst-${n}`, name: "mtBurst", type: "number", min: "0", step: "1", value: burst })),
      h("td", {}, h("button", {
        type: "button", class: "secondary", "aria-label": `Remove method throttle row ${n}`, onclick: () => row.remove(),
      }, "Remove")));
    methodRows.append(row);
  }
  for (const stage of plan?.apiStages || []) {
    for (const [key, throttle] of Object.entries(stage.throttle || {})) {
      const { path, method } = splitMethodKey(key);
      addMethodRow(`${stage.apiId}:${stage.stage}`, path, method, throttle.rateLimit, throttle.burstLimit);
    }
  }

  const form = h("form", { class: "card", novalidate: true },
    field("Name", { name: "planName", required: true, value: plan?.name || "" }),
    field("Description", { name: "planDescription", value: plan?.description || "" }),
    h("fieldset", {}, h("legend", {}, "Throttle (every key of the plan)"),
      h("div", { class: "row" },
        field("Rate limit (requests per second)", { name: "rateLimit", type: "number", min: "0", step: "any", value: plan?.throttle?.rateLimit ?? "" }),
        field("Burst limit", { name: "burstLimit", type: "number", min: "0", step: "1", value: plan?.throttle?.burstLimit ?? "" })),
      h("p", { class: "hint" }, "Leave both empty for no throttle.")),
    h("fieldset", {}, h("legend", {}, "Quota (per key)"),
      h("div", { class: "row" },
        field("Quota limit (requests)", { name: "quotaLimit", type: "number", min: "0", step: "1", value: plan?.quota?.limit ?? "" }),
        field("Period", { tag: "select", name: "quotaPeriod", options: [["DAY", "Day"], ["WEEK", "Week"], ["MONTH", "Month"]] }),
        field("Offset (first period only)", { name: "quotaOffset", type: "number", min: "0", step: "1", value: plan?.quota?.offset ?? "" })),
      h("p", { class: "hint" }, "Leave the limit empty for no quota.")),
    h("fieldset", {}, h("legend", {}, "API stages"),
      stageRefs.length === 0 ? h("p", { class: "hint" }, "No deployed stage yet.") : stageRefs.map((s) => {
        const inputId = `stage-${s.ref.replace(/[^A-Za-z0-9_-]/g, "_")}`;
        return h("div", { class: "check" },
          h("input", { type: "checkbox", id: inputId, name: "apiStage", value: s.ref, checked: chosen.has(s.ref) }),
          h("label", { for: inputId }, s.label));
      })),
    h("fieldset", {}, h("legend", {}, "Per-method throttles"),
      h("table", { class: "data compact" },
        h("thead", {}, h("tr", {}, ["Stage", "Resource path", "Method", "Rate", "Burst", ""].map((t) => h("th", { scope: "col" }, t)))),
        methodRows),
      h("button", { type: "button", class: "secondary", onclick: () => addMethodRow() }, "Add a method throttle")),
    status,
    h("button", { type: "submit" }, planId ? "Save changes" : "Create usage plan"));
  if (plan?.quota?.period) form.elements.quotaPeriod.value = plan.quota.period;

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const value = (name) => form.elements[name].value.trim();
    if (!value("planName")) { status.replaceChildren(notice("error", "The plan needs a name.")); return; }
    const stages = Array.from(form.querySelectorAll("input[name=apiStage]:checked"), (box) => box.value);
    const methods = Array.from(methodRows.querySelectorAll("tr"), (row) => ({
      stage: row.querySelector("[name=mtStage]").value, path: row.querySelector("[name=mtPath]").value.trim() || "/",
      method: row.querySelector("[name=mtMethod]").value,
      rate: row.querySelector("[name=mtRate]").value, burst: row.querySelector("[name=mtBurst]").value,
    })).filter((m) => m.stage && m.rate !== "" && m.burst !== "");
    status.replaceChildren(notice("info", "Saving…"));
    try {
      const saved = planId ? await update(client, plan, value, stages, methods) : await create(client, value, stages, methods);
      status.replaceChildren(notice("success", `Saved usage plan ${saved.name} (${saved.id}).`));
      if (!planId) app.go("plans", saved.id);
    } catch (error) {
      status.replaceChildren(app.failure(error, "save the usage plan"));
    }
  });

  root.append(h("h1", {}, planId ? `Usage plan ${plan.name}` : "New usage plan"),
    h("p", {}, h("a", { href: "#/plans" }, "← All usage plans"),
      planId ? [" · ", h("a", { href: `#/usage/${encodeURIComponent(planId)}` }, "Usage of this plan")] : null),
    form);
}

function create(client, value, stages, methods) {
  const input = { name: value("planName") };
  if (value("planDescription")) input.description = value("planDescription");
  if (value("rateLimit") !== "" || value("burstLimit") !== "") {
    input.throttle = { rateLimit: Number(value("rateLimit") || 0), burstLimit: Number(value("burstLimit") || 0) };
  }
  if (value("quotaLimit") !== "") {
    input.quota = { limit: Number(value("quotaLimit")), period: value("quotaPeriod"), offset: Number(value("quotaOffset") || 0) };
  }
  input.apiStages = stages.map((ref) => {
    const [apiId, stage] = ref.split(":");
    const throttle = {};
    for (const m of methods.filter((m) => m.stage === ref)) {
      throttle[`${m.path}/${m.method}`] = { rateLimit: Number(m.rate), burstLimit: Number(m.burst) };
    }
    return Object.keys(throttle).length ? { apiId, stage, throttle } : { apiId, stage };
  });
  return client.createUsagePlan(input);
}

async function update(client, plan, value, stages, methods) {
  const ops = [];
  if (value("planName") !== plan.name) ops.push({ op: "replace", path: "/name", value: value("planName") });
  if (value("planDescription") !== (plan.description || "")) {
    ops.push(value("planDescription") ? { op: "replace", path: "/description", value: value("planDescription") }
      : { op: "remove", path: "/description" });
  }
  const replace = (path, now, before) => {
    if (String(now) !== String(before)) ops.push({ op: "replace", path, value: String(now) });
  };
  if (value("rateLimit") === "" && value("burstLimit") === "") {
    if (plan.throttle) ops.push({ op: "remove", path: "/throttle" });
  } else {
    replace("/throttle/rateLimit", Number(value("rateLimit") || 0), plan.throttle?.rateLimit);
    replace("/throttle/burstLimit", Number(value("burstLimit") || 0), plan.throttle?.burstLimit);
  }
  if (value("quotaLimit") === "") {
    if (plan.quota) ops.push({ op: "remove", path: "/quota" });
  } else {
    replace("/quota/limit", Number(value("quotaLimit")), plan.quota?.limit);
    replace("/quota/period", value("quotaPeriod"), plan.quota?.period);
    replace("/quota/offset", Number(value("quotaOffset") || 0), plan.quota?.offset ?? 0);
  }
  const before = new Set((plan.apiStages || []).map((s) => `${s.apiId}:${s.stage}`));
  for (const ref of before) if (!stages.includes(ref)) ops.push({ op: "remove", path: "/apiStages", value: ref });
  for (const ref of stages) if (!before.has(ref)) ops.push({ op: "add", path: "/apiStages", value: ref });
  for (const stage of plan.apiStages || []) {
    const ref = `${stage.apiId}:${stage.stage}`;
    if (!stages.includes(ref)) continue;
    for (const key of Object.keys(stage.throttle || {})) {
      const { path, method } = splitMethodKey(key);
      if (!methods.some((m) => m.stage === ref && m.path === path && m.method === method)) {
        ops.push({ op: "remove", path: methodPath(ref, path, method) });
      }
    }
  }
  for (const m of methods.filter((m) => stages.includes(m.stage))) {
    const stage = (plan.apiStages || []).find((s) => `${s.apiId}:${s.stage}` === m.stage);
    const before = (stage?.throttle || {})[`${m.path}/${m.method}`];
    replace(methodPath(m.stage, m.path, m.method) + "/rateLimit", Number(m.rate), before?.rateLimit);
    replace(methodPath(m.stage, m.path, m.method) + "/burstLimit", Number(m.burst), before?.burstLimit);
  }
  return ops.length ? client.updateUsagePlan(plan.id, ops) : plan;
}
