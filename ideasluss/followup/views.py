"""The innovation accounts pages (/followup) and exports (start, progress, download)."""

import hashlib
import json
import threading
from collections import OrderedDict

from flask import (
    Blueprint,
    abort,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from markupsafe import Markup
from sqlalchemy import select

from ..accounts.models import Unit
from ..core.errors import Refused
from ..core.session import commit
from ..extensions import db, htmx, limiter
from ..ideas.states import STATES
from . import accounts as acc
from . import cache as _cache  # noqa: F401  (registers the cache's session events)
from . import charts, exports
from .models import ExportJob
from .permissions import can_download_export, can_view_accounts

bp = Blueprint("followup", __name__, url_prefix="/followup")


# Thousands separator and decimal mark per interface language (as Babel writes them); done by
# hand because Babel's format_decimal costs a tenth of a millisecond and a page has hundreds.
SEPARATORS = {"sv": ("\u00a0", ","), "en": (",", ".")}


def format_figure(value, kind="count"):
    """A figure as Swedish text: 3 955, 9,2 (days), 1 200 000 kr; a dash when there is none."""
    if value is None:
        return "–"
    thousands, decimal = SEPARATORS.get(str(get_locale()), SEPARATORS["sv"])
    text = f"{value:,.1f}" if kind == "days" else f"{round(value):,}"
    text = text.replace(",", "\x00").replace(".", decimal).replace("\x00", thousands)
    return text + "\u00a0kr" if kind == "sek" else text


@bp.app_template_filter("figure")
def _figure_filter(value, kind="count"):
    return format_figure(value, kind)


def _unit_arg():
    """The unit named by ?unit=, None for the whole city; 404 for one that does not exist."""
    raw = request.args.get("unit", "")
    if not raw:
        return None
    if not raw.isdigit() or len(raw) > 9:
        abort(404)
    unit = db.session.get(Unit, int(raw))
    if unit is None:
        abort(404)
    return unit


def _units_for(user):
    """The units whose accounts `user` may read (besides the whole city's), with id and name."""
    if user.is_admin:
        return db.session.execute(select(Unit.id, Unit.name).order_by(Unit.name)).all()
    return [user.unit] if user.unit is not None else []


def _require_staff():
    if not current_user.is_staff:
        abort(403)


@bp.get("/")
@login_required
def index():
    """Choose a year and a unit; the choice goes on to that year's accounts."""
    _require_staff()
    years = list(range(acc.current_year(), acc.first_year() - 1, -1))
    year = request.args.get("year", "")
    if year.isdigit() and int(year) in years:
        unit = _unit_arg()
        if not can_view_accounts(current_user, unit):
            abort(403)
        return redirect(url_for(".accounts_page", year=int(year), unit=unit.id if unit else None))
    return render_template(
        "followup/index.html", years=years, units=_units_for(current_user), city=acc.CITY_NAME
    )


def _year_summaries(labels, trend):
    rows = zip(labels, trend["received"], trend["implemented"], strict=True)
    return "; ".join(
        _(
            "%(year)s: %(received)s inkomna, %(implemented)s införda",
            year=y,
            received=format_figure(r),
            implemented=format_figure(i),
        )
        for y, r, i in rows
    )


def page_charts(accounts):
    """The three charts of the accounts page."""
    year = accounts.year
    steps = [(str(label), now, format_figure(now)) for _m, label, now, _b in accounts.funnel()]
    funnel = charts.funnel(
        "chart-funnel",
        _("Idéer genom slussen %(year)s", year=year),
        _(
            "Trattdiagram, antal idéer per steg under året: %(steps)s.",
            steps="; ".join(f"{label} {text}" for label, _v, text in steps),
        ),
        steps,
    )
    trend = accounts.trend
    labels = [str(y) for y in trend["years"]]
    trend_chart = charts.columns(
        "chart-trend",
        _("Inkomna och införda idéer %(first)s–%(last)s", first=labels[0], last=labels[-1]),
        _("Stapeldiagram per år: %(years)s.", years=_year_summaries(labels, trend)),
        labels,
        [trend["received"], trend["implemented"]],
        [
            [format_figure(v) for v in trend["received"]],
            [format_figure(v) for v in trend["implemented"]],
        ],
        [("chart-series-a", _("Inkomna")), ("chart-series-b", _("Införda"))],
    )
    groups = []
    for stage in acc.STAGES:
        figures = accounts.current["lead_times"][stage]
        groups.append(
            (
                str(acc.STAGE_LABELS[stage]),
                (figures["median"], figures["p90"]),
                (
                    _("median %(days)s d", days=format_figure(figures["median"], "days")),
                    _("90:e pct %(days)s d", days=format_figure(figures["p90"], "days")),
                ),
            )
        )
    lead = charts.horizontal_pairs(
        "chart-lead",
        _("Ledtid per steg %(year)s, i dagar", year=year),
        _(
            "Liggande staplar per steg, median och 90:e percentil i dagar: %(stages)s.",
            stages="; ".join(f"{label}: {a}, {b}" for label, _v, (a, b) in groups),
        ),
        groups,
        [("chart-series-a", _("Median")), ("chart-series-b", _("90:e percentil"))],
    )
    return {"funnel": funnel, "trend": trend_chart, "lead": lead}


# The rendered figures of recent pages, per worker process: {(language, data digest): html}.
# The HTML is a pure function of the key (the digest covers every figure, name and title it
# shows), so an entry is never stale; a deploy with new templates starts new processes.
CONTENT_CACHE_SIZE = 64
_content_cache = OrderedDict()
_content_lock = threading.Lock()


def _content(accounts):
    """The figures, charts and tables, rendered once per language and data."""
    this_year = acc.current_year()
    data = [
        accounts.year,
        accounts.unit_id,
        accounts.scope_name,
        this_year,
        accounts.current,
        accounts.previous,
        accounts.trend,
    ]
    digest = hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()
    key = (str(get_locale()), digest)
    with _content_lock:
        html = _content_cache.get(key)
        if html is not None:
            _content_cache.move_to_end(key)
            return html
    html = Markup(  # noqa: S704 (rendered by Jinja with autoescape)
        render_template(
            "followup/_accounts_content.html",
            accounts=accounts,
            charts=page_charts(accounts),
            stages=acc.STAGES,
            stage_labels=acc.STAGE_LABELS,
            state_labels=STATES,
            people_labels=acc.PEOPLE_LABELS,
            class_labels=acc.CLASS_LABELS,
            current_year=this_year,
        )
    )
    with _content_lock:
        _content_cache[key] = html
        while len(_content_cache) > CONTENT_CACHE_SIZE:
            _content_cache.popitem(last=False)
    return html


@bp.get("/<int:year>")
@login_required
def accounts_page(year):
    """One year's innovation accounts, city-wide or for ?unit=, beside the year before."""
    _require_staff()
    this_year = acc.current_year()
    if not acc.FIRST_YEAR <= year <= this_year:
        abort(404)
    unit = _unit_arg()
    if not can_view_accounts(current_user, unit):
        abort(403)
    accounts = acc.build_accounts(year, unit)
    return render_template(
        "followup/accounts.html",
        accounts=accounts,
        content=_content(accounts),
        units=_units_for(current_user),
        years=list(range(this_year, acc.first_year() - 1, -1)),
        current_year=this_year,
    )


# Exports


def _export_limit():
    return "30 per hour"


def _user_key():
    return f"user:{current_user.get_id()}"


@bp.post("/exports")
@login_required
@limiter.limit(_export_limit, key_func=_user_key)
def start_export():
    """Queue an export of the accounts or of the idea list; its page shows the progress."""
    try:
        export = exports.start_export(
            current_user, request.form.get("kind"), request.form.get("format"), request.form
        )
    except Refused as exc:
        flash(exc.message, "error")
        back = request.form.get("back", "")
        if back.startswith("/") and not back.startswith("//"):
            return redirect(back)
        return redirect(url_for(".exports_list"))
    commit()
    return redirect(url_for(".export_page", export_id=export.id))


def _own_export(export_id):
    export = db.session.get(ExportJob, export_id)
    if export is None or not can_download_export(export, current_user):
        abort(404)
    return export


@bp.get("/exports")
@login_required
def exports_list():
    """My exports of the last day."""
    mine = db.session.scalars(
        select(ExportJob)
        .where(ExportJob.user_id == current_user.id)
        .order_by(ExportJob.created_at.desc(), ExportJob.id.desc())
        .limit(50)
    ).all()
    return render_template(
        "followup/exports.html", exports=[e for e in mine if not exports.is_expired(e)]
    )


def _status_context(export):
    return {
        "export": export,
        "kinds": exports.KINDS,
        "formats": exports.FORMATS,
        "expired": exports.is_expired(export),
        "size": exports.file_size(export) if export.status == "done" else None,
    }


@bp.get("/exports/<int:export_id>")
@login_required
def export_page(export_id):
    """An export's progress; htmx polls the status fragment until the file is ready."""
    export = _own_export(export_id)
    context = _status_context(export)
    if htmx and not htmx.history_restore_request:
        rendered = render_template("followup/_export_status.html", **context)
    else:
        rendered = render_template("followup/export.html", **context)
    response = make_response(rendered)
    response.vary.add("HX-Request")
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/exports/<int:export_id>/download")
@login_required
def download_export(export_id):
    """The finished file, for the person who asked for it, until it expires."""
    export = _own_export(export_id)
    path = exports.export_path(export)
    if export.status != "done" or exports.is_expired(export) or not path.is_file():
        return render_template("followup/export.html", **_status_context(export), gone=True), 410
    response = send_file(
        path,
        mimetype=exports.MIMETYPES[export.format],
        as_attachment=True,
        download_name=export.filename,
        max_age=0,
    )
    response.headers["Cache-Control"] = "private, no-store"
    return response
