"""Locale choice: Swedish by default, English when the visitor or user has chosen it."""
from flask import current_app, has_request_context, session
from flask_login import current_user


def select_locale():
    """The language chosen in this session, then the user's saved choice, then Swedish.

    Outside a request (CLI commands, background jobs) there is no session: Swedish.
    """
    languages = current_app.config["LANGUAGES"]
    default = current_app.config["BABEL_DEFAULT_LOCALE"]
    if not has_request_context():
        return default
    chosen = session.get("lang")
    if chosen in languages:
        return chosen
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    return default
