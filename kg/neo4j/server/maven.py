"""The local server's jars: Neo4j Community and Neo4j Browser, resolved once from Maven Central.

`pom.xml` beside this file names them; the first start copies them with Maven into the home's
`lib/` (through a `.partial` folder, so an interrupted download is never taken for a complete one).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from kg.errors import KgError
from kg.neo4j.server.java import require_java
from kg.neo4j.server.processes import last_line

__all__ = ["NEO4J_VERSION", "POM", "ensure_jars"]

NEO4J_VERSION = "5.26.30"
POM = Path(__file__).with_name("pom.xml")


def ensure_jars(lib_dir: Path) -> Path:
    """Resolve the server jars into `lib_dir` with Maven once; later calls reuse them without network."""
    marker = lib_dir / ".kg-neo4j-version"
    if marker.is_file() and marker.read_text().strip() == NEO4J_VERSION:
        return lib_dir
    require_java()
    mvn = shutil.which("mvn")
    if mvn is None:
        raise KgError(
            "Maven (mvn) not found on PATH; it is needed once to fetch Neo4j from Maven Central: "
            "install it (e.g. apt-get install maven) or use Docker: docker compose up -d"
        )
    lib_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = lib_dir.with_name(lib_dir.name + ".partial")
    shutil.rmtree(staging, ignore_errors=True)
    result = subprocess.run(
        [mvn, "-q", "-B", "-f", str(POM), "dependency:copy-dependencies", f"-DoutputDirectory={staging}"],
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        reason = last_line(result.stdout + result.stderr)
        raise KgError(
            f"Maven could not fetch Neo4j {NEO4J_VERSION} from Maven Central ({reason}); check network access to "
            "Maven Central and retry"
        )
    (staging / ".kg-neo4j-version").write_text(NEO4J_VERSION + "\n")
    shutil.rmtree(lib_dir, ignore_errors=True)
    staging.rename(lib_dir)
    return lib_dir
