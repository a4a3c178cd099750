// API keys: search, create, import CSV, enable/disable, attach to plans, show a value on demand,
// and a key's page with its quota per plan and the grant (UpdateUsage).
import { count, field, h, isoDay, notice } from "./dom.js";
import { quotaWindow } from "./usage-page.js";

/** Renders `#/keys` or `#/keys/{id}`. */
export async function renderKeys(app, root, [id]) {
  if (id) return renderKey(app, root, id);
  const { client } = app;
  const search = new URLSearchParams(location.hash.split("?")[1] || "");
  root.append(h("h1", {}, "API keys"));
  const results = h("div", {});
  const searchForm = h("form", { class: "card row-form", role: "search" },
    field("Name starts with", { name: "searchName", value: search.get("name") || "" }),
    field("Customer id", { name: "searchCustomer", value: search.get("customerId") || "" }),
    h("button", { type: "submit" }, "Search"));
  let latest = 0;
  async function showResults() {
    const name = searchForm.elements.searchName.value.trim();
    const customerId = searchForm.elements.searchCustomer.value.trim();
    const search = ++latest;
    results.replaceChildren(notice("info", "Loading…"));
    let shown;
    try {
      const [keys, plans] = await Promise.all([client.apiKeys({ name, customerId }), client.usagePlans()]);
      const planKeys = await Promise.all(plans.map((plan) => client.planKeys(plan.id)));
      const plansOf = (keyId) => plans.filter((_, index) => planKeys[index].some((k) => k.id === keyId));
      shown = keyTable(app, keys, plansOf, showResults);
    } catch (error) {
      shown = app.failure(error, "list the API keys");
    }
    if (search === latest) results.replaceChildren(shown);  // a later search wins
  }
  searchForm.addEventListener("submit", (event) => { event.preventDefault(); showResults(); });
  root.append(searchForm, results, await createForm(app), importForm(app, showResults));
  await showResults();
}

function keyTable(app, keys, plansOf, refresh) {
  if (keys.length === 0) return h("p", {}, "No API key matches.");
  return h("table", { class: "data" },
    h("caption", {}, `${keys.length} API key${keys.length === 1 ? "" : "s"}`),
    h("thead", {}, h("tr", {}, ["Name", "Id", "Customer id", "State", "Usage plans", "Value", "Actions"]
      .map((t) => h("th", { scope: "col" }, t)))),
    h("tbody", {}, keys.map((key) => {
      const valueCell = h("td", { class: "mono" }, h("button", {
        type: "button", class: "link", "aria-label": `Show value of ${key.name || key.id}`,
        onclick: () => revealValue(app, key, valueCell),
      }, "Show value"));
      return h("tr", { "data-key-id": key.id },
        h("th", { scope: "row" }, h("a", { href: `#/keys/${encodeURIComponent(key.id)}` }, key.name || key.id)),
        h("td", { class: "mono" }, key.id),
        h("td", {}, key.customerId || "—"),
        h("td", {}, h("span", { class: key.enabled ? "badge badge-on" : "badge badge-off" }, key.enabled ? "enabled" : "disabled")),
        h("td", {}, plansOf(key.id).map((p) => p.name).join(", ") || "—"),
        valueCell,
        h("td", {}, h("button", {
          type: "button", class: "secondary", "aria-label": `${key.enabled ? "Disable" : "Enable"} ${key.name || key.id}`,
          onclick: async (event) => {
            event.target.disabled = true;
            try {
              await app.client.updateApiKey(key.id, [{ op: "replace", path: "/enabled", value: key.enabled ? "false" : "true" }]);
              await refresh();
            } catch (error) {
              event.target.after(app.failure(error, "change the key"));
            }
          },
        }, key.enabled ? "Disable" : "Enable")));
    })));
}

async function revealValue(app, key, cell) {
  try {
    const full = await app.client.apiKey(key.id, true);
    cell.replaceChildren(h("code", { class: "key-value" }, full.value || ""));
  } catch (error) {
    cell.replaceChildren(app.failure(error, "read the value"));
  }
}

