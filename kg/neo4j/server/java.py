"""The Java side of the local server: a Java 17+ runtime, the JVM flags of Neo4j's own start script, neo4j-admin.

The server runs `org.neo4j.server.CommunityEntryPoint` in one JVM (what `neo4j console` would
fork), and neo4j-admin runs `Neo4jAdminCommand` with the same jars and configuration.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

from kg.errors import KgError

__all__ = ["ADMIN_ENTRY_POINT", "ENTRY_POINT", "JVM_FLAGS", "require_java", "run_admin"]

ENTRY_POINT = "org.neo4j.server.CommunityEntryPoint"
ADMIN_ENTRY_POINT = "org.neo4j.server.startup.Neo4jAdminCommand"

# The JVM flags of Neo4j's own neo4j.conf template (server.jvm.additional); the bootloader
# would add them, so a direct start must too (java.nio must be open on Java 17).
JVM_FLAGS = (
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+UnlockExperimentalVMOptions",
    "-XX:+TrustFinalNonStaticFields",
    "-XX:+DisableExplicitGC",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--enable-native-access=ALL-UNNAMED",
    "-Dlog4j2.disable.jmx=true",
    "-Dfile.encoding=UTF-8",
)


def require_java() -> str:
    """The path of a Java 17+ runtime, or a KgError saying how to get one."""
    java = (
        shutil.which("java", path=os.path.join(os.environ["JAVA_HOME"], "bin")) if os.environ.get("JAVA_HOME") else None
    )
    java = java or shutil.which("java")
    if java is None:
        raise KgError(
            "Java not found (PATH/JAVA_HOME); the local Neo4j needs Java 17 or 21: "
            "install it (e.g. apt-get install openjdk-17-jre-headless) or use Docker: docker compose up -d"
        )
    result = subprocess.run([java, "-version"], capture_output=True, text=True)
    match = re.search(r'version "(\d+)', result.stderr + result.stdout)
    if match is None or int(match.group(1)) < 17:
        found = match.group(1) if match else "unknown"
        raise KgError(
            f"Java {found} found at {java}, but the local Neo4j needs Java 17 or 21; install one and set JAVA_HOME"
        )
    return java


def run_admin(
    home: Path, conf_dir: Path, lib_dir: Path, arguments: list[str], check_output: bool = False
) -> subprocess.CompletedProcess[str]:
    """Run `neo4j-admin <arguments>` (e.g. `database import full ...`) against the server in `home`."""
    environment = dict(os.environ, NEO4J_HOME=str(home), NEO4J_CONF=str(conf_dir))
    return subprocess.run(
        [require_java(), "-cp", f"{lib_dir}/*", f"-Dbasedir={home}", ADMIN_ENTRY_POINT, *arguments],
        env=environment,
        cwd=home,  # relative outputs such as import.report land in the home, not the caller's folder
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        check=check_output,
    )
