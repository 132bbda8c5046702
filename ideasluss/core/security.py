"""Security headers, safe redirects and the error pages."""

from urllib.parse import urlsplit

from flask import current_app, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from ..extensions import db

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)

ERROR_TEXTS = {
    400: (
        _l("Felaktig begäran"),
        _l("Begäran kunde inte behandlas. Kontrollera uppgifterna och försök igen."),
    ),
    403: (_l("Åtkomst nekad"), _l("Du har inte behörighet att se den här sidan.")),
    404: (_l("Sidan finns inte"), _l("Sidan du söker finns inte eller har flyttats.")),
    405: (_l("Metoden är inte tillåten"), _l("Sidan kan inte användas på det här sättet.")),
    413: (_l("Filen är för stor"), _l("Det du skickade är större än vad som tillåts.")),
    429: (
        _l("För många försök"),
        _l("Du har gjort för många försök. Vänta en stund och försök igen."),
    ),
    500: (_l("Något gick fel"), _l("Ett oväntat fel inträffade. Försök igen om en stund.")),
}


def is_safe_next(target):
    """True when `target` is a path on this site (no scheme, host or protocol-relative trick)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc


def redirect_next(default_endpoint, **values):
    """Redirect to ?next= (or the form's next) when it stays on this site, else to a default."""
    target = request.values.get("next")
    if is_safe_next(target):
        return redirect(target)
    return redirect(url_for(default_endpoint, **values))


def render_error(code, message=None):
    title, text = ERROR_TEXTS.get(code, ERROR_TEXTS[500])
    return render_template("errors.html", code=code, title=title, text=message or text), code


def init_app(app):
    @app.after_request
    def security_headers(response):
        headers = response.headers
        headers.setdefault("Content-Security-Policy", CSP)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Referrer-Policy", "same-origin")
        headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        if app.config["SESSION_COOKIE_SECURE"]:
            headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        return response

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return render_error(
            400,
            _l(
                "Formuläret har gått ut eller saknar säkerhetstoken. "
                "Ladda om sidan och försök igen."
            ),
        )

    @app.errorhandler(HTTPException)
    def http_error(error):
        if error.code in ERROR_TEXTS:
            return render_error(error.code)
        return error

    @app.errorhandler(Exception)
    def server_error(error):
        current_app.logger.exception("Unhandled error")
        db.session.rollback()
        return render_error(500)
