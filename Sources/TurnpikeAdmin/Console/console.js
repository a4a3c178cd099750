// The console's shell: sign-in, navigation between pages (hash routes), and the connection state.
import { AdminClient, AdminError } from "./admin-client.js";
import { h, notice } from "./dom.js";
import { renderOverview } from "./overview-page.js";
import { renderPlans } from "./plans-page.js";
import { renderKeys } from "./keys-page.js";
import { renderUsage } from "./usage-page.js";

const pages = { overview: renderOverview, plans: renderPlans, keys: renderKeys, usage: renderUsage };

const $ = (id) => document.getElementById(id);

/** What every page works with. */
const app = {
  client: null,
  /** Navigates to a hash route, e.g. `app.go("keys", keyId)`. */
  go(...parts) { location.hash = "#/" + parts.map(encodeURIComponent).join("/"); },
  /** Renders the current page again. */
  reload() { return route(); },
  /** Explains a failed call in the page (offline, refused, or the API's message). */
  failure(error, doing) {
    if (error instanceof AdminError && error.offline) {
      return notice("error", `Could not ${doing}: the gateway does not answer. The page keeps what it showed; it will work again once the gateway is back.`);
    }
    if (error instanceof AdminError && error.isAuthFailure) {
      return notice("error", `Could not ${doing}: the gateway refused the credentials (${error.message}). Sign out and sign in again.`);
    }
    return notice("error", `Could not ${doing}: ${error.message}`);
  },
};

let probe = null;

function setConnection(online) {
  const banner = $("connection");
  if (online) {
    banner.hidden = true;
    banner.textContent = "";
    document.body.classList.remove("offline");
    if (probe) { clearInterval(probe); probe = null; }
    return;
  }
  document.body.classList.add("offline");
  banner.hidden = false;
  banner.textContent = `Connection lost: the gateway at ${location.host} does not answer. `
    + "What you see may be out of date; the console retries every 5 seconds.";
  if (!probe) {
    probe = setInterval(() => { if (app.client) app.client.call("GET", "/account").catch(() => {}); }, 5000);
  }
}

async function signIn(event) {
  event.preventDefault();
  const status = $("sign-in-status");
  const accessKeyId = $("accessKeyId").value.trim();
  const secretAccessKey = $("secretAccessKey").value;
  status.replaceChildren();
  if (!accessKeyId || !secretAccessKey) {
    status.append(notice("error", "Enter both the access key id and the secret access key."));
    return;
  }
  const button = $("sign-in-button");
  button.disabled = true;
  status.append(notice("info", "Signing in…"));
  const client = new AdminClient({ accessKeyId, secretAccessKey, region: $("region").value.trim() });
  try {
    await client.call("GET", "/account");
  } catch (error) {
    status.replaceChildren(error instanceof AdminError && error.isAuthFailure
      ? notice("error", `Sign-in failed: the gateway refused these credentials (${error.message}). Check the access key id and the secret.`)
      : error instanceof AdminError && error.offline
        ? notice("error", "Sign-in failed: the gateway does not answer. Check that it is running.")
        : notice("error", `Sign-in failed: ${error.message}`));
    button.disabled = false;
    return;
  }
  button.disabled = false;
  client.onConnectivity = setConnection;
  app.client = client;
  $("secretAccessKey").value = "";
  status.replaceChildren();
  $("sign-in").hidden = true;
  $("page").hidden = false;
  $("nav").hidden = false;
  $("sign-out").hidden = false;
  if (!location.hash || location.hash === "#" || location.hash === "#/") location.hash = "#/overview";
  else route();
}

function signOut() {
  app.client = null;
  setConnection(true);
  $("page").replaceChildren();
  $("page").hidden = true;
  $("nav").hidden = true;
  $("sign-out").hidden = true;
  $("sign-in").hidden = false;
  $("accessKeyId").focus();
}

async function route() {
  if (!app.client) return;
  const [name = "overview", ...rest] = location.hash.replace(/^#\/?/, "").split("/").map(decodeURIComponent);
  const render = pages[name] || renderOverview;
  for (const link of document.querySelectorAll("#nav a")) {
    if (link.dataset.page === name) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  const page = $("page");
  const before = document.activeElement;
  // The new page is built aside and shown once ready; when the gateway does not answer, the page
  // shown so far stays, under a note, rather than an empty one.
  const container = h("div", { class: "page" });
  page.setAttribute("aria-busy", "true");
  try {
    await render(app, container, rest);
  } catch (error) {
    const current = page.querySelector(".page");
    if (error instanceof AdminError && error.offline && current && current.children.length) {
      current.querySelector(".stale-note")?.remove();
      const note = app.failure(error, "open this page");
      note.classList.add("stale-note");
      current.prepend(note);
      page.removeAttribute("aria-busy");
      return;
    }
    container.append(app.failure(error, "load this page"));
  }
  page.replaceChildren(container);
  page.removeAttribute("aria-busy");
  // Move focus to the new page's heading (for keyboard and screen reader users), unless the user
  // has already moved into the page meanwhile.
  const heading = container.querySelector("h1");
  const active = document.activeElement;
  if (heading && (!active || active === document.body || active === before || !page.contains(active))) {
    heading.tabIndex = -1;
    heading.focus({ preventScroll: true });
  }
}

$("sign-in-form").addEventListener("submit", signIn);
$("sign-out").addEventListener("click", signOut);
window.addEventListener("hashchange", route);
window.addEventListener("offline", () => { if (app.client) setConnection(false); });
