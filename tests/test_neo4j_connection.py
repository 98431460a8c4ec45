"""Connecting to Neo4j: settings fallbacks, credential safety and one-line errors against the real server."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.errors import KgError
from kg.neo4j.connection import check_uri, connect
from kg.neo4j.settings import Neo4jSettings


def test_settings_fall_back_to_environment_and_accept_neo4j_user() -> None:
    env = {
        "NEO4J_URI": "bolt://db:7687",
        "NEO4J_USER": "alice",
        "NEO4J_PASSWORD": "pw-123456",
        "NEO4J_DATABASE": "papers",
    }
    settings = Neo4jSettings.resolve(environ=env)
    assert (settings.uri, settings.user, settings.password, settings.database) == (
        "bolt://db:7687",
        "alice",
        "pw-123456",
        "papers",
    )
    assert Neo4jSettings.resolve(environ={**env, "NEO4J_USERNAME": "bob"}).user == "bob"
    assert Neo4jSettings.resolve(user="carol", environ=env).user == "carol"


def test_password_is_never_in_repr_or_description() -> None:
    settings = Neo4jSettings.resolve(password="s3cret-pass", environ={})
    assert "s3cret-pass" not in repr(settings) + str(settings) + settings.describe()


@pytest.mark.parametrize("uri", ["bolt://10.1.2.3:7687", "neo4j://db.example.org"])
def test_plain_uri_to_a_remote_host_is_refused_without_insecure(uri: str) -> None:
    with pytest.raises(KgError, match="refusing to send credentials unencrypted.*--insecure"):
        check_uri(Neo4jSettings(uri=uri, password="x"))
    check_uri(Neo4jSettings(uri=uri, password="x", insecure=True))


@pytest.mark.parametrize(
    "uri", ["neo4j://localhost", "bolt://127.0.0.1:7687", "neo4j://[::1]:7687", "neo4j+s://db.example.org"]
)
def test_loopback_or_tls_uris_are_accepted(uri: str) -> None:
    check_uri(Neo4jSettings(uri=uri))


def test_malformed_uri_is_a_clear_error() -> None:
    with pytest.raises(KgError, match="invalid Neo4j URI"):
        check_uri(Neo4jSettings(uri="http://localhost:7474"))


def test_wrong_password_is_one_line_naming_the_uri_without_the_password(neo4j_settings: Neo4jSettings) -> None:
    wrong = Neo4jSettings(uri=neo4j_settings.uri, user=neo4j_settings.user, password="not-the-password-42")
    with pytest.raises(KgError) as caught:
        with connect(wrong):
            pass
    message = str(caught.value)
    assert "authentication failed" in message and neo4j_settings.uri in message
    assert "not-the-password-42" not in message and "\n" not in message


def test_unreachable_server_is_one_line_naming_the_uri() -> None:
    with pytest.raises(KgError, match=r"^cannot reach Neo4j at neo4j://127\.0\.0\.1:1; start it"):
        with connect(Neo4jSettings(uri="neo4j://127.0.0.1:1", password="whatever-123")):
            pass


def test_write_then_read_roundtrip_on_the_real_server(neo4j_settings: Neo4jSettings) -> None:
    with connect(neo4j_settings) as driver:
        try:
            driver.execute_query(
                "CREATE (:KgConnectionProbe {text: $text})",
                text='quote " backslash \\ ',
                database_=neo4j_settings.database,
            )
            records, _, _ = driver.execute_query(
                "MATCH (n:KgConnectionProbe) RETURN n.text AS text", database_=neo4j_settings.database
            )
            assert [r["text"] for r in records] == ['quote " backslash \\ ']
        finally:
            driver.execute_query("MATCH (n:KgConnectionProbe) DELETE n", database_=neo4j_settings.database)


def test_cli_wrong_password_exits_non_zero_with_one_line_and_no_password(neo4j_settings: Neo4jSettings) -> None:
    result = CliRunner().invoke(main, ["ping", "--uri", neo4j_settings.uri, "--password", "wrong-password-77"])
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        f"Error: Neo4j at {neo4j_settings.uri} rejected user 'neo4j': authentication failed; check --password / NEO4J_PASSWORD"
    ]


def test_cli_ping_reports_the_server_version(neo4j_settings: Neo4jSettings) -> None:
    result = CliRunner().invoke(main, ["ping"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Neo4j 5.26.") and neo4j_settings.password not in result.output


def test_the_local_servers_settings_apply_only_when_nothing_says_where_to_connect(tmp_path: Path) -> None:
    (tmp_path / "env").write_text(
        "NEO4J_URI=neo4j://127.0.0.1:7999\nNEO4J_USERNAME=neo4j\nNEO4J_PASSWORD=local-pw-1\n", encoding="utf-8"
    )
    home = {"KG_NEO4J_HOME": str(tmp_path)}
    local = Neo4jSettings.resolve(environ=home)
    assert (local.uri, local.user, local.password) == ("neo4j://127.0.0.1:7999", "neo4j", "local-pw-1")
    elsewhere = Neo4jSettings.resolve(environ={**home, "NEO4J_URI": "neo4j+s://db.example.org"})
    assert (elsewhere.uri, elsewhere.password) == ("neo4j+s://db.example.org", None)  # never the local password
    assert Neo4jSettings.resolve(uri="bolt://127.0.0.1:7687", environ=home).password is None
    assert Neo4jSettings.resolve(password="given", environ=home).uri == "neo4j://127.0.0.1:7687"
    assert Neo4jSettings.resolve(environ={"KG_NEO4J_HOME": str(tmp_path / "none")}).password is None


def test_after_kg_neo4j_start_commands_connect_without_any_settings(
    neo4j_settings: Neo4jSettings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / ".neo4j"  # what `kg neo4j start` leaves in the current folder
    home.mkdir()
    (home / "env").write_text(
        f"NEO4J_URI={neo4j_settings.uri}\nNEO4J_USERNAME={neo4j_settings.user}\n"
        f"NEO4J_PASSWORD={neo4j_settings.password}\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    unset = {name: None for name in ("NEO4J_URI", "NEO4J_USERNAME", "NEO4J_USER", "NEO4J_PASSWORD", "KG_NEO4J_HOME")}
    result = CliRunner(env=unset).invoke(main, ["ping"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Neo4j 5.26.")
