"""Driving Debian's headless Chromium (chromedriver + selenium) at the served tutor (tests and benchmarks).

The page draws the tutor on a canvas (xterm.js), so its text is read from xterm.js's own screen
buffer: a script added before the page's own finds the terminal textual.js creates and keeps it
as `window.__tutorTerminal`, and notes when a frame first draws the given markers (ms since the
page was requested). Nothing of this is in the product.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import time
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--window-size=1280,800",
)

FIND_TERMINAL = r"""
(() => {
  const markers = MARKERS;
  // textual.js keeps its xterm.js terminal in an object that also gets a `webglAddon`: catch that
  // assignment once, keep the object's terminal, and store the value as an ordinary property.
  Object.defineProperty(Object.prototype, "webglAddon", {
    configurable: true,
    set(value) {
      Object.defineProperty(this, "webglAddon", {value, writable: true, configurable: true});
      const terminal = this.terminal;
      window.__tutorTerminal = terminal;
      window.__tutorDrawn = null;
      terminal.onRender(() => {
        if (window.__tutorDrawn !== null || !markers.length) return;
        const buffer = terminal.buffer.active, rows = [];
        for (let y = 0; y < terminal.rows; y++) {
          const line = buffer.getLine(buffer.viewportY + y);
          rows.push(line ? line.translateToString(true) : "");
        }
        const text = rows.join("\n");
        if (markers.every((marker) => text.includes(marker))) window.__tutorDrawn = performance.now();
      });
    },
  });
})();
"""

SCREEN = r"""
const t = window.__tutorTerminal;
if (!t) return null;
const buffer = t.buffer.active, rows = [];
for (let y = 0; y < t.rows; y++) {
  const line = buffer.getLine(buffer.viewportY + y);
  rows.push(line ? line.translateToString(true) : "");
}
return rows.join("\n");
"""


TRUE_COLOUR = r"""
const t = window.__tutorTerminal, buffer = t.buffer.active;
let count = 0;
for (let y = 0; y < t.rows; y++) {
  const line = buffer.getLine(buffer.viewportY + y);
  for (let x = 0; line && x < t.cols; x++) {
    const cell = line.getCell(x);
    if (cell && (cell.isFgRGB() || cell.isBgRGB())) count++;
  }
}
return count;
"""


def have_browser() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
        return "Debian's chromium and chromium-driver are not installed (apt-get install chromium chromium-driver)"
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install -e '.[test]')"
    return None


class Browser:
    """One headless Chromium with a fresh profile; close() ends it and removes the profile."""

    def __init__(self, width: int = 1280, height: int = 800, markers: tuple[str, ...] = ()) -> None:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service

        self.profile = tempfile.mkdtemp(prefix="cnn-tutor-chromium-")
        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM
        for flag in FLAGS:
            options.add_argument(flag)
        options.add_argument(f"--window-size={width},{height}")
        options.add_argument(f"--user-data-dir={self.profile}")
        options.add_argument("--lang=en-US")
        try:
            self.driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
        except Exception:
            shutil.rmtree(self.profile, ignore_errors=True)
            raise
        script = FIND_TERMINAL.replace("MARKERS", json.dumps(list(markers)))
        self.driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": script})

    def open(self, url: str) -> None:
        self.driver.get(url)

    def drawn_ms(self, timeout: float = 60.0) -> float:
        """Milliseconds from the page's request to the first frame that drew every marker."""
        deadline = time.monotonic() + timeout
        while (drawn := self.driver.execute_script("return window.__tutorDrawn ?? null")) is None:
            if time.monotonic() > deadline:
                raise AssertionError(f"the markers were never drawn; the screen shows:\n{self.screen()}")
            time.sleep(0.01)
        return float(drawn)

    def screen(self) -> str:
        """The tutor's screen as text, as xterm.js holds it ('' before it has started)."""
        return self.driver.execute_script(SCREEN) or ""

    def wait_for(self, needle: str, timeout: float = 30.0) -> str:
        """The screen once it shows `needle`; AssertionError with the screen if it never does."""
        deadline = time.monotonic() + timeout
        while needle not in (screen := self.screen()):
            if time.monotonic() > deadline:
                raise AssertionError(f"{needle!r} never appeared; the screen shows:\n{screen}")
            time.sleep(0.05)
        return screen

    def wait_until(self, predicate, what: str, timeout: float = 30.0) -> str:
        deadline = time.monotonic() + timeout
        while not predicate(screen := self.screen()):
            if time.monotonic() > deadline:
                raise AssertionError(f"never {what}; the screen shows:\n{screen}")
            time.sleep(0.05)
        return screen

    def press(self, *keys: str) -> None:
        """Type `keys` into the page (selenium key names or characters), one at a time."""
        from selenium.webdriver.common.by import By

        target = self.driver.find_element(By.CSS_SELECTOR, ".xterm-helper-textarea")
        for key in keys:
            target.send_keys(key)

    def click_text(self, text: str) -> None:
        """Click the middle of the first cell of `text` on the tutor's screen, as a person would."""
        from selenium.webdriver.common.action_chains import ActionChains
        from selenium.webdriver.common.by import By

        rows = self.screen().split("\n")
        for y, row in enumerate(rows):  # noqa: B007 — y is the row found, used after the loop
            if (x := row.find(text)) >= 0:
                break
        else:
            raise AssertionError(f"{text!r} is not on the screen:\n" + "\n".join(rows))
        area = self.driver.find_element(By.CSS_SELECTOR, ".xterm-screen")
        columns, lines = self.driver.execute_script("return [window.__tutorTerminal.cols, window.__tutorTerminal.rows]")
        width, height = area.size["width"], area.size["height"]
        # Selenium's offsets are from the element's centre.
        dx = (x + 0.5) * width / columns - width / 2
        dy = (y + 0.5) * height / lines - height / 2
        ActionChains(self.driver).move_to_element_with_offset(area, int(dx), int(dy)).click().perform()

    def true_colour_cells(self) -> int:
        """How many cells of the screen are drawn with a 24-bit colour (foreground or background)."""
        return self.driver.execute_script(TRUE_COLOUR)

    def body_classes(self) -> str:
        return self.driver.execute_script("return document.body.className")

    def screenshot(self, path: Path) -> Path:
        self.driver.save_screenshot(str(path))
        return path

    def close(self) -> None:
        try:
            self.driver.quit()
        finally:
            shutil.rmtree(self.profile, ignore_errors=True)
