"""Exports of the innovation accounts and of the idea list, as CSV or XLSX.

A person asks for an export (`start_export`); a background job (jobs.run_export) writes the
file under UPLOAD_FOLDER/exports, outside static/, reporting its progress on the ExportJob row.
Only the person who asked may download it, for a day; `purge_expired_exports` (run by the
worker every hour and by `flask exports purge`) deletes what has expired.

The idea list is exported with the list's own filters and the requester's own visibility
(ideas.queries.filtered), checked again for every batch of rows. CSV files are written for a
spreadsheet in Swedish: UTF-8 with a byte order mark, semicolons, decimal commas; cells that a
spreadsheet would take for a formula are quoted with an apostrophe (CSV injection).
"""

import contextlib
import csv
import os
import re
import secrets
import unicodedata
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from flask import current_app, has_request_context, request, url_for
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from sqlalchemy import and_, or_, select
from sqlalchemy.orm import joinedload
from werkzeug.datastructures import MultiDict

from ..accounts.models import Unit
from ..core.errors import Refused
from ..core.models import utcnow
from ..core.session import after_commit
from ..extensions import db
from ..ideas.models import THEMES, VALUE_KINDS, Idea
from ..ideas.queries import Filters, card_options, filter_clauses, visible_to
from ..ideas.states import STATES
from . import accounts as acc
from .models import ExportJob
from .permissions import can_view_accounts

EXPIRES_AFTER = timedelta(days=1)
BATCH = 250
KINDS = {"accounts": _l("Innovationsbokslut"), "ideas": _l("Idélista")}
FORMATS = {"csv": "CSV", "xlsx": "Excel (XLSX)"}
MIMETYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def export_folder():
    return Path(current_app.config["UPLOAD_FOLDER"]) / "exports"


def export_path(export):
    return export_folder() / export.storage_key


def _slug(text):
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")[:60] or "export"


def _int(value):
    value = str(value or "").strip()
    return int(value) if value.isdigit() and len(value) < 10 else None


def start_export(user, kind, fmt, args):
    """Ask for an export of `kind` as `fmt`; the job is queued once the caller commits."""
    if not user.is_authenticated:
        raise Refused(_l("Logga in för att exportera."))
    if kind not in KINDS:
        raise Refused(_l("Okänd sorts export."))
    if fmt not in FORMATS:
        raise Refused(_l("Välj CSV eller Excel (XLSX)."))
    args = args if isinstance(args, MultiDict) else MultiDict(args)
    today = utcnow().date().isoformat()
    if kind == "accounts":
        year = _int(args.get("year"))
        if year is None or not acc.FIRST_YEAR <= year <= acc.current_year():
            raise Refused(_l("Välj ett år att exportera."))
        unit = None
        if args.get("unit"):
            unit = db.session.get(Unit, _int(args.get("unit")) or 0)
            if unit is None:
                raise Refused(_l("Enheten finns inte."))
        if not can_view_accounts(user, unit):
            raise Refused(_l("Du har inte behörighet att exportera det här bokslutet."))
        params = {"year": year, "unit": unit.id if unit else None}
        scope = unit.name if unit else acc.CITY_NAME
        filename = f"innovationsbokslut-{year}-{_slug(scope)}.{fmt}"
    else:
        # As the query string has them (strings), for Filters.from_args in the job.
        params = {name: str(value) for name, value in Filters.from_args(args).args().items()}
        filename = f"idelista-{today}.{fmt}"
    if has_request_context():
        params["_base"] = request.url_root  # for the links in the file
    export = ExportJob(
        user_id=user.id,
        kind=kind,
        format=fmt,
        params=params,
        status="queued",
        progress=0,
        filename=filename,
        storage_key=secrets.token_hex(16),
    )
    db.session.add(export)
    db.session.flush()
    from ..core.jobs import enqueue
    from .jobs import run_export

    after_commit(enqueue, run_export, export.id)
    return export


def is_expired(export, now=None):
    return export.expires_at is not None and export.expires_at <= (now or utcnow())


def purge_expired_exports(now=None):
    """Delete expired exports (and unfinished ones older than a day); files go after commit."""
    now = now or utcnow()
    old = db.session.scalars(
        select(ExportJob).where(
            or_(
                ExportJob.expires_at <= now,
                and_(ExportJob.expires_at.is_(None), ExportJob.created_at <= now - EXPIRES_AFTER),
            )
        )
    ).all()
    paths = [export_path(e) for e in old if e.storage_key]
    for export in old:
        db.session.delete(export)
    db.session.flush()
    after_commit(remove_files, paths)
    return len(old)


def remove_files(paths):
    for path in paths:
        with contextlib.suppress(FileNotFoundError):
            os.remove(path)


# Cells


