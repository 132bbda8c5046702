"""My data (/account): download everything the service holds about me, or delete my account."""

import json

from flask import Blueprint, Response, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required, logout_user
from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField
from wtforms.validators import DataRequired

from ..core.errors import Refused
from ..core.models import utcnow
from ..core.session import commit
from ..extensions import limiter
from .personal_data import WrongPassword, delete_account, export_personal_data
from .views import auth_limit

bp = Blueprint("mydata", __name__, url_prefix="/account")


class DeleteAccountForm(FlaskForm):
    confirm = BooleanField(
        _l("Jag förstår att mitt konto tas bort för gott och inte kan återställas"),
        validators=[DataRequired(_l("Kryssa i att du förstår att kontot tas bort för gott."))],
    )
    password = PasswordField(
        _l("Ditt lösenord"),
        validators=[DataRequired(_l("Skriv ditt lösenord."))],
        description=_l("Vi frågar efter lösenordet så att ingen annan kan ta bort ditt konto."),
    )


@bp.get("/")
@login_required
def index():
    """What we hold about you, a download of all of it, and deleting your account."""
    return render_template("account/index.html", form=DeleteAccountForm())


@bp.get("/data.json")
@login_required
def download():
    """Everything the service holds about you, as a JSON file."""
    data = export_personal_data(current_user)
    body = json.dumps(data, ensure_ascii=False, indent=2)
    filename = f"idesluss-mina-uppgifter-{utcnow().date().isoformat()}.json"
    return Response(
        body,
        mimetype="application/json",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "private, no-store",
        },
    )


@bp.post("/delete")
@login_required
@limiter.limit(auth_limit)
def delete():
    """Delete your account: your personal data is erased, your ideas stay as "Anonym"."""
    form = DeleteAccountForm()
    if form.validate_on_submit():
        try:
            delete_account(
                current_user._get_current_object(),
                password=form.password.data,
                confirmed=form.confirm.data,
            )
        except Refused as exc:
            field = form.password if isinstance(exc, WrongPassword) else form.confirm
            field.errors = [*field.errors, exc.message]
        else:
            commit()
            logout_user()
            flash(_("Ditt konto är borttaget. Tack för att du har använt Idéslussen."), "success")
            return redirect(url_for("main.index"))
    return render_template("account/index.html", form=form), 400
