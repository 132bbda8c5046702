import pytest

from ideasluss.core.security import is_safe_next


def test_start_page_is_swedish(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert '<html lang="sv">' in html
    assert "sänka trösklarna för att gå från idé till förstudie eller pilotprojekt" in html


def test_healthz_answers_when_database_is_reachable(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok"}


def test_security_headers(client):
    headers = client.get("/").headers
    csp = headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize(
    ("target", "safe"),
    [
        ("/ideas?x=1", True),
        ("/", True),
        ("//evil.example", False),
        ("https://evil.example/", False),
        ("/\\evil.example", False),
        ("javascript:alert(1)", False),
        ("", False),
        (None, False),
    ],
)
def test_next_redirect_stays_on_site(target, safe):
    assert is_safe_next(target) is safe


def test_language_switch_to_english(client):
    response = client.post("/language", data={"lang": "en", "next": "/"}, follow_redirects=True)
    html = response.get_data(as_text=True)
    assert '<html lang="en">' in html