async function createForm(app) {
  const plans = await app.client.usagePlans();
  const status = h("div", { "aria-live": "polite" });
  const form = h("form", { class: "card", novalidate: true },
    h("h2", {}, "Create an API key"),
    h("div", { class: "row" },
      field("Key name", { name: "keyName", required: true }),
      field("Customer id", { name: "keyCustomerId" }),
      field("Description", { name: "keyDescription" })),
    h("div", { class: "row" },
      field("Value (optional)", { name: "keyValue", spellcheck: "false", autocomplete: "off" }, "At least 20 characters; left empty, the gateway generates one."),
      field("Attach to usage plan", { tag: "select", name: "keyPlan", options: [["", "No plan"], ...plans.map((p) => [p.id, p.name])] })),
    h("div", { class: "check" }, h("input", { type: "checkbox", id: "keyEnabled", name: "keyEnabled", checked: true }),
      h("label", { for: "keyEnabled" }, "Enabled")),
    status,
    h("button", { type: "submit" }, "Create API key"));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const value = (name) => form.elements[name].value.trim();
    if (!value("keyName")) { status.replaceChildren(notice("error", "The key needs a name.")); return; }
    const input = { name: value("keyName"), enabled: form.elements.keyEnabled.checked };
    if (value("keyCustomerId")) input.customerId = value("keyCustomerId");
    if (value("keyDescription")) input.description = value("keyDescription");
    if (value("keyValue")) input.value = value("keyValue");
    try {
      const key = await app.client.createApiKey(input);
      if (value("keyPlan")) await app.client.addPlanKey(value("keyPlan"), key.id);
      status.replaceChildren(notice("success", `Created API key ${key.name} (${key.id}).`));
      app.go("keys", key.id);
    } catch (error) {
      status.replaceChildren(app.failure(error, "create the API key"));
    }
  });
  return form;
}

function importForm(app, refresh) {
  const status = h("div", { "aria-live": "polite" });
  const form = h("form", { class: "card", novalidate: true },
    h("h2", {}, "Import API keys (CSV)"),
    field("CSV file", { name: "importFile", type: "file", accept: ".csv,text/csv" }),
    field("Or paste CSV", { tag: "textarea", name: "importText", rows: "4", spellcheck: "false" },
      "AWS's format: a header line such as Name,Key,Description,Enabled,UsagePlanIds, then one key per line."),
    status,
    h("button", { type: "submit" }, "Import"));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const file = form.elements.importFile.files[0];
    const csv = file ? await file.text() : form.elements.importText.value;
    if (!csv.trim()) { status.replaceChildren(notice("error", "Choose a CSV file or paste CSV text.")); return; }
    try {
      const answer = await app.client.importApiKeys(csv);
      const warnings = (answer && answer.warnings) || [];
      status.replaceChildren(notice("success", `Imported ${((answer && answer.ids) || []).length} key(s).`
        + (warnings.length ? ` Warnings: ${warnings.join("; ")}` : "")));
      form.reset();
      await refresh();
    } catch (error) {
      status.replaceChildren(app.failure(error, "import the keys"));
    }
  });
  return form;
}