def _clean(value):
    """Text a spreadsheet can hold: no control characters."""
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def _csv_value(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    text = _clean(str(value))
    if text.startswith(FORMULA_START):
        text = "'" + text
    return text


class CsvWriter:
    def __init__(self, handle):
        handle.write("\ufeff")
        self.writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")

    def header(self, row):
        self.writer.writerow([_csv_value(v) for v in row])

    def row(self, row):
        self.writer.writerow([_csv_value(v) for v in row])


class XlsxWriter:
    """A write-only workbook: rows go straight to disk, whatever the number of ideas."""

    def __init__(self, title):
        self.book = Workbook(write_only=True)
        self.sheet = self.book.create_sheet(title[:31])
        self.bold = Font(bold=True)

    def _cell(self, value, bold=False):
        cell = WriteOnlyCell(self.sheet, value=_clean(value) if isinstance(value, str) else value)
        if isinstance(value, str):
            cell.data_type = "s"  # text, never a formula, whatever it starts with
        if bold:
            cell.font = self.bold
        return cell

    def widths(self, widths):
        for i, width in enumerate(widths):
            letter = chr(ord("A") + i)
            self.sheet.column_dimensions[letter].width = width

    def title(self, text):
        self.sheet.append([self._cell(text, bold=True)])

    def header(self, row):
        self.sheet.append([self._cell(v, bold=True) for v in row])

    def row(self, row):
        self.sheet.append([self._cell(v) for v in row])

    def blank(self):
        self.sheet.append([])

    def save(self, path):
        self.book.save(path)


# The accounts


def account_rows(accounts):
    """[(section, measure, this year, last year, unit of measure)]: one page's figures."""
    now, before = accounts.current, accounts.previous
    ideas = str(_l("Idéer"))
    count = str(_l("antal"))
    days = str(_l("dagar"))
    people = str(_l("personer"))
    kronor = str(_l("kronor"))
    rows = [(ideas, str(_l("Inkomna idéer")), now["received"], before["received"], count)]
    for move in acc.FORWARD_MOVES:
        rows.append(
            (ideas, str(acc.MOVE_LABELS[move]), now["moves"][move], before["moves"][move], count)
        )
    rows.append((ideas, str(_l("Införda idéer")), now["implemented"], before["implemented"], count))
    rows.append(
        (
            ideas,
            str(_l("Spridningar till andra enheter")),
            now["adoptions"],
            before["adoptions"],
            count,
        )
    )
    section = str(_l("Läge vid årets slut"))
    for state, label in STATES.items():
        rows.append((section, str(label), now["states"][state], before["states"][state], count))
    section = str(_l("Ledtider"))
    for stage in acc.STAGES:
        label = str(acc.STAGE_LABELS[stage])
        a, b = now["lead_times"][stage], before["lead_times"][stage]
        rows.append(
            (section, f"{label}: " + str(_l("avslutade vistelser")), a["stays"], b["stays"], count)
        )
        rows.append((section, f"{label}: " + str(_l("median")), a["median"], b["median"], days))
        rows.append((section, f"{label}: " + str(_l("90:e percentil")), a["p90"], b["p90"], days))
    section = str(_l("Innovationsfonden"))
    for title, a, b in accounts.fund_calls():
        rows.append((section, f"{title}: " + str(_l("sökt")), a["applied"], b["applied"], kronor))
        rows.append(
            (section, f"{title}: " + str(_l("beviljat")), a["granted"], b["granted"], kronor)
        )
        rows.append((section, f"{title}: " + str(_l("utbetalt")), a["paid"], b["paid"], kronor))
    a, b = now["fund"]["totals"], before["fund"]["totals"]
    total = str(_l("Alla utlysningar"))
    rows += [
        (
            section,
            f"{total}: " + str(_l("ansökningar")),
            a["applications"],
            b["applications"],
            count,
        ),
        (section, f"{total}: " + str(_l("sökt")), a["applied"], b["applied"], kronor),
        (section, f"{total}: " + str(_l("beviljade ansökningar")), a["grants"], b["grants"], count),
        (section, f"{total}: " + str(_l("beviljat")), a["granted"], b["granted"], kronor),
        (section, f"{total}: " + str(_l("utbetalt")), a["paid"], b["paid"], kronor),
    ]
    section = str(_l("Delaktighet"))
    for kind, label in acc.PEOPLE_LABELS.items():
        for cls, cls_label in acc.CLASS_LABELS.items():
            rows.append(
                (
                    section,
                    f"{label}, {str(cls_label).lower()}",
                    now["participation"][kind][cls],
                    before["participation"][kind][cls],
                    people,
                )
            )
    return rows


def write_accounts(export, progress):
    """The accounts page's figures for the export's year and scope."""
    params = export.params
    unit = db.session.get(Unit, params["unit"]) if params.get("unit") else None
    if params.get("unit") and unit is None:
        raise Refused(_l("Enheten finns inte längre."))
    from ..accounts.models import User

    user = db.session.get(User, export.user_id)
    if user is None or not can_view_accounts(user, unit):
        raise Refused(_l("Du har inte längre behörighet att exportera det här bokslutet."))
    accounts = acc.build_accounts(params["year"], unit)
    progress(50)
    rows = account_rows(accounts)
    year = accounts.year
    header = [_l("Avsnitt"), _l("Mått"), str(year), str(year - 1), _l("Måttenhet")]
    header = [str(h) for h in header]
    path = export_path(export)
    tmp = path.with_suffix(".part")
    if export.format == "csv":
        with open(tmp, "w", encoding="utf-8", newline="") as handle:
            writer = CsvWriter(handle)
            writer.header(header)
            for row in rows:
                writer.row(row)
    else:
        writer = XlsxWriter(str(_l("Innovationsbokslut")))
        writer.widths([22, 60, 14, 14, 12])
        writer.title(
            str(_l("Innovationsbokslut %(year)s – %(scope)s", year=year, scope=accounts.scope_name))
        )
        writer.row([str(_l("Framtaget")), _local(utcnow())])
        writer.blank()
        writer.header(header)
        for row in rows:
            writer.row(row)
        writer.save(tmp)
    os.replace(tmp, path)
    return len(rows)


# The idea list

IDEA_HEADER = [
    _l("ID"),
    _l("Rubrik"),
    _l("Läge"),
    _l("Enhet"),
    _l("Teman"),
    _l("Värden"),
    _l("Synlighet"),
    _l("Utmaning"),
    _l("Idégivare"),
    _l("Röster"),
    _l("Kommentarer"),
    _l("Skapad"),
    _l("Inskickad"),
    _l("Senaste lägesändring"),
    _l("Länk"),
]


def _ordered_ids(user, filters):
    """The ids of the ideas the list shows `user` with `filters`, in the list's order."""
    clauses, rank = filter_clauses(filters)
    stmt = select(Idea.id).where(visible_to(user), *clauses)
    sort = filters.effective_sort
    if rank is None and sort == "relevance":
        sort = "newest"
    order = {
        "newest": [Idea.id.desc()],
        "votes": [Idea.vote_count.desc(), Idea.id.desc()],
        "active": [Idea.last_activity_at.desc(), Idea.id.desc()],
        "relevance": [rank, Idea.id.desc()] if rank is not None else [Idea.id.desc()],
    }[sort]
    return list(db.session.scalars(stmt.order_by(*order)))


VISIBILITY_LABELS = {"public": _l("Offentlig"), "internal": _l("Intern")}


def _local(moment):
    """A stored (naive UTC) time as Stockholm time, for people reading the file."""
    if moment is None:
        return None
    local = moment.replace(tzinfo=UTC).astimezone(acc.LOCAL_TIME)
    return local.replace(tzinfo=None, microsecond=0)


def _idea_row(idea):
    return [
        idea.id,
        idea.title,
        str(STATES[idea.state]),
        idea.unit.name if idea.unit else "",
        ", ".join(str(THEMES[t]) for t in idea.themes),
        ", ".join(str(VALUE_KINDS[k]) for k in idea.value_kinds),
        str(VISIBILITY_LABELS[idea.visibility]),
        idea.challenge.title if idea.challenge else "",
        idea.owner.public_name,
        idea.vote_count,
        idea.comment_count,
        _local(idea.created_at),
        _local(idea.submitted_at),
        _local(idea.state_changed_at),
        url_for("ideas.detail", idea_id=idea.id, _external=True),
    ]


def write_ideas(export, progress):
    """Every idea of the requester's filtered list, in batches, with progress."""
    from ..accounts.models import User

    user = db.session.get(User, export.user_id)
    if user is None or not user.is_active:
        raise Refused(_l("Kontot finns inte längre."))
    filters = Filters.from_args(MultiDict(export.params))
    ids = _ordered_ids(user, filters)
    progress(5)
    path = export_path(export)
    tmp = path.with_suffix(".part")
    header = [str(h) for h in IDEA_HEADER]
    handle = None
    if export.format == "csv":
        handle = open(tmp, "w", encoding="utf-8", newline="")  # noqa: SIM115 (closed below)
        writer = CsvWriter(handle)
    else:
        writer = XlsxWriter(str(_l("Idéer")))
        writer.widths([8, 50, 14, 30, 30, 30, 12, 30, 20, 8, 12, 18, 18, 18, 40])
    try:
        writer.header(header)
        written = 0
        for start in range(0, len(ids), BATCH):
            batch = ids[start : start + BATCH]
            # The requester's visibility again: an idea made internal meanwhile is left out.
            loaded = db.session.scalars(
                select(Idea)
                .where(Idea.id.in_(batch), visible_to(user))
                .options(*card_options(), joinedload(Idea.challenge))
            ).unique()
            by_id = {idea.id: idea for idea in loaded}
            for idea_id in batch:
                if idea_id in by_id:
                    writer.row(_idea_row(by_id[idea_id]))
                    written += 1
            progress(5 + int(90 * min(len(ids), start + BATCH) / max(1, len(ids))))
        if handle is None:
            writer.save(tmp)
    finally:
        if handle is not None:
            handle.close()
    os.replace(tmp, path)
    return written


WRITERS = {"accounts": write_accounts, "ideas": write_ideas}


def build_export(export, progress):
    """Write the export's file (Swedish texts, whatever the requester's language)."""
    export_folder().mkdir(parents=True, exist_ok=True)
    base = export.params.get("_base") or "http://localhost/"
    with force_locale("sv"), current_app.test_request_context(base_url=base):
        return WRITERS[export.kind](export, progress)


def file_size(export):
    try:
        return export_path(export).stat().st_size
    except (OSError, TypeError):
        return None
