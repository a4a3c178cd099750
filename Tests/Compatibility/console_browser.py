"""Headless Chromium for the console tests: start it, take screenshots, check accessibility.

The browser is Debian's `chromium` with `chromium-driver`, driven by selenium from PyPI. When any
of them is missing the browser tests skip and say which; `.ci/run` installs all three.
"""

from __future__ import annotations

import os
import re
import shutil
import time
from pathlib import Path
from typing import Callable, Optional

import pytest

try:
    from selenium import webdriver
    from selenium.common.exceptions import TimeoutException, WebDriverException
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait
except ImportError:  # pragma: no cover - reported by missing_browser()
    webdriver = None

ARTIFACTS = Path(os.environ.get("TURNPIKE_ARTIFACTS") or Path(__file__).resolve().parent / "artifacts")
DOWNLOADS = ARTIFACTS / "downloads"


def missing_browser() -> Optional[str]:
    """Why the browser tests cannot run here, or None."""
    if webdriver is None:
        return "selenium is not installed (python3 -m pip install -r Tests/Compatibility/requirements.txt)"
    if not (shutil.which("chromium") or shutil.which("chromium-browser")):
        return "chromium is not installed (apt-get install chromium chromium-driver)"
    if not shutil.which("chromedriver"):
        return "chromedriver is not installed (apt-get install chromium-driver)"
    return None


def start_browser():
    reason = missing_browser()
    if reason:
        pytest.skip(f"browser tests skipped: {reason}")
    options = Options()
    options.binary_location = shutil.which("chromium") or shutil.which("chromium-browser")
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     "--window-size=1280,1100", "--disable-extensions", "--no-first-run"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    try:
        driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
    except WebDriverException as error:
        pytest.skip(f"browser tests skipped: chromium did not start ({str(error).splitlines()[0]})")
    driver.set_page_load_timeout(30)
    DOWNLOADS.mkdir(parents=True, exist_ok=True)
    driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(DOWNLOADS)})
    return driver


class Page:
    """A browser tab on one test, with its screenshot directory."""

    def __init__(self, driver, test_name: str):
        self.driver = driver
        self.shots = ARTIFACTS / re.sub(r"[^A-Za-z0-9_.-]", "_", test_name)
        self.shots.mkdir(parents=True, exist_ok=True)
        self.count = 0

    def shot(self, label: str) -> Path:
        self.count += 1
        path = self.shots / f"{self.count:02d}-{label}.png"
        self.driver.save_screenshot(str(path))
        return path

    def open(self, url: str) -> None:
        self.driver.get(url)

    def find(self, css: str, timeout: float = 15):
        return WebDriverWait(self.driver, timeout).until(EC.presence_of_element_located((By.CSS_SELECTOR, css)))

    def visible(self, css: str, timeout: float = 15):
        return WebDriverWait(self.driver, timeout).until(EC.visibility_of_element_located((By.CSS_SELECTOR, css)))

    def all(self, css: str):
        return self.driver.find_elements(By.CSS_SELECTOR, css)

    def wait(self, condition: Callable[[], object], timeout: float = 15, message: str = "condition"):
        deadline = time.monotonic() + timeout
        last = None
        while time.monotonic() < deadline:
            try:
                last = condition()
                if last:
                    return last
            except WebDriverException:
                pass
            time.sleep(0.2)
        self.shot("timeout")
        raise AssertionError(f"timed out waiting for {message} (last: {last!r})\n{self.console_log()}")

    def wait_text(self, css: str, pattern: str, timeout: float = 15) -> str:
        regex = re.compile(pattern)

        def text():
            for element in self.all(css):
                if element.is_displayed() and regex.search(element.text):
                    return element.text
            return None
        return self.wait(text, timeout, f"{css} to show /{pattern}/")

    def fill(self, css: str, value: str) -> None:
        element = self.visible(css)
        element.clear()
        element.send_keys(value)

    def click(self, css: str) -> None:
        self.visible(css).click()

    def route(self, hash_route: str) -> None:
        """Moves the console to a hash route and waits until the new page has rendered."""
        self.js("const p = document.querySelector('#page .page'); if (p) p.dataset.old = '1';"
                "if (location.hash === arguments[0]) window.dispatchEvent(new HashChangeEvent('hashchange'));"
                "else location.hash = arguments[0];", hash_route)
        self.wait(lambda: self.js("const p = document.querySelector('#page .page');"
                                  "return p && !p.dataset.old && !p.hasAttribute('aria-busy');"),
                  message=f"page {hash_route}")

    def click_text(self, tag: str, text: str) -> None:
        """Clicks the element `tag` (an XPath step) whose whole text is `text`."""
        xpath = f"//{tag}[normalize-space(.)={xpath_literal(text)}]"
        element = WebDriverWait(self.driver, 15).until(EC.element_to_be_clickable((By.XPATH, xpath)))
        element.click()

    def js(self, script: str, *args):
        return self.driver.execute_script(script, *args)

    def console_log(self) -> str:
        try:
            return "\n".join(entry["message"] for entry in self.driver.get_log("browser"))
        except Exception:  # noqa: BLE001 - the log is a diagnostic only
            return ""


