"""Headless Chromium for the tests of kg's HTML export: find it, drive it, open a page, prove no injected script ran.

Uses Debian's `chromium` and `chromium-driver` packages (selenium never downloads a driver). Tests
skip without them unless KG_REQUIRE_CHROMIUM is set (CI sets it, so there a missing Chromium fails).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
HEADLESS_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1200,800",
)
LAYOUT_SECONDS = 60
PAGE_SCRIPTS = 2  # kg's page holds its graph data block and its own script, nothing else


def require_chromium() -> str:
    """The Chromium binary; skip without it (and chromedriver) unless KG_REQUIRE_CHROMIUM says it must be there."""
    if CHROMIUM and CHROMEDRIVER:
        return CHROMIUM
    message = "Chromium and chromedriver are needed (apt-get install chromium chromium-driver)"
    if os.environ.get("KG_REQUIRE_CHROMIUM"):
        pytest.fail(f"{message}; KG_REQUIRE_CHROMIUM is set", pytrace=False)
    pytest.skip(message)


@contextmanager
def headless_browser(chromium: str, profile: Path) -> Iterator[Any]:
    """A headless Chromium driven through Debian's chromedriver, with its profile in `profile`."""
    from selenium import webdriver

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in (*HEADLESS_FLAGS, f"--user-data-dir={profile}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=webdriver.ChromeService(executable_path=CHROMEDRIVER), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def open_graph_page(browser: Any, page: Path) -> Any:
    """Open a page written by `kg export --format html` and wait until its layout has finished."""
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(page.as_uri())
    canvas = browser.find_element("id", "graph")
    WebDriverWait(browser, LAYOUT_SECONDS).until(lambda _: canvas.get_attribute("data-layout") == "done")
    return browser


def assert_no_injected_script_ran(browser: Any) -> None:
    """No injected script ran: no `window.__pwned` flag, no alert, no injected element, only the page's own scripts."""
    from selenium.common.exceptions import NoAlertPresentException

    assert browser.execute_script("return window.__pwned") is None
    with pytest.raises(NoAlertPresentException):
        _ = browser.switch_to.alert.text
    assert browser.find_elements("tag name", "img") == []
    assert browser.find_elements("tag name", "svg") == []
    assert len(browser.find_elements("tag name", "script")) == PAGE_SCRIPTS
