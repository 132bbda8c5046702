"""Account operations: they change objects, flush and log; the caller commits."""

import hashlib

from flask import current_app, url_for
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from ..core.audit import log_action
from ..core.mail import queue_mail
from ..core.models import utcnow
from ..extensions import db
from .models import STAFF_ROLES, Unit, User, check_unknown_password, normalize_email


class AccountError(ValueError):
    """A refused account change, with a message for the person who asked for it."""


def _serializer():
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="password-reset")


def _password_fingerprint(user):
    # Part of the token: once the password changes, every earlier link stops working.
    return hashlib.sha256((user.password_hash or "unset").encode()).hexdigest()[:16]


def authenticate(email, password):
    """The active user with this e-mail and password, or None; never says which part was wrong."""
    user = User.by_email(email)
    if user is None or not user.is_active:
        check_unknown_password(password)
        return None
    if not user.check_password(password):
        return None
    user.last_login_at = utcnow()
    return user


def register_resident(email, display_name, password, show_name=True):
    """Create a resident's account."""
    email = normalize_email(email)
    if User.by_email(email) is not None:
        raise AccountError(_l("Det finns redan ett konto med den e-postadressen."))
    user = User(email=email, display_name=display_name.strip(), show_name=show_name)
    user.set_password(password)
    user.set_roles({"resident"})
    db.session.add(user)
    db.session.flush()
    log_action("user.registered", user, actor=user)
    return user


def create_user(email, display_name, roles, unit=None, password=None, actor=None):
    """Create an account for someone (admin or CLI); staff roles need a unit."""
    email = normalize_email(email)
    if User.by_email(email) is not None:
        raise AccountError(_l("Det finns redan ett konto med den e-postadressen."))
    _check_roles_and_unit(roles, unit)
    user = User(email=email, display_name=display_name.strip(), unit=unit)
    if password:
        user.set_password(password)
    user.set_roles(roles)
    db.session.add(user)
    db.session.flush()
    log_action("user.created", user, actor=actor, roles=sorted(roles))
    if not password:
        send_password_link(user, welcome=True)
    return user


def _check_roles_and_unit(roles, unit):
    if not roles:
        raise AccountError(_l("Välj minst en roll."))
    if set(roles) & STAFF_ROLES and unit is None:
        raise AccountError(
            _l(
                "Medarbetare, coacher, kommittéledamöter och administratörer "
                "måste höra till en enhet."
            )
        )


def update_user(user, *, display_name, unit, roles, active, actor):
    """Change a user's name, unit, roles and whether they may sign in; role changes are audited."""
    _check_roles_and_unit(roles, unit)
    if user.id == actor.id and ("admin" not in roles or not active):
        raise AccountError(
            _l("Du kan inte ta bort din egen administratörsroll eller spärra dig själv.")
        )
    before = sorted(user.roles)
    user.display_name = display_name.strip()
    user.unit = unit
    user.set_roles(roles)
    if user.active != active:
        user.active = active
        log_action("user.activated" if active else "user.deactivated", user, actor=actor)
    after = sorted(roles)
    if before != after:
        log_action("user.roles_changed", user, actor=actor, before=before, after=after)
    db.session.flush()
    return user


def update_profile(user, *, display_name, show_name, locale):
    """A person's own name, whether it is shown, and their language."""
    user.display_name = display_name.strip()
    user.show_name = show_name
    user.locale = locale or None
    db.session.flush()


def change_password(user, current, new):
    if not user.check_password(current):
        raise AccountError(_l("Nuvarande lösenord stämmer inte."))
    user.set_password(new)
    log_action("user.password_changed", user, actor=user)
    db.session.flush()


def password_token(user):
    return _serializer().dumps({"u": user.id, "p": _password_fingerprint(user)})


def send_password_link(user, welcome=False):
    """Mail a link to set a new password; it expires and works once."""
    token = password_token(user)
    link = url_for("accounts.reset_password", token=token, _external=True)
    subject = _l("Välkommen till Idéslussen") if welcome else _l("Återställ ditt lösenord")
    queue_mail(
        user.email,
        str(subject),
        "mail/password_reset.txt",
        user=user,
        link=link,
        welcome=welcome,
        hours=current_app.config["PASSWORD_RESET_MAX_AGE"] // 3600 or 1,
    )


def request_password_reset(email):
    """Send a reset link when the account exists; the caller says the same thing either way."""
    user = User.by_email(email)
    if user is not None and user.is_active:
        send_password_link(user)
    return user


def user_for_token(token):
    """The user a reset link is for, or None when it is expired, used or forged."""
    try:
        data = _serializer().loads(token, max_age=current_app.config["PASSWORD_RESET_MAX_AGE"])
    except (SignatureExpired, BadSignature):
        return None
    user = db.session.get(User, data.get("u"))
    if user is None or not user.is_active or data.get("p") != _password_fingerprint(user):
        return None
    return user


def reset_password(user, password):
    user.set_password(password)
    log_action("user.password_reset", user, actor=user)
    db.session.flush()


def save_unit(unit, *, name, kind, actor):
    """Create or rename a unit; names are unique."""
    name = name.strip()
    clash = db.session.scalars(db.select(Unit).where(Unit.name == name)).first()
    if clash is not None and clash is not unit:
        raise AccountError(_l("Det finns redan en enhet med det namnet."))
    created = unit is None
    unit = unit or Unit()
    unit.name, unit.kind = name, kind
    db.session.add(unit)
    db.session.flush()
    log_action("unit.created" if created else "unit.updated", unit, actor=actor, name=name)
    return unit
