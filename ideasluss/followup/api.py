"""The open data API (/api/v1): public ideas, challenges, units and the ILS indicators.

Read-only (GET), open to everyone (CORS `*`), CSRF-exempt since nothing changes. Described by
the OpenAPI 3.1 document at /api/v1/openapi.json (openapi.py), which the answers match.

- Only public ideas in the listed states (not drafts, merged or withdrawn ideas); an internal
  idea or a draft answers 404, exactly like one that does not exist.
- No e-mail addresses and no internal fields (coach, mentor notes, motivations,
  classification); a person appears only as the name they chose to show (User.public_name:
  "Anonym" for residents who hide their name and for deleted accounts).
- Every answer has a weak ETag (a hash of the body) and answers If-None-Match with 304.
  The body depends on the idea rows and on what they show of units, challenges and people, so
  hashing the body is what keeps a cached copy from outliving a name that was hidden.
- The texts are Swedish whatever the visitor's language; bad parameters answer 400 with a
  message in Swedish and English.
"""

import base64
import csv
import functools
import hashlib
import io
import json
import re
from datetime import date, datetime, timedelta

from flask import Blueprint, Response, request, url_for
from flask_babel import force_locale
from sqlalchemy import func, select

from ..accounts.models import UNIT_KINDS, Unit, User
from ..extensions import csrf, db
from ..ideas.models import (
    THEMES,
    VALUE_KINDS,
    Adoption,
    Challenge,
    GateDecision,
    Idea,
    IdeaTheme,
)
from ..ideas.states import LISTED_STATES, STATES
from . import accounts as acc
from . import indicators as ind
from .openapi import CURSOR_PATTERN, document

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)

DEFAULT_LIMIT = 20
MAX_LIMIT = 100
MAX_ID = 2**31 - 1
PUBLIC_STATES = [s for s in STATES if s in LISTED_STATES]
CSV_BATCH = 500
CURSOR = re.compile(CURSOR_PATTERN)


class ApiError(Exception):
    """An answer other than 200: status, a code, the parameter at fault, and the message."""

    def __init__(self, status, code, sv, en, parameter=None):
        super().__init__(code)
        self.status, self.code, self.sv, self.en, self.parameter = status, code, sv, en, parameter


def bad_parameter(name, sv, en):
    return ApiError(400, "invalid_parameter", sv, en, parameter=name)


def not_found(sv="Resursen finns inte.", en="The resource does not exist."):
    return ApiError(404, "not_found", sv, en)


def error_body(error):
    return {
        "error": {
            "code": error.code,
            "parameter": error.parameter,
            "message": {"sv": error.sv, "en": error.en},
        }
    }


def _cors(response):
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Expose-Headers"] = "ETag"
    if request.method == "OPTIONS":  # a preflight, e.g. for a script sending If-None-Match
        response.headers["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
        response.headers["Access-Control-Allow-Headers"] = "If-None-Match"
        response.headers["Access-Control-Max-Age"] = "86400"
    return response


@bp.errorhandler(ApiError)
def _api_error(error):
    return _cors(_json_response(error_body(error), status=error.status, etag=False))


@bp.after_request
def _after(response):
    return _cors(response)


@bp.app_errorhandler(404)
def _not_found(error):
    """JSON for unknown paths under /api/; every other page keeps the site's error page."""
    if request.path.startswith("/api/"):
        return _api_error(not_found())
    from ..core.security import render_error

    return render_error(404)


@bp.app_errorhandler(405)
def _method_not_allowed(error):
    """The API is read-only: 405 with the methods that are allowed (Allow), as JSON."""
    if request.path.startswith("/api/"):
        response = _api_error(
            ApiError(
                405,
                "method_not_allowed",
                "Bara GET är tillåtet.",
                "Only GET is allowed.",
            )
        )
        allowed = getattr(error, "valid_methods", None) or ["GET", "HEAD", "OPTIONS"]
        response.headers["Allow"] = ", ".join(allowed)
        return response
    from ..core.security import render_error

    return render_error(405)


# Answers


def _json_bytes(data):
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=False).encode()


