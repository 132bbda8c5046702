"""The IP principles in force and earlier versions; publishing and acknowledgements for admins."""

import csv
import io
from datetime import UTC, date

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_babel import format_date, to_user_timezone
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select
from werkzeug.utils import secure_filename

from ..core.errors import Refused
from ..core.pagination import paginate
from ..core.permissions import admin_required, get_or_404
from ..core.session import commit
from ..extensions import db
from . import operations
from .forms import PrinciplesForm
from .models import CONTEXTS, IpAcknowledgement, IpPrinciples

bp = Blueprint("ip", __name__, url_prefix="/ip")
admin_bp = Blueprint("ip_admin", __name__, url_prefix="/admin/ip")

# Cells a spreadsheet would read as a formula (CSV injection) get a leading apostrophe.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _versions():
    return db.session.scalars(
        select(IpPrinciples).order_by(IpPrinciples.effective_from.desc(), IpPrinciples.id.desc())
    ).all()


@bp.get("/")
def current():
    """The principles in force, and the next version when one is already published."""
    principles = IpPrinciples.in_force()
    upcoming = db.session.scalars(
        select(IpPrinciples)
        .where(IpPrinciples.effective_from > date.today())
        .order_by(IpPrinciples.effective_from, IpPrinciples.id)
        .limit(1)
    ).first()
    acknowledged = (
        current_user.is_authenticated
        and principles is not None
        and operations.has_acknowledged(current_user, principles)
    )
    return render_template(
        "ip/current.html", principles=principles, upcoming=upcoming, acknowledged=acknowledged
    )


@bp.get("/versions")
def versions():
    """Every published version, newest first."""
    in_force = IpPrinciples.in_force()
    return render_template(
        "ip/versions.html", versions=_versions(), in_force=in_force, today=date.today()
    )


@bp.get("/versions/<int:principles_id>")
def version(principles_id):
    """One version of the principles, in force or not."""
    principles = get_or_404(IpPrinciples, principles_id)
    return render_template(
        "ip/version.html",
        principles=principles,
        in_force=IpPrinciples.in_force(),
        today=date.today(),
    )


# Administration


@admin_bp.before_request
@admin_required
def require_admin():
    """Publishing and the acknowledgements are for administrators only."""


@admin_bp.get("/")
def index():
    """The published versions with how many acknowledgements each has."""
    counts = dict(
        db.session.execute(
            select(IpAcknowledgement.principles_id, func.count()).group_by(
                IpAcknowledgement.principles_id
            )
        ).all()
    )
    return render_template(
        "ip/admin_index.html",
        versions=_versions(),
        counts=counts,
        in_force=IpPrinciples.in_force(),
        today=date.today(),
    )


@admin_bp.route("/new", methods=["GET", "POST"])
def new():
    """Publish a new version of the principles."""
    form = PrinciplesForm()
    if form.validate_on_submit():
        try:
            principles = operations.publish_principles(
                version=form.version.data,
                title=form.title.data,
                summary=form.summary.data.strip(),
                body=form.body.data,
                effective_from=form.effective_from.data,
                actor=current_user,
            )
        except Refused as exc:
            form.version.errors.append(exc.message)
        else:
            commit()
            flash(
                _(
                    "Version %(version)s är publicerad och gäller från %(date)s.",
                    version=principles.version,
                    date=format_date(principles.effective_from),
                ),
                "success",
            )
            return redirect(url_for("ip_admin.index"))
    return render_template("ip/admin_new.html", form=form, in_force=IpPrinciples.in_force())


def _acknowledgements(version):
    stmt = select(IpAcknowledgement).order_by(
        IpAcknowledgement.acknowledged_at.desc(), IpAcknowledgement.id.desc()
    )
    if version:
        stmt = stmt.where(
            IpAcknowledgement.principles_id.in_(
                select(IpPrinciples.id).where(IpPrinciples.version == version)
            )
        )
    return stmt


@admin_bp.get("/acknowledgements")
def acknowledgements():
    """Who acknowledged which version, when and for what; filterable by version."""
    version = request.args.get("version", "").strip()
    page = paginate(_acknowledgements(version), per_page=50)
    return render_template(
        "ip/acknowledgements.html",
        page=page,
        version=version,
        versions=_versions(),
        contexts=CONTEXTS,
    )


def _cell(value):
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _local_time(moment):
    return to_user_timezone(moment.replace(tzinfo=UTC)).strftime("%Y-%m-%d %H:%M:%S")


@admin_bp.get("/acknowledgements.csv")
def acknowledgements_csv():
    """The acknowledgements as CSV for Swedish Excel: UTF-8 with BOM, semicolons, a header row."""
    version = request.args.get("version", "").strip()
    rows = db.session.scalars(_acknowledgements(version)).unique()
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(
        [_("Namn"), _("E-post"), _("Version"), _("Bekräftad"), _("Sammanhang"), _("Objekt-id")]
    )
    for ack in rows:
        writer.writerow(
            _cell(value)
            for value in (
                ack.user.public_name if ack.user else _("Borttagen användare"),
                ack.user.email if ack.user else "",
                ack.principles.version,
                _local_time(ack.acknowledged_at),
                CONTEXTS.get(ack.context, ack.context),
                ack.object_id,
            )
        )
    name = "ip-bekraftelser"
    if version:
        name += "-" + (secure_filename(version) or "version")
    return Response(
        out.getvalue(),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
    )
