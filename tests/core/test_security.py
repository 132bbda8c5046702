"""CSRF, rate limits, cookies, body size limits, error pages and the health check."""

import re

import pytest
from limits import parse_many

from ideasluss.extensions import db
from tests.conftest import PASSWORD

LAYOUT = "Hoppa till huvudinnehållet"  # the skip link every page in the layout starts with


def html(response):
    return response.get_data(as_text=True)


# CSRF


@pytest.fixture
def csrf_client(make_app):
    return make_app(WTF_CSRF_ENABLED=True).test_client()


def form_token(response):
    return re.search(r'name="csrf_token"[^>]*?value="([^"]+)"', html(response)).group(1)


def htmx_token(response):
    """The token htmx sends: set once on <body> as an X-CSRFToken header for every request."""
    return re.search(r"""hx-headers='\{"X-CSRFToken": "([^"]+)"\}'""", html(response)).group(1)


def language(client):
    return re.search(r'<html lang="(\w+)">', html(client.get("/"))).group(1)


def test_a_post_without_csrf_token_is_refused_in_swedish(csrf_client):
    response = csrf_client.post("/language", data={"lang": "en", "next": "/"})

    assert response.status_code == 400
    page = html(response)
    assert "Formuläret har gått ut eller saknar säkerhetstoken." in page and LAYOUT in page
    assert language(csrf_client) == "sv"


def test_a_token_from_another_session_is_refused(csrf_client, make_app):
    stranger = make_app(WTF_CSRF_ENABLED=True).test_client()
    token = form_token(stranger.get("/login"))

    response = csrf_client.post("/language", data={"lang": "en", "csrf_token": token})

    assert response.status_code == 400


@pytest.mark.parametrize("how", ["form field", "htmx header"])
def test_the_csrf_token_is_accepted_in_the_form_or_the_htmx_header(csrf_client, how):
    page = csrf_client.get("/")
    if how == "form field":
        response = csrf_client.post(
            "/language", data={"lang": "en", "next": "/", "csrf_token": form_token(page)}
        )
    else:
        response = csrf_client.post(
            "/language",
            data={"lang": "en", "next": "/"},
            headers={"X-CSRFToken": htmx_token(page), "HX-Request": "true"},
        )

    assert response.status_code == 302
    assert language(csrf_client) == "en"


def test_sign_in_works_with_csrf_on(csrf_client, make_user):
    user = make_user(name="Cecilia Säker")
    token = form_token(csrf_client.get("/login"))

    response = csrf_client.post(
        "/login", data={"email": user.email, "password": PASSWORD, "csrf_token": token}
    )

    assert response.status_code == 302
    assert "Cecilia Säker" in html(csrf_client.get("/"))


# Rate limits


@pytest.mark.parametrize("path", ["/login", "/register", "/password/forgot"])
def test_auth_forms_are_rate_limited_with_a_page_in_the_layout(app, client, path):
    allowed = min(limit.amount for limit in parse_many(app.config["RATELIMIT_AUTH"]))

    answers = [client.post(path, data={}).status_code for _ in range(allowed)]
    refused = client.post(path, data={})

    assert 429 not in answers
    assert refused.status_code == 429 and "Retry-After" in refused.headers
    page = html(refused)
    assert "För många försök" in page and LAYOUT in page
    assert client.get(path).status_code == 200  # reading the form is not limited


# Cookies


def set_cookie(response, name):
    [cookie] = [c for c in response.headers.getlist("Set-Cookie") if c.startswith(name + "=")]
    return {part.strip().split("=")[0].lower() for part in cookie.split(";")[1:]}, cookie


@pytest.mark.parametrize("secure", [False, True], ids=["http", "https (production)"])
def test_session_and_remember_cookies_are_httponly_samesite_lax(
    app, client, make_user, monkeypatch, secure
):
    monkeypatch.setitem(app.config, "SESSION_COOKIE_SECURE", secure)
    monkeypatch.setitem(app.config, "REMEMBER_COOKIE_SECURE", secure)
    user = make_user()

    response = client.post(
        "/login", data={"email": user.email, "password": PASSWORD, "remember": "y"}
    )

    for name in ("session", "remember_token"):
        flags, cookie = set_cookie(response, name)
        assert "httponly" in flags and "samesite=lax" in cookie.lower()
        assert ("secure" in flags) is secure
    hsts = response.headers.get("Strict-Transport-Security")
    assert (hsts is not None) is secure


# Size limit and error pages


def test_an_oversized_body_gets_413_in_the_layout(app, client):
    too_big = app.config["MAX_CONTENT_LENGTH"] + 1

    response = client.post(
        "/login", data=b"x" * too_big, content_type="application/x-www-form-urlencoded"
    )

    assert response.status_code == 413
    page = html(response)
    assert "Det du skickade är större än vad som tillåts." in page and LAYOUT in page


def test_an_unexpected_error_gets_the_500_page_in_the_layout(make_app, caplog):
    other = make_app()

    @other.get("/trasig")
    def broken():
        raise ZeroDivisionError("oops")

    response = other.test_client().get("/trasig")

    assert response.status_code == 500
    page = html(response)
    assert "Något gick fel" in page and LAYOUT in page and "oops" not in page
    assert "ZeroDivisionError" in caplog.text


@pytest.mark.parametrize(
    ("method", "path", "code", "title"),
    [
        ("get", "/finns-inte", 404, "Sidan finns inte"),
        ("get", "/logout", 405, "Metoden är inte tillåten"),
        ("get", "/password/reset/trasig", 400, "Länken fungerar inte"),
    ],
)
def test_error_pages_are_in_swedish_in_the_layout(client, method, path, code, title):
    response = getattr(client, method)(path)

    assert response.status_code == code
    page = html(response)
    assert title in page and LAYOUT in page and '<html lang="sv">' in page


def test_error_pages_follow_the_chosen_language(client):
    client.post("/language", data={"lang": "en"})

    response = client.get("/finns-inte")

    assert response.status_code == 404 and '<html lang="en">' in html(response)


# Health check


def test_healthz_answers_503_when_the_database_is_unreachable(make_app, monkeypatch, tmp_path):
    broken = make_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/no/such/dir/db.sqlite")
    # The test's own session is bound to the test database; give the broken app its own.
    monkeypatch.setattr(db, "session", db._make_scoped_session({}))

    response = broken.test_client().get("/healthz")

    assert response.status_code == 503 and response.json == {"status": "unavailable"}
