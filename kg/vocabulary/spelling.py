"""Spelling rules every stage shares: how a name's variant is told from its family.

A sized or tuned variant of a model or dataset carries its size or tuning after the family's name
("Qwen2.5-VL-7B-Instruct", "Llama-2-7B", "ImageNet-1K"); `version_family` strips it.
"""

from __future__ import annotations

import re

__all__ = ["version_family"]

# Sizes and tunings written after a model's or dataset's name: "-7B", " 72B", "-Instruct", "-Base", "-1K".
_VARIANT_TAIL = re.compile(
    r"(?:[-\s](?:\d+(?:\.\d+)?[KMBT]|\d+x\d+B|Instruct|Chat|Base|Large|Small|Tiny|Mini|Preview))+$", re.IGNORECASE
)


def version_family(name: str) -> str | None:
    """The family a sized or tuned variant belongs to ("Qwen2.5-VL-7B-Instruct" -> "Qwen2.5-VL",
    "Llama-2-7B" -> "Llama-2", "ImageNet-1K" -> "ImageNet"); None when `name` is no such variant."""
    family = _VARIANT_TAIL.sub("", name)
    return family if family != name and any(char.isalpha() for char in family) else None
