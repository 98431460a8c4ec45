"""kg's Neo4j Browser content: the style as Browser's `:style` JSON, the guide to the library, the guide server."""

from __future__ import annotations

import html
import json
import re
import threading
import urllib.request
from pathlib import Path

from kg.neo4j.library import list_library
from kg.neo4j.server.guide import GUIDE_FILE, guide_html, guide_server, post_connect_command, read_grass, style_command
from kg.neo4j.server.ports import pick_free_port


def browser_split(command: str) -> list[str]:
    """Split `browser.post_connect_cmd` as Neo4j Browser 5 does: on `;` outside backticks and quotes."""
    protected = re.sub(r"(`[^`]*?`|\"[^\"]*?\"|'[^']*?')", lambda match: match.group(0).replace(";", "\0"), command)
    return [part.strip().replace("\0", ";") for part in protected.split(";") if part.strip()]


def test_post_connect_command_is_kgs_style_then_kgs_guide_for_browser():
    first, second = browser_split(post_connect_command("http://localhost:9999/kg-guide.html"))
    assert second == "play http://localhost:9999/kg-guide.html"
    assert first.startswith("style {")
    style = json.loads(first.removeprefix("style "))
    grass = read_grass()
    assert set(style) == set(grass)
    assert style["node.Paper"]["color"] == grass["node.Paper"]["color"]
    assert style["node.Paper"]["caption"] == "{title}"  # Browser's grass parser drops the quotes too


def test_style_command_is_one_line_of_json_even_for_values_with_semicolons_and_quotes():
    command = style_command({"node.X": {"caption": '"{a; b}"', "color": "#fff"}})
    assert "\n" not in command
    assert browser_split(command) == [command]
    assert json.loads(command.removeprefix("style ")) == {"node.X": {"caption": "{a; b}", "color": "#fff"}}


def test_the_guide_has_a_slide_per_library_query_with_its_params_and_statements_runnable():
    guide = guide_html()
    slides = re.findall(r"<slide.*?</slide>", guide, re.DOTALL)
    queries = [query for query in list_library() if query.name != "schema"]
    assert len(slides) == len(queries) + 1
    assert "papers_about" in slides[1] and "topic_graph" in slides[2]
    runnable = [
        html.unescape(block) for block in re.findall(r'<pre class="[^"]*runnable">(.*?)</pre>', guide, re.DOTALL)
    ]
    for query in queries:
        body = "\n".join(statement + ";" for statement in query.statements)
        assert body in runnable, query.name
        for name, value in query.params.items():
            assert any(f":param {name} => {json.dumps(value)};" in block for block in runnable), (query.name, name)
    assert "<script" not in guide and "<<" not in guide


def test_the_guide_server_answers_browsers_preflight_and_serves_the_guide_cross_origin(tmp_path: Path):
    (tmp_path / GUIDE_FILE).write_text(guide_html(), encoding="utf-8")
    port = pick_free_port()
    server = guide_server(tmp_path, port)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        check_cross_origin_answers(f"http://127.0.0.1:{port}/{GUIDE_FILE}")
    finally:
        server.shutdown()
        server.server_close()


def check_cross_origin_answers(url: str) -> None:
    preflight = urllib.request.Request(
        url, method="OPTIONS", headers={"Origin": "http://127.0.0.1:7474", "Access-Control-Request-Headers": "pragma"}
    )
    with urllib.request.urlopen(preflight, timeout=5) as response:
        assert response.status == 204
        assert response.headers["Access-Control-Allow-Origin"] == "*"
        assert response.headers["Access-Control-Allow-Headers"] == "*"
    with urllib.request.urlopen(url, timeout=5) as response:
        assert response.headers["Access-Control-Allow-Origin"] == "*"
        assert response.read().decode() == guide_html()
