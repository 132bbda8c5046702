"""Administration of users, roles and units, and the audit log (under /admin)."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import or_, select

from ..core.models import AuditEntry
from ..core.pagination import paginate
from ..core.permissions import admin_required, get_or_404
from ..core.session import commit
from ..extensions import db
from . import operations
from .forms import NewUserForm, UnitForm, UserForm
from .models import ROLES, Unit, User, UserRole

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.before_request
@admin_required
def require_admin():
    """Every page under /admin is for administrators only."""


def _unit_choices(form):
    units = db.session.scalars(select(Unit).order_by(Unit.name)).all()
    form.unit_id.choices = [(0, _("Ingen enhet (invånare)"))] + [(u.id, u.name) for u in units]


@bp.get("/")
def index():
    """The administrator's start page."""
    return render_template("admin/index.html")


@bp.get("/users")
def users():
    """Users, searchable by name or e-mail and filterable by role and unit."""
    q = request.args.get("q", "").strip()
    role = request.args.get("role", "")
    unit_id = request.args.get("unit", type=int)
    stmt = select(User).where(User.deleted_at.is_(None)).order_by(User.display_name, User.id)
    if q:
        like = f"%{q.lower()}%"
        stmt = stmt.where(or_(User.email.like(like), User.display_name.ilike(like)))
    if role in ROLES:
        stmt = stmt.where(User.id.in_(select(UserRole.user_id).where(UserRole.role == role)))
    if unit_id:
        stmt = stmt.where(User.unit_id == unit_id)
    page = paginate(stmt, per_page=50)
    units = db.session.scalars(select(Unit).order_by(Unit.name)).all()
    return render_template(
        "admin/users.html", page=page, q=q, role=role, unit_id=unit_id, roles=ROLES, units=units
    )


@bp.route("/users/new", methods=["GET", "POST"])
def new_user():
    """Create an account; the person gets a link to choose a password."""
    form = NewUserForm()
    _unit_choices(form)
    if form.validate_on_submit():
        unit = db.session.get(Unit, form.unit_id.data) if form.unit_id.data else None
        try:
            user = operations.create_user(
                form.email.data,
                form.display_name.data,
                set(form.roles.data),
                unit=unit,
                actor=current_user,
            )
        except operations.AccountError as exc:
            form.roles.errors.append(str(exc))
        else:
            commit()
            flash(
                _(
                    "Kontot för %(name)s är skapat och en inbjudan är skickad.",
                    name=user.display_name,
                ),
                "success",
            )
            return redirect(url_for("admin.users"))
    return render_template("admin/user_form.html", form=form, user=None)


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
def edit_user(user_id):
    """Change a user's name, unit, roles and whether they can sign in."""
    user = get_or_404(User, user_id)
    form = UserForm(obj=user, roles=sorted(user.roles), unit_id=user.unit_id or 0)
    _unit_choices(form)
    if form.validate_on_submit():
        unit = db.session.get(Unit, form.unit_id.data) if form.unit_id.data else None
        try:
            operations.update_user(
                user,
                display_name=form.display_name.data,
                unit=unit,
                roles=set(form.roles.data),
                active=form.active.data,
                actor=current_user,
            )
        except operations.AccountError as exc:
            db.session.rollback()
            form.roles.errors.append(str(exc))
        else:
            commit()
            flash(_("Ändringarna för %(name)s är sparade.", name=user.display_name), "success")
            return redirect(url_for("admin.users"))
    return render_template("admin/user_form.html", form=form, user=user)


@bp.get("/units")
def units():
    """The city's förvaltningar, stadsdelsförvaltningar and bolag."""
    rows = db.session.scalars(select(Unit).order_by(Unit.kind, Unit.name)).all()
    return render_template("admin/units.html", units=rows)


@bp.route("/units/new", methods=["GET", "POST"], defaults={"unit_id": None})
@bp.route("/units/<int:unit_id>", methods=["GET", "POST"])
def edit_unit(unit_id):
    """Create or rename a unit."""
    unit = get_or_404(Unit, unit_id) if unit_id else None
    form = UnitForm(obj=unit)
    if form.validate_on_submit():
        try:
            operations.save_unit(unit, name=form.name.data, kind=form.kind.data, actor=current_user)
        except operations.AccountError as exc:
            db.session.rollback()
            form.name.errors.append(str(exc))
        else:
            commit()
            flash(_("Enheten är sparad."), "success")
            return redirect(url_for("admin.units"))
    return render_template("admin/unit_form.html", form=form, unit=unit)


@bp.get("/audit")
def audit():
    """The audit log, newest first, filtered by action, object or person."""
    action = request.args.get("action", "").strip()
    object_type = request.args.get("object_type", "").strip()
    actor_id = request.args.get("actor", type=int)
    stmt = select(AuditEntry).order_by(AuditEntry.id.desc())
    if action:
        stmt = stmt.where(AuditEntry.action.like(f"{action}%"))
    if object_type:
        stmt = stmt.where(AuditEntry.object_type == object_type)
    if actor_id:
        stmt = stmt.where(AuditEntry.actor_id == actor_id)
    page = paginate(stmt, per_page=50)
    return render_template(
        "admin/audit.html", page=page, action=action, object_type=object_type, actor_id=actor_id
    )
