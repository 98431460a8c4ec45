"""Credentials: the password comes from --password, NEO4J_PASSWORD or a hidden prompt, and goes nowhere else.

Not into output, `-v` debug logs (kg's and the Neo4j driver's), error messages or graph files; never
in a committed file; and never over an unencrypted connection to another machine without --insecure.
Real `kg` processes (a pseudo-terminal for the prompt) against the suite's real Neo4j.
"""

from __future__ import annotations

import fcntl
import os
import pty
import select
import socket
import subprocess
import sys
import termios
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.neo4j.loader import wipe_kg_nodes

REPO = Path(__file__).resolve().parent.parent
SMALL_GRAPH = REPO / "tests" / "data" / "graph" / "small_graph.json"
THREE_PAPERS = REPO / "tests" / "data" / "graph" / "three_papers.jsonl"
SECONDS = 300  # per kg process; only there so that a hang fails
REFUSAL = "refusing to send credentials unencrypted to {host} over bolt://; use bolt+s:// (TLS) or pass --insecure if you accept the risk"


def kg(*arguments: str, password: str | None = None) -> subprocess.CompletedProcess[str]:
    """Run `python -m kg ARGUMENTS` with the suite's Neo4j settings, the password in NEO4J_PASSWORD or left out."""
    environment = {name: value for name, value in os.environ.items() if name != "NEO4J_PASSWORD"}
    if password is not None:
        environment["NEO4J_PASSWORD"] = password
    return subprocess.run(
        [sys.executable, "-m", "kg", *arguments],
        capture_output=True,
        text=True,
        timeout=SECONDS,
        env={**environment, "HF_HUB_OFFLINE": "1"},
    )


def read_until(terminal: int, text: bytes, deadline: float) -> bytes:
    """Read from a pseudo-terminal until `text` appears or it closes (EIO); fail at `deadline`."""
    seen = b""
    while text not in seen:
        if time.monotonic() > deadline:
            pytest.fail(f"no {text!r} on the terminal; saw {seen!r}")
        if select.select([terminal], [], [], 0.1)[0]:
            try:
                chunk = os.read(terminal, 4096)
            except OSError:  # EIO: the other side closed
                return seen
            if not chunk:
                return seen
            seen += chunk
    return seen


def _take_terminal() -> None:
    """In the child: make the pseudo-terminal on stdin its controlling terminal, as a login shell's is."""
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


def test_a_missing_password_is_asked_for_on_a_terminal_without_echo(neo4j_settings) -> None:
    password = neo4j_settings.password
    environment = {name: value for name, value in os.environ.items() if name != "NEO4J_PASSWORD"}
    primary, secondary = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "kg", "ping"],
        stdin=secondary,
        stdout=secondary,
        stderr=secondary,
        env=environment,
        start_new_session=True,
        preexec_fn=_take_terminal,
    )
    os.close(secondary)
    try:
        deadline = time.monotonic() + SECONDS
        prompt = read_until(primary, f"Neo4j password for 'neo4j' at {neo4j_settings.uri}:".encode(), deadline)
        os.write(primary, password.encode() + b"\n")
        rest = read_until(primary, b"\x00never\x00", deadline)  # everything until kg exits
        assert process.wait(timeout=SECONDS) == 0
    finally:
        os.close(primary)
    assert b"Neo4j 5.26" in rest
    assert password.encode() not in prompt + rest  # the terminal did not echo what was typed


def test_without_a_terminal_a_missing_password_is_one_line_and_no_prompt(neo4j_settings, monkeypatch) -> None:
    monkeypatch.delenv("NEO4J_PASSWORD", raising=False)
    result = CliRunner().invoke(main, ["ping"], input="")
    assert result.exit_code == 1
    assert result.output == (
        f"Error: Neo4j at {neo4j_settings.uri} rejected user 'neo4j': authentication failed; set NEO4J_PASSWORD or --password\n"
    )


@pytest.fixture
def no_kg_nodes(neo4j_settings) -> Iterator[None]:
    """Start and end without kg nodes in the suite's Neo4j."""
    wipe_kg_nodes(neo4j_settings)
    yield
    wipe_kg_nodes(neo4j_settings)


