"""The `kg` command line (`main`): a thin layer over the library, one module per group of commands.

`main` holds the group itself (one-line errors, signals, logging, progress bars); `options` the options
several commands share; `server` is kg neo4j start|stop|status; `build` kg sources, build and cache;
`database` kg ping, load and query; `files` kg export and eval. Importing this package registers them all.
"""

from kg.cli import build, database, files, server
from kg.cli.main import main

__all__ = ["build", "database", "files", "main", "server"]