def _conditional(body, mimetype, status=200, etag=True):
    response = Response(body, status=status, mimetype=mimetype)
    if etag and status == 200:
        tag = hashlib.sha256(body).hexdigest()[:32]
        response.set_etag(tag, weak=True)
        response.headers["Cache-Control"] = "public, no-cache"
        if request.if_none_match and request.if_none_match.contains_weak(tag):
            response = Response(status=304)
            response.set_etag(tag, weak=True)
            response.headers["Cache-Control"] = "public, no-cache"
    return response


def _json_response(data, status=200, etag=True):
    return _conditional(_json_bytes(data), "application/json", status, etag)


def _csv_response(header, rows, filename):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_csv_cell(v) for v in row])
    response = _conditional(out.getvalue().encode(), "text/csv")
    if response.status_code == 200:
        response.mimetype = "text/csv"
        response.headers["Content-Type"] = "text/csv; charset=utf-8"
        response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _csv_cell(value):
    """Plain values; text a spreadsheet would run as a formula gets a leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    if isinstance(value, str) and text.startswith(("=", "+", "-", "@", "\t", "\r")):
        return "'" + text
    return text


def _time(value):
    if value is None:
        return None
    return value.isoformat(timespec="seconds") + "Z"


# Parameters


def _int_param(name, minimum=1, maximum=MAX_ID):
    raw = request.args.get(name)
    if raw is None:
        return None
    if not raw.isdigit() or len(raw) > 10 or not minimum <= int(raw) <= maximum:
        raise bad_parameter(
            name,
            f"{name} ska vara ett heltal från {minimum} till {maximum}.",
            f"{name} must be an integer from {minimum} to {maximum}.",
        )
    return int(raw)


def _choice_param(name, choices):
    raw = request.args.get(name)
    if raw is None:
        return None
    if raw not in choices:
        raise bad_parameter(
            name,
            f"Okänt värde för {name}. Tillåtna: {', '.join(choices)}.",
            f"Unknown value for {name}. Allowed: {', '.join(choices)}.",
        )
    return raw


ISO_8601 = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})"
    r"(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*([Zz]|[+-]\d{2}(?::?\d{2})?)?)?$"
)


def parse_iso8601(raw):
    """A date or date-time (RFC 3339 and the common ISO 8601 forms) as naive UTC; ValueError
    when it is not one. Without a time zone the time is taken as UTC."""
    match = ISO_8601.match(raw or "")
    if match is None:
        raise ValueError(raw)
    year, month, day, hour, minute, second, fraction, zone = match.groups()
    moment = datetime(
        max(1, int(year)),
        int(month),
        int(day),
        int(hour or 0),
        int(minute or 0),
        min(59, int(second or 0)),  # a leap second counts as the second before it
        int((fraction or "0")[:6].ljust(6, "0")),
    )
    if zone and zone not in "Zz":
        sign = -1 if zone[0] == "-" else 1
        digits = zone[1:].replace(":", "")
        offset = timedelta(hours=int(digits[:2]), minutes=int(digits[2:4] or 0))
        try:
            moment -= sign * offset
        except OverflowError:
            moment = datetime.min if sign > 0 else datetime.max
    return moment


def _since_param():
    raw = request.args.get("updated_since")
    if raw is None:
        return None
    try:
        return parse_iso8601(raw.strip())
    except ValueError:
        raise bad_parameter(
            "updated_since",
            "updated_since ska vara ett datum eller en tidpunkt enligt ISO 8601, "
            "t.ex. 2026-01-31 eller 2026-01-31T12:00:00Z.",
            "updated_since must be an ISO 8601 date or date-time, "
            "e.g. 2026-01-31 or 2026-01-31T12:00:00Z.",
        ) from None


def encode_cursor(last_id):
    """An opaque cursor: the last id shown, as six URL-safe characters."""
    return base64.urlsafe_b64encode(last_id.to_bytes(4, "big")).decode().rstrip("=")


def _cursor_param():
    raw = request.args.get("cursor")
    if raw is None:
        return None
    if not CURSOR.match(raw):
        raise bad_parameter(
            "cursor",
            "Ogiltig cursor. Använd värdet next_cursor från föregående sida.",
            "Invalid cursor. Use the next_cursor value of the previous page.",
        )
    after = int.from_bytes(base64.urlsafe_b64decode(raw + "=="), "big")
    return min(after, MAX_ID)


# Ideas


def public_ideas():
    """Public ideas in the listed states: the only ideas the API ever shows."""
    return select(Idea).where(Idea.visibility == "public", Idea.state.in_(PUBLIC_STATES))


@functools.cache
def _public_idea_rows():
    """The public ideas as rows of just what the API shows of them (see `idea_data`): no ORM
    objects, none of the columns it never shows, and the themes in the same query (joined by
    commas: theme codes have none). Built once: the filters of a request add to it."""
    themes = (
        select(func.aggregate_strings(IdeaTheme.theme, ","))
        .where(IdeaTheme.idea_id == Idea.id)
        .correlate(Idea)
        .scalar_subquery()
    )
    return (
        select(
            Idea.id,
            Idea.title,
            Idea.problem,
            Idea.proposal,
            Idea.value,
            *[getattr(Idea, f"value_{kind}") for kind in VALUE_KINDS],
            themes.label("themes"),
            Idea.state,
            Unit.id.label("unit_id"),
            Unit.name.label("unit_name"),
            Challenge.id.label("challenge_id"),
            Challenge.title.label("challenge_title"),
            User.display_name,
            User.show_name,
            User.deleted_at,
            Idea.vote_count,
            Idea.comment_count,
            Idea.created_at,
            Idea.submitted_at,
            Idea.state_changed_at,
            Idea.updated_at,
        )
        .join(User, User.id == Idea.owner_id)
        .outerjoin(Unit, Unit.id == Idea.unit_id)
        .outerjoin(Challenge, Challenge.id == Idea.challenge_id)
        .where(Idea.visibility == "public", Idea.state.in_(PUBLIC_STATES))
    )


def _filtered_ideas():
    stmt = _public_idea_rows()
    state = _choice_param("state", PUBLIC_STATES)
    unit = _int_param("unit")
    theme = _choice_param("theme", list(THEMES))
    challenge = _int_param("challenge")
    since = _since_param()
    if state:
        stmt = stmt.where(Idea.state == state)
    if unit:
        stmt = stmt.where(Idea.unit_id == unit)
    if theme:
        stmt = stmt.where(Idea.id.in_(select(IdeaTheme.idea_id).where(IdeaTheme.theme == theme)))
    if challenge:
        stmt = stmt.where(Idea.challenge_id == challenge)
    if since:
        stmt = stmt.where(Idea.updated_at >= since)
    return stmt


def _ideas_data(rows):
    """The ideas of `rows` (from `_public_idea_rows`) as the API shows them."""
    # url_for once: every idea's address is the same but for its id.
    mark = str(MAX_ID)
    address = url_for("ideas.detail", idea_id=MAX_ID, _external=True)
    prefix, suffix = address.rsplit(mark, 1)
    labels = {}
    with force_locale("sv"):
        return [idea_data(row, labels, prefix, suffix) for row in rows]


def idea_data(row, labels, prefix, suffix):
    """An idea as the API shows it (see the Idea schema in openapi.py). `labels` keeps the state
    labels of one answer, in Swedish (the caller forces the locale)."""
    state = row.state
    label = labels.get(state)
    if label is None:
        label = labels[state] = str(STATES[state])
    return {
        "id": row.id,
        "title": row.title,
        "problem": row.problem or "",
        "proposal": row.proposal or "",
        "value": row.value or "",
        "value_kinds": Idea.value_kinds.fget(row),
        "themes": sorted(row.themes.split(",")) if row.themes else [],
        "state": state,
        "state_label": label,
        "unit": {"id": row.unit_id, "name": row.unit_name} if row.unit_id is not None else None,
        "challenge": (
            {"id": row.challenge_id, "title": row.challenge_title}
            if row.challenge_id is not None
            else None
        ),
        "submitted_by": User.public_name.fget(row),
        "vote_count": row.vote_count,
        "comment_count": row.comment_count,
        "created_at": _time(row.created_at),
        "submitted_at": _time(row.submitted_at),
        "state_changed_at": _time(row.state_changed_at),
        "updated_at": _time(row.updated_at),
        "url": f"{prefix}{row.id}{suffix}",
    }


@bp.get("/ideas")
def ideas():
    """A page of public ideas, oldest first; `next_cursor` continues where this page ended."""
    limit = _int_param("limit", 1, MAX_LIMIT) or DEFAULT_LIMIT
    after = _cursor_param()
    stmt = _filtered_ideas()
    if after is not None:
        stmt = stmt.where(Idea.id > after)
    rows = db.session.execute(stmt.order_by(Idea.id).limit(limit + 1)).all()
    more = len(rows) > limit
    rows = rows[:limit]
    return _json_response(
        {
            "items": _ideas_data(rows),
            "limit": limit,
            "next_cursor": encode_cursor(rows[-1].id) if more and rows else None,
        }
    )


IDEA_CSV = (
    "id",
    "title",
    "problem",
    "proposal",
    "value",
    "value_kinds",
    "themes",
    "state",
    "state_label",
    "unit_id",
    "unit_name",
    "challenge_id",
    "challenge_title",
    "submitted_by",
    "vote_count",
    "comment_count",
    "created_at",
    "submitted_at",
    "state_changed_at",
    "updated_at",
    "url",
)


def _idea_csv_row(data):
    unit, challenge = data["unit"] or {}, data["challenge"] or {}
    values = dict(data)
    values.update(
        value_kinds="|".join(data["value_kinds"]),
        themes="|".join(data["themes"]),
        unit_id=unit.get("id"),
        unit_name=unit.get("name"),
        challenge_id=challenge.get("id"),
        challenge_title=challenge.get("title"),
    )
    return [values[name] for name in IDEA_CSV]


@bp.get("/ideas.csv")
def ideas_csv():
    """Every public idea matching the filters, as CSV (the same fields; lists joined by |)."""
    base = _filtered_ideas().order_by(Idea.id)
    rows, after = [], 0
    while True:
        batch = db.session.execute(base.where(Idea.id > after).limit(CSV_BATCH)).all()
        rows += [_idea_csv_row(data) for data in _ideas_data(batch)]
        if len(batch) < CSV_BATCH:
            break
        after = batch[-1].id
    return _csv_response(IDEA_CSV, rows, "ideas.csv")


def _public_idea(idea_id):
    if idea_id > MAX_ID:
        raise not_found("Idén finns inte.", "The idea does not exist.")
    row = db.session.execute(_public_idea_rows().where(Idea.id == idea_id)).first()
    if row is None:
        raise not_found("Idén finns inte.", "The idea does not exist.")
    return row


@bp.get("/ideas/<int:idea_id>")
def idea(idea_id):
    """One public idea with its history (the gate decisions, without motivations) and the
    units that have adopted it."""
    found = _public_idea(idea_id)
    history = db.session.execute(
        select(GateDecision.from_state, GateDecision.to_state, GateDecision.created_at)
        .where(GateDecision.idea_id == found.id)
        .order_by(GateDecision.created_at, GateDecision.id)
    ).all()
    adoptions = db.session.execute(
        select(Unit.id, Unit.name, Adoption.created_at)
        .join(Adoption, Adoption.unit_id == Unit.id)
        .where(Adoption.idea_id == found.id)
        .order_by(Adoption.created_at, Adoption.id)
    ).all()
    (data,) = _ideas_data([found])
    data["history"] = [{"from_state": f, "to_state": t, "at": _time(at)} for f, t, at in history]
    data["adoptions"] = [
        {"unit": {"id": uid, "name": name}, "at": _time(at)} for uid, name, at in adoptions
    ]
    return _json_response(data)


# Challenges and units


def _challenges():
    challenges = db.session.scalars(
        select(Challenge).order_by(Challenge.opens_on.desc(), Challenge.id.desc())
    ).all()
    counts = dict(
        db.session.execute(
            public_ideas()
            .with_only_columns(Idea.challenge_id, func.count())
            .where(Idea.challenge_id.isnot(None))
            .group_by(Idea.challenge_id)
        ).all()
    )
    today = date.today()
    return [
        {
            "id": c.id,
            "title": c.title,
            "description": c.description,
            "unit": {"id": c.unit.id, "name": c.unit.name},
            "opens_on": c.opens_on.isoformat(),
            "closes_on": c.closes_on.isoformat(),
            "is_open": c.is_open(today),
            "public_idea_count": counts.get(c.id, 0),
            "url": url_for("challenges.detail", challenge_id=c.id, _external=True),
        }
        for c in challenges
    ]


@bp.get("/challenges")
def challenges():
    """Every challenge, newest first, with the number of public ideas answering it."""
    return _json_response({"items": _challenges()})


CHALLENGE_CSV = (
    "id",
    "title",
    "description",
    "unit_id",
    "unit_name",
    "opens_on",
    "closes_on",
    "is_open",
    "public_idea_count",
    "url",
)


@bp.get("/challenges.csv")
def challenges_csv():
    rows = []
    for c in _challenges():
        values = dict(c, unit_id=c["unit"]["id"], unit_name=c["unit"]["name"])
        rows.append([values[name] for name in CHALLENGE_CSV])
    return _csv_response(CHALLENGE_CSV, rows, "challenges.csv")


def _units():
    with force_locale("sv"):
        return [
            {"id": u.id, "name": u.name, "kind": u.kind, "kind_label": str(UNIT_KINDS[u.kind])}
            for u in db.session.scalars(select(Unit).order_by(Unit.name, Unit.id))
        ]


@bp.get("/units")
def units():
    """The city's organisational units."""
    return _json_response({"items": _units()})