def test_verbose_logs_the_driver_at_debug_but_never_the_password(neo4j_settings, no_kg_nodes, tmp_path) -> None:
    password = neo4j_settings.password
    output = tmp_path / "graph.json"
    runs = {
        "ping": kg("-v", "ping", password=password),
        "ping --password": kg("--verbose", "ping", "--password", password),
        "load": kg("-v", "load", str(SMALL_GRAPH), password=password),
        "query": kg("-v", "query", "top_concepts", "--format", "json", password=password),
        "build --load": kg("-v", "build", str(THREE_PAPERS), "-o", str(output), "--load", password=password),
        "wrong password": kg("-v", "ping", "--password", f"{password}-wrong"),
    }
    for name, result in runs.items():
        assert result.returncode == (1 if name == "wrong password" else 0), (name, result.stderr[-2000:])
        assert "DEBUG neo4j" in result.stderr and "'credentials': '*******'" in result.stderr, name
        assert password not in result.stdout + result.stderr, name
    assert "authentication failed" in runs["wrong password"].stderr
    for written in (output, output.with_name("graph.summary.txt")):
        assert password not in written.read_text(encoding="utf-8")


def test_without_verbose_nothing_is_logged(neo4j_settings) -> None:
    result = kg("ping", password=neo4j_settings.password)
    assert result.returncode == 0 and result.stderr == ""


def test_credentials_inside_the_uri_are_refused_without_echoing_them() -> None:
    result = CliRunner().invoke(main, ["ping", "--uri", "neo4j://neo4j:hunter2-secret@127.0.0.1:7687"])
    assert result.exit_code == 1 and "hunter2-secret" not in result.output
    assert "the Neo4j URI holds a user name or password" in result.output and len(result.output.splitlines()) == 1


@pytest.mark.parametrize("uri", ["neo4j://[::1", "neo4j://127.0.0.1:not-a-port", "bolt://127.0.0.1:99999999"])
def test_malformed_uris_are_one_line_errors(uri: str) -> None:
    result = CliRunner().invoke(main, ["ping", "--uri", uri])
    assert result.exit_code == 1
    assert (
        result.output
        == f"Error: invalid Neo4j URI {uri!r}: use neo4j://host:7687, bolt://host:7687 or their +s (TLS) forms\n"
    )


def test_no_committed_file_holds_the_password_in_use(neo4j_settings) -> None:
    tracked = subprocess.run(["git", "ls-files", "-z"], cwd=REPO, capture_output=True, check=True).stdout.split(b"\0")
    holding = [
        name for name in tracked if name and neo4j_settings.password.encode() in (REPO / name.decode()).read_bytes()
    ]
    assert holding == []


def non_loopback_address() -> str:
    """An address of this machine that is not loopback (its outgoing interface), so kg must treat it as remote."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.255", 9))  # UDP connect sends nothing; it only picks the outgoing interface
            return probe.getsockname()[0]
        except OSError:
            return "0.0.0.0"  # no route at all: Linux delivers 0.0.0.0 locally, and it is not a loopback address


@pytest.fixture
def listener() -> Iterator[socket.socket]:
    """A TCP server on every interface, to see whether kg connects at all."""
    with socket.create_server(("0.0.0.0", 0)) as server:
        server.settimeout(1.0)
        yield server


@pytest.mark.parametrize(
    "command",
    [
        ["ping"],
        ["load", str(SMALL_GRAPH)],
        ["query", "top_concepts"],
        ["build", str(THREE_PAPERS), "-o", "{tmp}/graph.json", "--load"],
    ],
    ids=["ping", "load", "query", "build --load"],
)
def test_plain_bolt_to_another_machine_is_refused_before_anything_is_sent(listener, tmp_path, command) -> None:
    host = non_loopback_address()
    uri = f"bolt://{host}:{listener.getsockname()[1]}"
    arguments = [argument.replace("{tmp}", str(tmp_path)) for argument in command]
    result = kg(*arguments, "--uri", uri, password="a-real-secret-123")
    assert (result.returncode, result.stdout, result.stderr) == (1, "", f"Error: {REFUSAL.format(host=host)}\n")
    with pytest.raises(TimeoutError):
        listener.accept()
    assert list(tmp_path.iterdir()) == []  # build --load refused before extracting anything


def test_insecure_lets_kg_connect_over_plain_bolt_to_another_machine(listener) -> None:
    """The counterpart of the refusal: with --insecure kg does connect (and the listener is no Neo4j, so it fails)."""
    uri = f"bolt://{non_loopback_address()}:{listener.getsockname()[1]}"
    process = subprocess.Popen(
        [sys.executable, "-m", "kg", "ping", "--uri", uri, "--password", "a-real-secret-123", "--insecure"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    listener.settimeout(SECONDS)
    connection, _ = listener.accept()
    with connection:
        assert connection.recv(4) == b"\x60\x60\xb0\x17"  # the Bolt handshake's magic preamble
    _, error = process.communicate(timeout=SECONDS)
    assert process.returncode == 1 and "a-real-secret-123" not in error and len(error.splitlines()) == 1
