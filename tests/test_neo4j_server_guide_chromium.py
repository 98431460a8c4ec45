"""Neo4j Browser on kg's local server, driven by headless Chromium: a login opens kg's guide, a library
query run from the guide draws its graph in kg's style."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from kg.export.palette import LABEL_COLOURS
from kg.graph import read_graph
from kg.neo4j.loader import load_graph
from kg.neo4j.server.guide import read_grass
from kg.neo4j.server.home import default_jars
from kg.neo4j.server.local import LocalNeo4j
from kg.neo4j.server.ports import pick_free_port
from tests.headless_chromium import headless_browser, require_chromium

pytestmark = pytest.mark.neo4j
SMALL_GRAPH = Path(__file__).parent / "data" / "graph" / "small_graph.json"
WAIT_SECONDS = 60
GUIDE_TITLE = "kg: your papers as a graph"
PARAM_SET = '[data-testid=multi-statement-list-icon][title="Status: success"]'  # a :param line Browser ran


@pytest.fixture(scope="module")
def server_with_graph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalNeo4j]:
    """kg's local server in its own home, on free ports, holding the hand-made graph."""
    require_chromium()
    server = LocalNeo4j(
        home=tmp_path_factory.mktemp("browser-home"),
        bolt_port=pick_free_port(),
        http_port=pick_free_port(),
        jars=default_jars(),
    )
    server.start(timeout=180)
    try:
        settings = server.settings()
        load_graph(read_graph(SMALL_GRAPH), settings)
        yield server
    finally:
        server.stop()


def log_in(browser: Any, server: LocalNeo4j) -> WebDriverWait:
    """Open Browser on the server's HTTP port and log in as neo4j with the password kg chose."""
    browser.get(f"{server.browser_url}?dbms=neo4j://neo4j@127.0.0.1:{server.bolt_port}&preselectAuthMethod=NATIVE")
    wait = WebDriverWait(browser, WAIT_SECONDS)
    password = wait.until(lambda page: page.find_element(By.CSS_SELECTOR, "input[data-testid=password]"))
    # Enter submits the form; a click on the connect button can land on the form while it still moves
    password.send_keys(server.stored_password(), Keys.ENTER)
    return wait


def run_block(browser: Any, block: Any) -> None:
    """Click a runnable block of the guide (it goes to the editor), then the editor's run button."""
    block.click()
    browser.find_element(By.CSS_SELECTOR, "button[data-testid=editor-Run]").click()


def guide_slide_with(browser: Any, text: str) -> list[Any]:
    """Page through kg's guide until a slide has a runnable block containing `text`; its blocks."""
    for _ in range(40):
        blocks = browser.find_elements(By.CSS_SELECTOR, "pre.runnable")
        if any(text in (block.get_attribute("textContent") or "") for block in blocks):
            return blocks
        browser.find_element(By.CSS_SELECTOR, "button[data-testid=nextSlide]").click()
    pytest.fail(f"no slide of kg's guide holds {text!r}")


def test_login_opens_kgs_guide_and_a_library_query_from_it_draws_in_kgs_style(
    server_with_graph: LocalNeo4j, tmp_path: Path
) -> None:
    grass = read_grass()
    with headless_browser(require_chromium(), tmp_path / "profile") as browser:
        wait = log_in(browser, server_with_graph)
        wait.until(lambda page: GUIDE_TITLE in page.find_element(By.TAG_NAME, "body").text)

        params, query = guide_slide_with(browser, "RETURN path")  # topic_graph: its :param block, its query
        run_block(browser, params)
        wait.until(lambda page: len(page.find_elements(By.CSS_SELECTOR, PARAM_SET)) == 3)  # before the query needs them
        run_block(browser, query)
        nodes = wait.until(lambda page: len(found := page.find_elements(By.CSS_SELECTOR, "svg g.node")) == 3 and found)

        drawn = {}
        for node in nodes:
            outline = node.find_element(By.CSS_SELECTOR, "circle.b-outline")
            drawn[" ".join(node.text.split())] = (outline.get_attribute("fill"), float(outline.get_attribute("r")))
    paper_radius = float(grass["node.Paper"]["diameter"].removesuffix("px")) / 2
    concept_radius = float(grass["node.Concept"]["diameter"].removesuffix("px")) / 2
    assert sorted(drawn.values()) == sorted(
        [(LABEL_COLOURS["Paper"], paper_radius)] * 2 + [(LABEL_COLOURS["Concept"], concept_radius)]
    )
    assert any(caption.startswith("large language") for caption in drawn)  # the Concept's caption: its name
