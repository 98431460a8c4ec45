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

import re
from urllib.parse import urlsplit

from kg.extract.paper_text import PaperText
from kg.records import Entity, Label, Link, Relation
from kg.urls import trim_url_tail

__all__ = ["CODE_HOSTS", "find_urls", "normalize_url", "repository_entity", "repository_links", "url_spans"]

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
_TOP_LEVEL_DOMAINS = (
    "com|org|net|io|edu|gov|ai|dev|app|co|me|info|xyz|tech|page|site|science|cn|uk|de|fr|jp|kr|ch|ca|au|nl|"
    "se|it|es|in|ru|sg|hk|tw|il|at|be|dk|fi|no|pl|br|eu|us"
)
_URL = re.compile(
    r"(?:https?://|www\.)[^\s<>\"'`{}|\\^]+"
    rf"|(?<![\w@./-])(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+(?:{_TOP_LEVEL_DOMAINS})/[^\s<>\"'`{{}}|\\^]*",
    re.IGNORECASE,
)


def find_urls(text: str) -> list[str]:
    """URLs written in `text` (scheme optional), as written minus trailing punctuation, in order."""
    return [text[start:end] for start, end in url_spans(text)]


def url_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every URL in `text`, trailing punctuation excluded (other extractors skip these)."""
    return [
        (match.start(), match.start() + len(trim_url_tail(match.group(), also="/"))) for match in _URL.finditer(text)
    ]


def normalize_url(url: str) -> str:
    """The canonical spelling of a code/project URL (https, bare host, no trailing junk or .git)."""
    url = trim_url_tail(url.strip(), also="/")
    if not re.match(r"https?://", url, re.IGNORECASE):
        url = "https://" + url
    parts = urlsplit(url)
    host = parts.netloc.lower().removeprefix("www.")
    path = parts.path.rstrip("/")
    path = path.removesuffix(".git").rstrip("/")
    query = f"?{parts.query}" if parts.query else ""
    return f"https://{host}{path}{query}"


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
        for url in find_urls(sentence):
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
