"""docker-compose.yml: the official Neo4j 5.26 image, loopback-only ports, password only from the environment."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
COMPOSE_FILE = REPO / "docker-compose.yml"


def compose_config(tmp_path: Path, environment: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """`docker compose config` on the project's file, ignoring any local .env."""
    probe = subprocess.run(["docker", "compose", "version"], capture_output=True, text=True)
    if probe.returncode != 0:
        pytest.skip("the docker compose plugin is not installed here, so docker-compose.yml cannot be validated")
    empty_env_file = tmp_path / "empty.env"
    empty_env_file.write_text("")
    env = {key: value for key, value in os.environ.items() if not key.startswith("NEO4J_")} | environment
    return subprocess.run(
        ["docker", "compose", "-f", str(COMPOSE_FILE), "--env-file", str(empty_env_file), "config", "--format", "json"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
    )


def test_compose_file_is_valid_and_publishes_neo4j_on_loopback_only(tmp_path: Path) -> None:
    result = compose_config(tmp_path, {"NEO4J_PASSWORD": "a-password-from-env"})
    assert result.returncode == 0, result.stderr
    service = json.loads(result.stdout)["services"]["neo4j"]
    assert service["image"] == "neo4j:5.26-community"
    published = {(port["host_ip"], port["target"], port["published"]) for port in service["ports"]}
    assert published == {("127.0.0.1", 7474, "7474"), ("127.0.0.1", 7687, "7687")}
    assert service["environment"]["NEO4J_AUTH"] == "neo4j/a-password-from-env"
    assert {volume["source"] for volume in service["volumes"] if volume["type"] == "volume"} >= {"neo4j-data"}
    assert service["healthcheck"]["test"][0] == "CMD-SHELL" and "RETURN 1" in service["healthcheck"]["test"][1]


def test_compose_refuses_to_start_without_a_password(tmp_path: Path) -> None:
    result = compose_config(tmp_path, {})
    assert result.returncode != 0
    assert "NEO4J_PASSWORD" in result.stderr


def test_no_real_password_is_committed_in_compose_or_env_example() -> None:
    assert 'NEO4J_AUTH: "neo4j/${NEO4J_PASSWORD' in COMPOSE_FILE.read_text()
    example = (REPO / ".env.example").read_text()
    assert "NEO4J_PASSWORD=change-me-please" in example
    assert not (REPO / ".env").exists() or ".env" in (REPO / ".gitignore").read_text().split()