async function renderKey(app, root, keyId) {
  const { client } = app;
  const [key, plans] = await Promise.all([client.apiKey(keyId), client.usagePlans()]);
  const planKeys = await Promise.all(plans.map((plan) => client.planKeys(plan.id)));
  const attached = plans.filter((_, index) => planKeys[index].some((k) => k.id === keyId));
  const valueCell = h("dd", { class: "mono" }, h("button", {
    type: "button", class: "link", onclick: () => revealValue(app, key, valueCell),
  }, "Show value"));
  root.append(
    h("h1", {}, `API key ${key.name || key.id}`),
    h("p", {}, h("a", { href: "#/keys" }, "← All API keys")),
    h("dl", { class: "facts" },
      h("dt", {}, "Id"), h("dd", { class: "mono" }, key.id),
      h("dt", {}, "Customer id"), h("dd", {}, key.customerId || "—"),
      h("dt", {}, "State"), h("dd", {}, key.enabled ? "enabled" : "disabled"),
      h("dt", {}, "Value"), valueCell));
  const toggleStatus = h("div", { "aria-live": "polite" });
  root.append(h("button", {
    type: "button", class: "secondary",
    onclick: async () => {
      try {
        await client.updateApiKey(key.id, [{ op: "replace", path: "/enabled", value: key.enabled ? "false" : "true" }]);
        await app.reload();
      } catch (error) { toggleStatus.replaceChildren(app.failure(error, "change the key")); }
    },
  }, key.enabled ? "Disable this key" : "Enable this key"), toggleStatus);

  root.append(h("h2", {}, "Usage plans and quota"));
  const today = isoDay(new Date());
  for (const plan of attached) root.append(await planCard(app, plan, key, today));
  if (attached.length === 0) root.append(h("p", {}, "This key is in no usage plan: it cannot call any API that requires a key."));

  const others = plans.filter((p) => !attached.includes(p));
  if (others.length) {
    const status = h("div", { "aria-live": "polite" });
    const form = h("form", { class: "card row-form" },
      field("Attach to usage plan", { tag: "select", name: "attachPlan", options: others.map((p) => [p.id, p.name]) }),
      h("button", { type: "submit" }, "Attach"), status);
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      try {
        await client.addPlanKey(form.elements.attachPlan.value, key.id);
        await app.reload();
      } catch (error) { status.replaceChildren(app.failure(error, "attach the key")); }
    });
    root.append(form);
  }
}

async function planCard(app, plan, key, today) {
  const { client } = app;
  const span = quotaWindow(plan.quota, today);
  const values = (await client.usage(plan.id, span.start, today, key.id))[key.id] || [];
  const used = values.reduce((sum, pair) => sum + (pair[0] || 0), 0);
  const remaining = values.length ? values[values.length - 1][1] : undefined;
  const status = h("div", { "aria-live": "polite" });
  const card = h("section", { class: "card", "aria-label": `Plan ${plan.name}` },
    h("h3", {}, plan.name),
    h("dl", { class: "facts" },
      h("dt", {}, "Quota"), h("dd", {}, plan.quota ? `${count(plan.quota.limit)} per ${plan.quota.period.toLowerCase()}` : "none"),
      h("dt", {}, "Used this window"), h("dd", { class: "used" }, count(used)),
      h("dt", {}, "Remaining"), h("dd", { class: "remaining" }, plan.quota ? count(remaining) : "unlimited"),
      h("dt", {}, "Window"), h("dd", {}, `${span.start} to ${span.last} (UTC); resets ${span.resetsAt}`)),
    h("button", {
      type: "button", class: "secondary",
      onclick: async () => {
        try { await client.removePlanKey(plan.id, key.id); await app.reload(); }
        catch (error) { status.replaceChildren(app.failure(error, "detach the key")); }
      },
    }, `Detach from ${plan.name}`));
  if (plan.quota) {
    const form = h("form", { class: "row-form grant", novalidate: true },
      field(`Set remaining requests in ${plan.name}`, { name: "grantRemaining", type: "number", min: "0", step: "1", required: true },
        "UpdateUsage: what the key may still use in the current window."),
      h("button", { type: "submit" }, "Grant"));
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const remainingValue = form.elements.grantRemaining.value.trim();
      if (!/^\d+$/.test(remainingValue)) { status.replaceChildren(notice("error", "Enter a whole number, 0 or more.")); return; }
      try {
        const answer = await client.grant(plan.id, key.id, Number(remainingValue));
        const pairs = (answer.values || {})[key.id] || [];
        const now = pairs.length ? pairs[pairs.length - 1][1] : Number(remainingValue);
        card.querySelector(".remaining").textContent = count(now);
        status.replaceChildren(notice("success", `Granted: ${count(now)} requests remain in this window.`));
      } catch (error) { status.replaceChildren(app.failure(error, "grant usage")); }
    });
    card.append(form);
  }
  card.append(status);
  return card;
}
