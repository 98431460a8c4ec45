"""User-facing errors: one line that says what failed and what to do."""


class KgError(Exception):
    """An expected failure; the CLI prints its message as one line and exits non-zero."""
