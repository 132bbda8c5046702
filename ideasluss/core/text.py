"""User text: Markdown rendered and sanitised, so nobody's text can run script in another's page."""

import threading
from functools import lru_cache

import markdown
import nh3

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "ul",
    "ol",
    "li",
    "a",
    "blockquote",
    "code",
    "pre",
    "h2",
    "h3",
    "h4",
    "hr",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}

# Rendering is a pure function of the text and costs about a millisecond, so a page that shows
# many texts (an idea with fifty comments) would spend most of its time here. The cache keeps the
# most recently shown texts: a few hundred kB per process for texts as people write them (an
# idea's texts may be up to 20,000 characters each, so in theory some tens of MB).
CACHE_SIZE = 1024

# A Markdown converter is costly to build but not safe to share between threads: one each.
_local = threading.local()


def _converter():
    md = getattr(_local, "md", None)
    if md is None:
        md = _local.md = markdown.Markdown(
            extensions=["tables", "sane_lists"], output_format="html"
        )
    return md


@lru_cache(maxsize=CACHE_SIZE)
def render_markdown(text):
    """Markdown to HTML with only harmless tags; links get rel=noopener nofollow."""
    md = _converter()
    try:
        html = md.convert(text)
    finally:
        md.reset()
    # Headings in user text start at h2 so the page's own h1 stays the only one.
    html = html.replace("<h1>", "<h2>").replace("</h1>", "</h2>")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href", "title"}, "th": {"align"}, "td": {"align"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener nofollow ugc",
    )
