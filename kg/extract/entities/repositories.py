"""Code and project URLs of a paper -> `HAS_CODE` links to Repository entities keyed by normalized URL.

What counts as a code/project URL:
- every URL written in the title or abstract (with or without "http(s)://", e.g.
  "gaplab.cuhk.edu.cn/projects/RaBit"), except links to papers and identifiers: arXiv, DOI,
  OpenReview, ACL Anthology, Semantic Scholar, Google Scholar and Hugging Face paper pages;
- from `paper.urls` (which normally hold the paper's own arXiv/PDF/landing pages) only URLs on a
  code host (GitHub, GitLab, Bitbucket, Hugging Face, Codeberg, ...) or a project-page host
  ("*.github.io", "*.gitlab.io", "*.readthedocs.io", ...).
Normalization: https scheme, lowercase host without "www.", no fragment, no trailing
punctuation, slash or ".git"; the path (including meaningful subpaths such as
".../tree/main/projects/kv-prediction") is kept with its case.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from kg.extract.paper_text import PaperText
from kg.records import Entity, Label, Link, Relation
from kg.urls import find_url_spans, normalize_url

__all__ = ["CODE_HOSTS", "repository_entity", "repository_links"]

CODE_HOSTS = frozenset(
    {"github.com", "gitlab.com", "bitbucket.org", "huggingface.co", "codeberg.org", "gitee.com", "sourceforge.net"}
)
_PROJECT_PAGE_SUFFIXES = (".github.io", ".gitlab.io", ".readthedocs.io", ".pages.dev", ".netlify.app", ".vercel.app")
_PAPER_HOSTS = frozenset(
    {
        "arxiv.org",
        "export.arxiv.org",
        "doi.org",
        "dx.doi.org",
        "openreview.net",
        "aclanthology.org",
        "semanticscholar.org",
        "api.semanticscholar.org",
        "scholar.google.com",
        "papers.nips.cc",
        "proceedings.neurips.cc",
        "proceedings.mlr.press",
        "ieeexplore.ieee.org",
        "dl.acm.org",
    }
)


def repository_entity(url: str) -> Entity:
    """The Repository entity of a normalized URL: name/owner from code-host paths, else the bare URL."""
    parts = urlsplit(url)
    host = parts.netloc
    segments = [segment for segment in parts.path.split("/") if segment]
    properties: list[tuple[str, str]] = [("url", url), ("host", host)]
    name = url.removeprefix("https://")
    if host in CODE_HOSTS and segments:
        if host == "huggingface.co" and segments[0] in {"spaces", "datasets", "models"} and len(segments) > 1:
            segments = segments[1:]
        properties.append(("owner", segments[0]))
        name = segments[1] if len(segments) > 1 else segments[0]
    return Entity(Label.REPOSITORY, url, name, (), tuple(properties))


def repository_links(text: PaperText) -> list[Link]:
    """`HAS_CODE` links for every code/project URL of a paper, one per normalized URL."""
    found: dict[str, str] = {}
    paper = text.paper
    for sentence in text.sentences:
        for start, end in find_url_spans(sentence):
            url = sentence[start:end]
            normalized = normalize_url(url)
            if _is_code_or_project_url(normalized, written_in_text=True):
                found.setdefault(normalized, sentence)
    for url in paper.urls:
        normalized = normalize_url(url)
        if _is_code_or_project_url(normalized, written_in_text=False):
            found.setdefault(normalized, url)
    return [Link(Relation.HAS_CODE, repository_entity(url), evidence) for url, evidence in found.items()]


def _is_code_or_project_url(url: str, written_in_text: bool) -> bool:
    """Whether a normalized URL points at code or a project page (see the module docstring)."""
    parts = urlsplit(url)
    host = parts.netloc
    if host in _PAPER_HOSTS or any(host.endswith("." + paper_host) for paper_host in _PAPER_HOSTS):
        return False
    if host == "huggingface.co" and parts.path.startswith("/papers"):
        return False
    is_code_host = host in CODE_HOSTS and parts.path.strip("/") != ""
    return written_in_text or is_code_host or host.endswith(_PROJECT_PAGE_SUFFIXES)
