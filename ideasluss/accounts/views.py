"""Sign-in, registration, password reset and the profile page."""

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from ..core.security import redirect_next
from ..core.session import commit
from ..extensions import limiter
from . import operations
from .forms import (
    ChangePasswordForm,
    LoginForm,
    ProfileForm,
    RegisterForm,
    ResetPasswordForm,
    ResetRequestForm,
)

bp = Blueprint("accounts", __name__)


def auth_limit():
    """Sign-in, registration and reset attempts per address (configurable for large NATs)."""
    return current_app.config["RATELIMIT_AUTH"]


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(auth_limit, methods=["POST"])
def login():
    """Sign in with e-mail and password."""
    if current_user.is_authenticated:
        return redirect_next("main.index")
    form = LoginForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        user = operations.authenticate(form.email.data, form.password.data)
        if user:
            commit()
            session.pop("lang", None)
            login_user(user, remember=form.remember.data)
            flash(_("Du är inloggad."), "success")
            return redirect_next("main.index")
        form.password.errors.append(_("Fel e-postadress eller lösenord."))
    return render_template("accounts/login.html", form=form)


@bp.post("/logout")
def logout():
    """Sign out."""
    logout_user()
    flash(_("Du är utloggad."), "success")
    return redirect(url_for("main.index"))


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(auth_limit, methods=["POST"])
def register():
    """A resident creates an account."""
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = RegisterForm()
    if form.validate_on_submit():
        try:
            user = operations.register_resident(
                form.email.data, form.display_name.data, form.password.data, form.show_name.data
            )
        except operations.AccountError as exc:
            form.email.errors.append(str(exc))
        else:
            commit()
            login_user(user)
            flash(_("Välkommen till Idéslussen! Ditt konto är skapat."), "success")
            return redirect(url_for("main.index"))
    return render_template("accounts/register.html", form=form)


@bp.route("/password/forgot", methods=["GET", "POST"])
@limiter.limit(auth_limit, methods=["POST"])
def forgot_password():
    """Ask for a reset link; the answer is the same whether the account exists or not."""
    form = ResetRequestForm()
    if form.validate_on_submit():
        operations.request_password_reset(form.email.data)
        commit()
        flash(
            _(
                "Om det finns ett konto med den adressen har vi skickat en länk för att välja "
                "nytt lösenord. Länken gäller en timme och kan användas en gång."
            ),
            "success",
        )
        return redirect(url_for("accounts.login"))
    return render_template("accounts/forgot_password.html", form=form)


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
@limiter.limit(auth_limit, methods=["POST"])
def reset_password(token):
    """Choose a new password through an e-mailed link."""
    user = operations.user_for_token(token)
    if user is None:
        return render_template("accounts/reset_invalid.html"), 400
    form = ResetPasswordForm()
    if form.validate_on_submit():
        operations.reset_password(user, form.password.data)
        commit()
        flash(_("Ditt lösenord är bytt. Logga in med det nya lösenordet."), "success")
        return redirect(url_for("accounts.login"))
    return render_template("accounts/reset_password.html", form=form, user=user)


@bp.route("/profile", methods=["GET", "POST"])
@login_required
def profile():
    """Your name, whether it is shown, your language and your password."""
    form = ProfileForm(obj=current_user, locale=current_user.locale or "sv")
    password_form = ChangePasswordForm(prefix="pw")
    if form.validate_on_submit():
        operations.update_profile(
            current_user,
            display_name=form.display_name.data,
            show_name=form.show_name.data,
            locale=form.locale.data,
        )
        commit()
        session.pop("lang", None)
        flash(_("Din profil är sparad."), "success")
        return redirect(url_for("accounts.profile"))
    return render_template("accounts/profile.html", form=form, password_form=password_form)


@bp.post("/profile/password")
@login_required
def change_password():
    """Change your password, knowing the current one."""
    form = ProfileForm(obj=current_user, locale=current_user.locale or "sv", formdata=None)
    password_form = ChangePasswordForm(prefix="pw")
    if password_form.validate_on_submit():
        try:
            operations.change_password(
                current_user, password_form.current.data, password_form.password.data
            )
        except operations.AccountError as exc:
            password_form.current.errors.append(str(exc))
        else:
            commit()
            flash(_("Ditt lösenord är bytt."), "success")
            return redirect(url_for("accounts.profile"))
    return render_template("accounts/profile.html", form=form, password_form=password_form)
