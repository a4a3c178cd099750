// Small DOM, date and CSV helpers shared by the console and the portal. Text always goes in as
// text nodes (never HTML), so names and ids from the API cannot inject markup.

/** Creates an element: `h("button", { type: "button", onclick: f }, "Save")`. */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith("on") && typeof value === "function") element.addEventListener(name.slice(2), value);
    else if (name === "dataset") Object.assign(element.dataset, value);
    else if (value === true) element.setAttribute(name, "");
    else element.setAttribute(name, String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

let nextId = 0;
/** A unique element id with a readable prefix. */
export function uid(prefix) {
  nextId += 1;
  return `${prefix}-${nextId}`;
}

/** A labelled input: `<div class="field"><label for=..>Label</label><input id=..></div>`. */
export function field(label, attributes = {}, hint) {
  const id = attributes.id || uid(attributes.name || "field");
  const hintId = hint ? id + "-hint" : undefined;
  const control = attributes.tag === "select"
    ? h("select", { ...attributes, tag: undefined, options: undefined, id, "aria-describedby": hintId },
        (attributes.options || []).map(([value, text]) => h("option", { value }, text)))
    : attributes.tag === "textarea"
      ? h("textarea", { ...attributes, tag: undefined, id, "aria-describedby": hintId })
      : h("input", { type: "text", ...attributes, id, "aria-describedby": hintId });
  return h("div", { class: "field" }, h("label", { for: id }, label), control,
    hint ? h("p", { class: "hint", id: hintId }, hint) : null);
}

/** Formats a count with thousands separators. */
export function count(value) {
  return value === undefined || value === null ? "—" : Number(value).toLocaleString("en-US");
}

/** `YYYY-MM-DD` (UTC) of a Date. */
export function isoDay(date) {
  return date.toISOString().slice(0, 10);
}

/** The UTC day `days` after `day` (`YYYY-MM-DD`). */
export function addDays(day, days) {
  const date = new Date(day + "T00:00:00Z");
  date.setUTCDate(date.getUTCDate() + days);
  return isoDay(date);
}

/** Every UTC day from `start` through `end`. */
export function daysBetween(start, end) {
  const days = [];
  for (let day = start; day <= end && days.length < 400; day = addDays(day, 1)) days.push(day);
  return days;
}

/** CSV text of rows (arrays), quoting where needed. */
export function toCSV(rows) {
  return rows.map((row) => row.map((cell) => {
    const text = cell === undefined || cell === null ? "" : String(cell);
    return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  }).join(",")).join("\r\n") + "\r\n";
}

/** Offers `rows` as a CSV file download. */
export function downloadCSV(filename, rows) {
  const blob = new Blob([toCSV(rows)], { type: "text/csv;charset=utf-8" });
  const url = URL.createObjectURL(blob);
  const link = h("a", { href: url, download: filename, class: "visually-hidden" }, filename);
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** A status line for the user: kind is "info", "success" or "error" (announced to screen readers). */
export function notice(kind, text) {
  return h("p", { class: `notice notice-${kind}`, role: kind === "error" ? "alert" : "status" }, text);
}