@bp.get("/units.csv")
def units_csv():
    columns = ("id", "name", "kind", "kind_label")
    return _csv_response(columns, [[u[c] for c in columns] for u in _units()], "units.csv")


# Indicators


@bp.get("/indicators")
def indicators():
    """The ILS indicators of a year, city-wide or for ?unit= (see indicators.py); ?format=csv."""
    this_year = acc.current_year()
    year = _int_param("year", acc.FIRST_YEAR, this_year) or this_year
    fmt = _choice_param("format", ["json", "csv"]) or "json"
    unit = None
    unit_id = _int_param("unit")
    if unit_id is not None:
        unit = db.session.get(Unit, unit_id)
        if unit is None:
            raise not_found("Enheten finns inte.", "The unit does not exist.")
    with force_locale("sv"):
        rows = ind.indicator_rows(acc.build_accounts(year, unit))
    if fmt == "csv":
        return _csv_response(
            ind.CSV_COLUMNS,
            [
                [
                    r["code"],
                    r["name"],
                    r["value"],
                    r["unit_of_measure"],
                    r["year"],
                    r["organisational_unit"]["id"],
                    r["organisational_unit"]["name"],
                ]
                for r in rows
            ],
            f"indikatorer-{year}.csv",
        )
    return _json_response(
        {
            "schema_version": ind.SCHEMA_VERSION,
            "year": year,
            "organisational_unit": ind.organisational_unit(unit),
            "indicators": rows,
        }
    )


@bp.get("/openapi.json")
def openapi():
    """The OpenAPI 3.1 document describing this API."""
    return _json_response(document())
