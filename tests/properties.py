"""Hypothesis profiles for kg's property tests: derandomized by default, a wider random search on request.

The README's test command runs the `ci` profile: a fixed seed per test, so the suite passes or fails
the same way every time. `HYPOTHESIS_PROFILE=wide ./scripts/test.sh -k <test>` searches with a random
seed and ten times the examples; whatever it finds is kept as an explicit `@example` in the test.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")
_SCALE = {"ci": 1, "wide": 10}

settings.register_profile("ci", derandomize=True, database=None, deadline=None, print_blob=True)
settings.register_profile("wide", derandomize=False, deadline=None, print_blob=True)
if PROFILE not in _SCALE:
    raise RuntimeError(f"HYPOTHESIS_PROFILE={PROFILE!r}: use ci (default) or wide")
settings.load_profile(PROFILE)


def property_settings(examples: int, *, slow: bool = False) -> settings:
    """`settings` for one property test: `examples` cases under `ci`, ten times as many under `wide`.

    `slow` tests (a Neo4j round trip per case) also skip hypothesis's too-slow health check.
    """
    checks = [HealthCheck.too_slow] if slow else []
    return settings(max_examples=examples * _SCALE[PROFILE], suppress_health_check=checks)
