"""The local Neo4j server: a real Neo4j 5.26 started from Maven jars, stopped exactly, clear errors."""

from __future__ import annotations

import os
import socket
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner
from neo4j import GraphDatabase

from kg.cli import main
from kg.neo4j.server.home import default_jars
from kg.neo4j.server.local import LocalNeo4j
from kg.neo4j.server.maven import NEO4J_VERSION
from kg.neo4j.server.ports import pick_free_port, port_is_free


@pytest.fixture(scope="module")
def scratch_server(tmp_path_factory: pytest.TempPathFactory) -> LocalNeo4j:
    """A second local server in its own home and on free ports (the suite's main one stays untouched).

    Like the CLI it takes its jars from KG_NEO4J_LIB when set (the test command shares them), else
    resolves them with Maven into its own home.
    """
    return LocalNeo4j(
        home=tmp_path_factory.mktemp("neo4j-home"),
        bolt_port=pick_free_port(),
        http_port=pick_free_port(),
        jars=default_jars(),
    )


def test_start_status_stop_runs_the_real_server_and_leaves_no_process(scratch_server: LocalNeo4j) -> None:
    runner = CliRunner()
    home = str(scratch_server.home)
    ports = ["--bolt-port", str(scratch_server.bolt_port), "--http-port", str(scratch_server.http_port)]

    started = runner.invoke(main, ["neo4j", "start", "--home", home, *ports])
    assert started.exit_code == 0, started.output
    pid = scratch_server.running_pid()
    assert pid is not None
    guide = Path(f"/proc/{scratch_server.paths.guide_pid_file.read_text().strip()}/cmdline")
    assert b"kg.neo4j.server.guide" in guide.read_bytes()  # the server of kg's Browser guide runs beside Neo4j

    status = runner.invoke(main, ["neo4j", "status", "--home", home])
    assert status.exit_code == 0
    assert f"Neo4j {NEO4J_VERSION} running (pid {pid})" in status.output

    password = scratch_server.stored_password()
    assert password and password not in started.output + status.output
    with GraphDatabase.driver(scratch_server.bolt_uri, auth=("neo4j", password)) as driver:
        records, _, _ = driver.execute_query("CALL dbms.components() YIELD name, versions, edition RETURN *")
    assert records[0]["edition"] == "community" and records[0]["versions"] == [NEO4J_VERSION]

    stopped = runner.invoke(main, ["neo4j", "stop", "--home", home])
    assert stopped.exit_code == 0 and "stopped" in stopped.output
    assert not Path(f"/proc/{pid}/cmdline").exists() or Path(f"/proc/{pid}/cmdline").read_bytes() == b""
    assert port_is_free(scratch_server.bolt_port)
    assert not guide.exists() or b"kg.neo4j.server.guide" not in guide.read_bytes()
    assert not scratch_server.paths.guide_pid_file.exists()
    assert runner.invoke(main, ["neo4j", "status", "--home", home]).exit_code == 1


def test_second_start_reuses_jars_and_keeps_the_password(scratch_server: LocalNeo4j) -> None:
    """Once the jars are in place, starting again neither re-resolves them nor changes the credentials."""
    scratch_server.ensure_jars()
    jar_marker = scratch_server.paths.lib_dir / ".kg-neo4j-version"
    before = jar_marker.stat().st_mtime_ns
    password = scratch_server.stored_password()
    try:
        scratch_server.start(timeout=180)
        assert jar_marker.stat().st_mtime_ns == before
        assert scratch_server.stored_password() == password
        assert stat.S_IMODE(scratch_server.env_file.stat().st_mode) == 0o600
    finally:
        scratch_server.stop()


def test_a_changed_env_file_is_a_clear_error_and_leaves_no_server(scratch_server: LocalNeo4j) -> None:
    scratch_server.ensure_jars()
    original = scratch_server.env_file.read_text() if scratch_server.env_file.exists() else None
    try:
        if original is None:
            scratch_server.start(timeout=180)
            scratch_server.stop()
            original = scratch_server.env_file.read_text()
        scratch_server.env_file.write_text(original.replace("NEO4J_PASSWORD=", "NEO4J_PASSWORD=x"))
        result = CliRunner().invoke(main, ["neo4j", "start", "--home", str(scratch_server.home)])
        assert result.exit_code == 1
        assert f"rejects the password in {scratch_server.env_file}" in result.output
        assert scratch_server.running_pid() is None and port_is_free(scratch_server.bolt_port)
    finally:
        scratch_server.env_file.write_text(original or "")


def test_port_in_use_is_a_one_line_error_naming_the_port(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(
            main,
            ["neo4j", "start", "--home", str(tmp_path), "--bolt-port", str(port), "--http-port", str(pick_free_port())],
        )
    assert result.exit_code == 1
    assert f"port {port} on 127.0.0.1 is already in use" in result.output
    assert "Traceback" not in result.output


def test_missing_java_is_a_one_line_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("JAVA_HOME", raising=False)
    result = CliRunner().invoke(main, ["neo4j", "start", "--home", str(tmp_path / "home")])
    assert result.exit_code == 1
    assert "Java not found" in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 2  # "starting ..." and the error


def test_missing_maven_is_a_one_line_error_when_jars_are_not_there_yet(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    java = Path(os.path.realpath(__import__("shutil").which("java")))
    (bin_dir / "java").symlink_to(java)
    monkeypatch.setenv("PATH", str(bin_dir))
    monkeypatch.delenv("JAVA_HOME", raising=False)
    monkeypatch.delenv("KG_NEO4J_LIB", raising=False)
    result = CliRunner().invoke(main, ["neo4j", "start", "--home", str(tmp_path / "home")])
    assert result.exit_code == 1
    assert "Maven (mvn) not found" in result.output and "Traceback" not in result.output


def test_stop_without_a_server_says_so_and_touches_nothing(tmp_path: Path) -> None:
    (tmp_path / "run").mkdir()
    (tmp_path / "run" / "kg-neo4j.pid").write_text(f"{os.getpid()}\n")  # a live pid that is not our server
    result = CliRunner().invoke(main, ["neo4j", "stop", "--home", str(tmp_path)])
    assert result.exit_code == 0 and "not running" in result.output


def test_a_relative_home_is_taken_relative_to_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # Maven and the JVM run elsewhere: a relative home once put the jars under kg/neo4j/
    server = LocalNeo4j.from_home(Path("local-neo4j"), jars=Path("jars"))
    assert server.home == tmp_path / "local-neo4j" and server.paths.lib_dir == tmp_path / "jars"
