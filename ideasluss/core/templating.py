"""Template filters and the values every page needs."""

from datetime import UTC, datetime
from functools import lru_cache

from babel import dates
from flask import request, url_for
from flask_babel import get_locale, get_timezone
from flask_login import current_user
from markupsafe import Markup

from . import i18n
from .text import render_markdown


@lru_cache(maxsize=8192)
def _formatted(kind, value, fmt, locale, tz):
    """Babel's formatting as Flask-Babel's does it (naive times are UTC, shown in `tz`), kept:
    a page of comments formats dozens of times at some 30 µs each, the same ones every view."""
    if kind == "datetime":
        return dates.format_datetime(value, fmt, tzinfo=tz, locale=locale)
    if isinstance(value, datetime):
        value = (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(tz)
    return dates.format_date(value, fmt, locale=locale)


def init_app(app):
    app.jinja_env.filters["date"] = lambda value, fmt="medium": (
        _formatted("date", value, fmt, get_locale(), get_timezone()) if value else ""
    )
    app.jinja_env.filters["datetime"] = lambda value, fmt="short": (
        _formatted("datetime", value, fmt, get_locale(), get_timezone()) if value else ""
    )
    app.jinja_env.filters["markdown"] = lambda text: Markup(render_markdown(text or ""))  # noqa: S704 (sanitised by nh3)
    app.jinja_env.filters["sek"] = format_sek
    app.jinja_env.add_extension("jinja2.ext.do")
    from ..accounts.models import ROLES, UNIT_KINDS

    app.jinja_env.globals.update(role_labels=ROLES, unit_kinds=UNIT_KINDS)

    @app.context_processor
    def page_globals():
        from ..notifications.queries import unread_count

        return {
            **i18n.bound_gettext(),
            "current_locale": str(get_locale()),
            "current_path": request.full_path.rstrip("?"),
            # Called by the navigation only, so fragments don't pay for the query.
            "unread_notifications": lambda: unread_count(current_user),
        }


def format_sek(amount):
    """Whole kronor with a thin space as thousands separator, as Swedish texts write them."""
    if amount is None:
        return ""
    return f"{amount:,}".replace(",", "\u00a0") + "\u00a0kr"


def link_by_id(endpoint, key):
    """`id -> url_for(endpoint, key=id)` for an integer id, building the URL once rather than
    once a row (the rest is string work)."""
    probe = url_for(endpoint, **{key: 987654321})
    if probe.count("987654321") != 1:
        return lambda value: url_for(endpoint, **{key: value})
    before, _sentinel, after = probe.partition("987654321")
    return lambda value: f"{before}{value:d}{after}"
