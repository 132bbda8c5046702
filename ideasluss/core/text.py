"""User text: Markdown rendered and sanitised, so nobody's text can run script in another's page."""

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


def render_markdown(text):
    """Markdown to HTML with only harmless tags; links get rel=noopener nofollow."""
    html = markdown.markdown(text, extensions=["tables", "sane_lists"], output_format="html")
    # Headings in user text start at h2 so the page's own h1 stays the only one.
    html = html.replace("<h1>", "<h2>").replace("</h1>", "</h2>")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href", "title"}, "th": {"align"}, "td": {"align"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener nofollow ugc",
    )
