"""The HTML export in a real headless Chromium: it draws every node, its search and details work, and
hostile titles stay inert text.

Needs Debian's `chromium` and `chromium-driver` packages (see tests/headless_chromium.py). Skips only
when they are missing and KG_REQUIRE_CHROMIUM is unset; CI sets it, so there a missing Chromium fails.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from kg.export.html import write_html
from kg.export.palette import label_colours
from kg.graph import read_graph
from tests.headless_chromium import (
    HEADLESS_FLAGS,
    assert_no_injected_script_ran,
    headless_browser,
    open_graph_page,
    require_chromium,
)

GRAPH_FILE = Path(__file__).parent / "data" / "export" / "hostile.graph.json"


@pytest.fixture(scope="module")
def chromium() -> str:
    return require_chromium()


@pytest.fixture(scope="module")
def graph() -> nx.MultiDiGraph:
    return read_graph(GRAPH_FILE)


@pytest.fixture(scope="module")
def page(graph: nx.MultiDiGraph, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("html") / "graph.html"
    write_html(graph, path)
    return path


@pytest.fixture(scope="module")
def browser(chromium: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    with headless_browser(chromium, tmp_path_factory.mktemp("chromium-profile")) as driver:
        yield driver


@pytest.fixture()
def loaded(browser: Any, page: Path) -> Any:
    """The page freshly opened, with its layout finished."""
    return open_graph_page(browser, page)


def _hostile_paper(graph: nx.MultiDiGraph) -> dict[str, Any]:
    return next(data for _, data in graph.nodes(data=True) if "<script>" in data["name"])


def test_page_draws_every_node_in_its_label_colour_and_saves_a_screenshot(
    loaded: Any, graph: nx.MultiDiGraph, tmp_path: Path
) -> None:
    canvas = loaded.find_element("id", "graph")
    assert int(canvas.get_attribute("data-node-count")) == graph.number_of_nodes()
    colours = label_colours(label for _, label in graph.nodes(data="label"))
    drawn = loaded.execute_script(
        """
        const canvas = document.getElementById('graph');
        const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
        const seen = new Set();
        for (let i = 0; i < pixels.length; i += 4) {
          if (pixels[i + 3] === 255) seen.add('#' + [0, 1, 2].map(c => pixels[i + c].toString(16).padStart(2, '0')).join(''));
        }
        return Array.from(seen);
        """
    )
    assert set(colours.values()) <= set(drawn)
    screenshot = tmp_path / "graph.png"
    assert loaded.save_screenshot(str(screenshot))
    assert screenshot.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert_no_injected_script_ran(loaded)


def test_legend_lists_each_label_and_hides_it_when_clicked(loaded: Any, graph: nx.MultiDiGraph) -> None:
    items = loaded.find_elements("css selector", "#legend li")
    labels = sorted({label for _, label in graph.nodes(data="label")})
    assert [item.get_attribute("data-label") for item in items] == labels
    papers = sum(1 for _, label in graph.nodes(data="label") if label == "Paper")
    next(item for item in items if item.get_attribute("data-label") == "Paper").click()
    canvas = loaded.find_element("id", "graph")
    assert int(canvas.get_attribute("data-node-count")) == graph.number_of_nodes() - papers


def test_search_finds_a_hostile_title_and_details_show_it_as_literal_text(loaded: Any, graph: nx.MultiDiGraph) -> None:
    from selenium.webdriver.common.keys import Keys

    title = _hostile_paper(graph)["name"]
    search = loaded.find_element("id", "search")
    search.send_keys("<script>alert(1)")
    assert loaded.find_element("id", "match-count").text == "1 match"
    search.send_keys(Keys.ENTER)
    assert loaded.find_element("id", "details").is_displayed()
    assert loaded.execute_script("return document.getElementById('details-name').textContent") == title
    shown = loaded.execute_script("return Array.from(document.querySelectorAll('#details dd'), dd => dd.textContent)")
    assert _hostile_paper(graph)["abstract"] in shown
    evidence = loaded.execute_script(
        "return Array.from(document.querySelectorAll('#details-links .evidence'), e => e.textContent)"
    )
    paper = next(node for node, data in graph.nodes(data=True) if data["name"] == title)
    linked = [
        data.get("evidence") for _, _, data in [*graph.out_edges(paper, data=True), *graph.in_edges(paper, data=True)]
    ]
    assert sorted(evidence) == sorted(text for text in linked if text)
    assert_no_injected_script_ran(loaded)


def test_clicking_and_hovering_a_node_show_its_name(loaded: Any, graph: nx.MultiDiGraph) -> None:
    """Search + Enter centres the hostile paper; Escape closes the panel; a click in the centre reopens it."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    title = _hostile_paper(graph)["name"]
    loaded.find_element("id", "search").send_keys("onerror", Keys.ENTER)
    loaded.find_element("tag name", "body").send_keys(Keys.ESCAPE)
    assert not loaded.find_element("id", "details").is_displayed()
    canvas = loaded.find_element("id", "graph")
    ActionChains(loaded).move_to_element(canvas).perform()
    assert loaded.execute_script("return document.getElementById('tooltip').textContent") == f"Paper: {title}"
    ActionChains(loaded).click(canvas).perform()
    assert loaded.execute_script("return document.getElementById('details-name').textContent") == title
    assert_no_injected_script_ran(loaded)


def test_chromium_command_line_screenshot_and_dom_dump_count_every_node(
    chromium: str, page: Path, graph: nx.MultiDiGraph, tmp_path: Path
) -> None:
    """The plain `chromium --headless --screenshot/--dump-dom` route that needs no driver."""
    flags = [*HEADLESS_FLAGS, f"--user-data-dir={tmp_path / 'profile'}", "--virtual-time-budget=20000"]
    screenshot = tmp_path / "cli.png"
    subprocess.run(
        [chromium, *flags, f"--screenshot={screenshot}", page.as_uri()], check=True, capture_output=True, timeout=120
    )
    assert screenshot.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    dom = subprocess.run(
        [chromium, *flags, "--dump-dom", page.as_uri()], check=True, capture_output=True, text=True, timeout=120
    )
    canvas = re.search(r"<canvas[^>]*>", dom.stdout)
    assert canvas is not None
    assert 'data-layout="done"' in canvas.group()
    assert f'data-node-count="{graph.number_of_nodes()}"' in canvas.group()
    assert "<img" not in dom.stdout
