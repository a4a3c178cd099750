// SVG bar charts drawn by the console itself (no library): stacked bars, one colour per series,
// every number readable on hover (an SVG <title> per bar), in a table under the chart, and as a
// CSV download of exactly what the chart shows.
import { count, downloadCSV, h, uid } from "./dom.js";

const SVG = "http://www.w3.org/2000/svg";
/** Colours with at least 3:1 contrast against the white background (non-text contrast, WCAG 1.4.11). */
export const PALETTE = ["#1f5fbf", "#b3401a", "#2a7a3b", "#7a3fa8", "#8a6d00", "#0b6e7a", "#a8325e", "#4d5566"];

function svg(tag, attributes = {}, ...children) {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  for (const child of children) element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  return element;
}

/** A round axis maximum at or above `value`, split in four whole-number steps. */
function niceMax(value) {
  const raw = Math.max(1, value / 4);
  const power = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = (power >= 10 ? [1, 2, 2.5, 5, 10] : [1, 2, 5, 10]).map((m) => m * power).find((candidate) => candidate >= raw);
  return step * 4;
}

/**
 * A stacked bar chart with its table and CSV download.
 * @param {object} spec - { title, labels: [string], labelHeading, series: [{ name, values: [number] }], filename, valueHeading }
 * @returns {HTMLElement} a <figure class="chart">
 */
export function barChart({ title, labels, labelHeading = "Day", series, filename = "chart.csv", valueHeading = "Requests" }) {
  const width = 720, height = 260, left = 56, right = 12, top = 12, bottom = 56;
  const totals = labels.map((_, index) => series.reduce((sum, s) => sum + (Number(s.values[index]) || 0), 0));
  const max = niceMax(Math.max(0, ...totals));
  const plotWidth = width - left - right, plotHeight = height - top - bottom;
  const band = labels.length ? plotWidth / labels.length : plotWidth;
  const barWidth = Math.max(2, Math.min(48, band * 0.7));
  const titleId = uid("chart-title");
  const chart = svg("svg", {
    viewBox: `0 0 ${width} ${height}`, class: "chart-svg", role: "img", "aria-labelledby": titleId, focusable: "false",
  }, svg("title", { id: titleId }, title));
  for (let tick = 0; tick <= 4; tick += 1) {
    const value = (max * tick) / 4;
    const y = top + plotHeight - (plotHeight * tick) / 4;
    chart.append(svg("line", { x1: left, x2: width - right, y1: y, y2: y, class: "chart-grid" }));
    chart.append(svg("text", { x: left - 6, y: y + 4, "text-anchor": "end", class: "chart-axis" }, count(Math.round(value))));
  }
  const every = Math.max(1, Math.ceil(labels.length / 12));
  labels.forEach((label, index) => {
    const x = left + band * index + (band - barWidth) / 2;
    let base = top + plotHeight;
    series.forEach((s, seriesIndex) => {
      const value = Number(s.values[index]) || 0;
      if (value <= 0) return;
      const barHeight = (plotHeight * value) / max;
      base -= barHeight;
      chart.append(svg("rect", {
        x, y: base, width: barWidth, height: barHeight, fill: PALETTE[seriesIndex % PALETTE.length], class: "chart-bar",
        "data-label": label, "data-series": s.name, "data-value": value,
      }, svg("title", {}, `${s.name} · ${label}: ${count(value)}`)));
    });
    if (index % every === 0) {
      const tx = x + barWidth / 2, ty = top + plotHeight + 14;
      chart.append(svg("text", {
        x: tx, y: ty, "text-anchor": "end", class: "chart-axis", transform: `rotate(-35 ${tx} ${ty})`,
      }, label.length > 14 ? label.slice(0, 13) + "…" : label));
    }
  });
  chart.append(svg("line", { x1: left, x2: width - right, y1: top + plotHeight, y2: top + plotHeight, class: "chart-baseline" }));

  const rows = [[labelHeading, ...series.map((s) => s.name), ...(series.length > 1 ? ["Total"] : [])]];
  labels.forEach((label, index) => {
    const values = series.map((s) => Number(s.values[index]) || 0);
    rows.push([label, ...values, ...(series.length > 1 ? [totals[index]] : [])]);
  });
  const legend = series.length > 1 || series.length === 0
    ? h("ul", { class: "chart-legend", "aria-label": "Legend" }, series.map((s, index) =>
        h("li", {}, h("span", { class: `swatch swatch-${index % PALETTE.length}`, "aria-hidden": "true" }), s.name)))
    : null;
  const table = h("table", { class: "data chart-table" },
    h("caption", {}, `${title}: ${valueHeading.toLowerCase()} as numbers`),
    h("thead", {}, h("tr", {}, rows[0].map((cell) => h("th", { scope: "col" }, cell)))),
    h("tbody", {}, rows.slice(1).map((row) =>
      h("tr", {}, row.map((cell, index) => (index === 0 ? h("th", { scope: "row" }, cell) : h("td", { class: "num" }, count(cell))))))));
  const empty = labels.length === 0 ? h("p", { class: "hint" }, "Nothing to show for this selection.") : null;
  return h("figure", { class: "chart" },
    h("figcaption", {}, title),
    chart, legend, empty,
    h("details", { class: "chart-numbers", open: true }, h("summary", {}, "Numbers"), table),
    h("button", { type: "button", class: "secondary", onclick: () => downloadCSV(filename, rows) }, "Download CSV"));
}
