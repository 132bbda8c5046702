"""User text: Markdown rendered, sanitised, and the same every time it is asked for."""

import threading

from ideasluss.core.text import render_markdown


def test_markdown_is_rendered_and_sanitised():
    html = render_markdown("# Rubrik\n\n**fet** <script>alert(1)</script> [x](javascript:alert(1))")

    assert "<h2>Rubrik</h2>" in html and "<h1>" not in html
    assert "<strong>fet</strong>" in html
    assert "<script>" not in html and "javascript:" not in html


def test_the_same_text_renders_the_same_each_time():
    text = "Se [länken](https://example.org) och\n\n| a | b |\n|---|---|\n| 1 | 2 |"

    first = render_markdown(text)

    assert render_markdown(text) == first
    assert 'rel="noopener nofollow ugc"' in first and "<table>" in first


def test_one_text_does_not_leak_into_the_next():
    """The converter is reused: a link reference defined in one text is unknown in the next."""
    render_markdown("[ref]: https://evil.example\n\nHej")

    assert render_markdown("Se [ref] här") == "<p>Se [ref] här</p>"
    assert render_markdown("1. ett\n2. två") == "<ol>\n<li>ett</li>\n<li>två</li>\n</ol>"


def test_threads_render_their_own_texts():
    texts = [f"Text **{i}**\n\n[r{i}]: https://example.org/{i}\n\n[r{i}]" for i in range(40)]
    results = {}

    def work(offset):
        for i in range(offset, 40, 4):
            results[i] = render_markdown(texts[i])

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    for i, html in results.items():
        assert f"<strong>{i}</strong>" in html
        assert f'href="https://example.org/{i}"' in html