def xpath_literal(text: str) -> str:
    return f'"{text}"' if '"' not in text else "concat('" + text.replace("'", "', \"'\", '") + "')"


# --------------------------------------------------------------------------- accessibility

UNLABELLED_CONTROLS = """
const problems = [];
for (const control of document.querySelectorAll('input, select, textarea')) {
  if (control.type === 'hidden') continue;
  const style = getComputedStyle(control);
  if (style.display === 'none' || control.closest('[hidden]')) continue;
  const byFor = control.id && document.querySelector(`label[for="${CSS.escape(control.id)}"]`);
  const wrapped = control.closest('label');
  const aria = control.getAttribute('aria-label') || control.getAttribute('aria-labelledby');
  const text = (byFor && byFor.textContent.trim()) || (wrapped && wrapped.textContent.trim()) || aria;
  if (!text) problems.push(control.outerHTML.slice(0, 120));
}
return problems;
"""

# Contrast of each visible text element against the first opaque background behind it (WCAG 2 formula).
CONTRAST_PAIRS = """
function rgba(text) {
  const m = text.match(/rgba?\\(([^)]+)\\)/);
  if (!m) return [0, 0, 0, 1];
  const parts = m[1].split(',').map(Number);
  return [parts[0], parts[1], parts[2], parts.length > 3 ? parts[3] : 1];
}
function luminance([r, g, b]) {
  const f = (c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4); };
  return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
}
function background(element) {
  for (let e = element; e; e = e.parentElement) {
    const c = rgba(getComputedStyle(e).backgroundColor);
    if (c[3] > 0.5) return c;
  }
  return [255, 255, 255, 1];
}
const results = [];
const selector = 'body, p, label, legend, h1, h2, h3, a, button, th, td, dt, dd, li, caption, summary, .notice, .banner, .hint, .brand, .badge, code, figcaption';
for (const element of document.querySelectorAll(selector)) {
  if (!element.offsetParent && element !== document.body) continue;
  const own = Array.from(element.childNodes).some((n) => n.nodeType === 3 && n.textContent.trim());
  if (!own) continue;
  const fg = rgba(getComputedStyle(element).color), bg = background(element);
  const [l1, l2] = [luminance(fg), luminance(bg)].sort((a, b) => b - a);
  const ratio = (l1 + 0.05) / (l2 + 0.05);
  results.push({ text: element.textContent.trim().slice(0, 40), tag: element.tagName, ratio: Math.round(ratio * 100) / 100 });
}
return results;
"""


def assert_labelled(page: Page, where: str) -> None:
    problems = page.js(UNLABELLED_CONTROLS)
    assert not problems, f"{where}: controls without a label: {problems}"


def assert_contrast(page: Page, where: str, minimum: float = 4.5) -> int:
    pairs = page.js(CONTRAST_PAIRS)
    low = [pair for pair in pairs if pair["ratio"] < minimum]
    assert pairs, f"{where}: no text found to check"
    assert not low, f"{where}: text below {minimum}:1 contrast: {low}"
    return len(pairs)


def tab_order(page: Page, steps: int = 60) -> list:
    """Presses Tab from the top of the page; returns the focused elements' descriptions."""
    page.js("document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0);")
    seen = []
    for _ in range(steps):
        webdriver.ActionChains(page.driver).send_keys(Keys.TAB).perform()
        seen.append(page.js("""
            const e = document.activeElement;
            return e ? (e.getAttribute('name') || e.id || e.textContent.trim().slice(0, 30) || e.tagName) : '';
        """))
    return seen
