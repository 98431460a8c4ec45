"""Cypher library files without Neo4j: parsing `:param` lines, -p values, lookup, output formats."""

from __future__ import annotations

import importlib.util
import json
import shutil
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import kg.neo4j.library
from kg.errors import KgError
from kg.neo4j.library import (
    QueryResult,
    find_cypher_file,
    format_result,
    library_dir,
    list_library,
    parse_cypher,
    parse_param_value,
    parse_params,
)

REPO = Path(__file__).resolve().parent.parent
JSON_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(-(2**53), 2**53)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text()
)
JSON_VALUES = st.recursive(JSON_SCALARS, lambda children: st.lists(children, max_size=4), max_leaves=8)


def test_a_cypher_file_splits_into_description_params_and_statements():
    text = (
        "// Top things: the things most papers mention.\n"
        "// A second line of description.\n"
        ':param name => "ReWOO: \\"quoted\\"";\n'
        ":param limit => 5\n"
        "\n"
        "MATCH (n) // a comment inside the query stays\n"
        "RETURN n LIMIT $limit;\n"
        "RETURN 2;\n"
    )
    parsed = parse_cypher(text, Path("things.cypher"))
    assert parsed.name == "things"
    assert parsed.description == "Top things: the things most papers mention. A second line of description."
    assert parsed.params == {"name": 'ReWOO: "quoted"', "limit": 5}
    assert parsed.statements == ("MATCH (n) // a comment inside the query stays\nRETURN n LIMIT $limit", "RETURN 2")


@given(name=st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,10}", fullmatch=True), value=JSON_VALUES)
def test_any_json_literal_param_line_parses_back_to_its_value(name, value):
    parsed = parse_cypher(f":param {name} => {json.dumps(value)};\nRETURN ${name};\n", Path("q.cypher"))
    assert parsed.params == {name: value}


@pytest.mark.parametrize("line", [":param limit 5", ":param limit => 'single quotes'", ":param => 5"])
def test_a_bad_param_line_is_an_error_naming_file_and_line(line):
    with pytest.raises(KgError, match=r"q.cypher:2: "):
        parse_cypher(f"// What it answers.\n{line}\nRETURN 1;\n", Path("q.cypher"))


def test_a_file_without_a_statement_is_an_error():
    with pytest.raises(KgError, match="holds no Cypher statement"):
        parse_cypher("// Only a comment.\n:param a => 1;\n", Path("empty.cypher"))


@given(value=JSON_VALUES)
def test_a_p_value_that_is_json_is_read_as_json(value):
    assert parse_param_value(json.dumps(value)) == value


@given(text=st.text())
def test_a_p_value_that_is_not_json_is_kept_as_text(text):
    try:
        expected = json.loads(text)
    except json.JSONDecodeError:
        expected = text
    if any(constant in text for constant in ("NaN", "Infinity")):
        return  # Python's json reads these; they are not JSON (the next test)
    assert parse_param_value(text) == expected


@pytest.mark.parametrize("text", ["NaN", "Infinity", "-Infinity", "[NaN]"])
def test_nan_and_infinity_are_not_json_so_a_p_value_keeps_them_as_text(text):
    assert parse_param_value(text) == text


def test_p_options_become_parameters_split_at_the_first_equals_sign():
    assert parse_params(["limit=5", "title=a=b", 'tags=["x"]', "empty="]) == {
        "limit": 5,
        "title": "a=b",
        "tags": ["x"],
        "empty": "",
    }
    with pytest.raises(KgError, match="not key=value"):
        parse_params(["limit"])


def test_p_values_of_text_parameters_stay_text():
    assert parse_params(["title=2504", "limit=7", "embedding=null"], {"title": "x", "limit": 5, "embedding": None}) == {
        "title": "2504",
        "limit": 7,
        "embedding": None,
    }


def test_every_library_file_parses_with_a_description_and_defaults_for_its_parameters():
    library = list_library()
    assert len([item for item in library if item.name != "schema"]) >= 12
    for item in library:
        assert item.description, item.path
        text = "\n".join(item.statements)
        used = {
            word[1:]
            for word in text.replace("(", " ").replace(")", " ").replace(",", " ").split()
            if word.startswith("$")
        }
        assert {name.rstrip(".;}]") for name in used} <= set(item.params), item.path


def test_library_queries_are_found_by_name_and_by_path(tmp_path):
    assert find_cypher_file("top_concepts").path == library_dir() / "top_concepts.cypher"
    own = tmp_path / "mine.cypher"
    own.write_text("// Mine: one.\nRETURN 1 AS one;\n", encoding="utf-8")
    assert find_cypher_file(str(own)).statements == ("RETURN 1 AS one",)
    with pytest.raises(KgError, match="kg query --list"):
        find_cypher_file("no_such_query")


def test_an_installed_wheel_finds_the_library_inside_the_package(tmp_path, monkeypatch):
    package = tmp_path / "site-packages" / "kg"
    (package / "neo4j").mkdir(parents=True)
    shutil.copy(kg.neo4j.library.__file__, package / "neo4j" / "queries.py")
    shutil.copytree(REPO / "cypher", package / "cypher")
    spec = importlib.util.spec_from_file_location("installed_queries", package / "neo4j" / "queries.py")
    installed = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, installed)
    spec.loader.exec_module(installed)
    assert installed.library_dir() == package / "cypher"
    assert library_dir() == REPO / "cypher"  # the source checkout


def test_pyproject_ships_the_library_inside_the_wheel():
    assert '"cypher" = "kg/cypher"' in (REPO / "pyproject.toml").read_text(encoding="utf-8")


RESULT = QueryResult(["paper", "score", "urls"], [['A, "quoted" title', 0.5, ["u1", "u2"]], ["x" * 100, None, []]])


def test_table_output_aligns_columns_and_cuts_long_cells():
    lines = format_result(RESULT, "table").splitlines()
    assert lines[0].split() == ["paper", "score", "urls"]
    assert lines[2].startswith('A, "quoted" title') and '["u1", "u2"]' in lines[2]
    assert "x" * 59 + "…" in lines[3] and "x" * 61 not in lines[3]
    assert lines[-1] == "(2 rows)"


def test_json_output_is_a_list_of_objects_with_full_values():
    assert json.loads(format_result(RESULT, "json")) == [
        {"paper": 'A, "quoted" title', "score": 0.5, "urls": ["u1", "u2"]},
        {"paper": "x" * 100, "score": None, "urls": []},
    ]


def test_csv_output_has_a_header_and_quotes_as_csv_does():
    assert format_result(RESULT, "csv").splitlines() == [
        "paper,score,urls",
        '"A, ""quoted"" title",0.5,"[""u1"", ""u2""]"',
        f"{'x' * 100},,[]",
    ]
