"""Users with roles, and the organisational units staff belong to."""

import contextlib
import functools
from datetime import datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask_babel import lazy_gettext as _l
from flask_login import AnonymousUserMixin, UserMixin
from sqlalchemy import Boolean, CheckConstraint, ForeignKey, String, bindparam
from sqlalchemy.orm import Mapped, joinedload, mapped_column, relationship

from ..core.models import utcnow
from ..extensions import db, login_manager

ROLES = {
    "resident": _l("Invånare"),
    "employee": _l("Medarbetare"),
    "coach": _l("Innovationscoach"),
    "committee": _l("Fondkommitté"),
    "admin": _l("Administratör"),
}
STAFF_ROLES = frozenset({"employee", "coach", "committee", "admin"})

UNIT_KINDS = {
    "forvaltning": _l("Förvaltning"),
    "stadsdelsforvaltning": _l("Stadsdelsförvaltning"),
    "bolag": _l("Bolag"),
}

_hasher = PasswordHasher()
# Verified against when an e-mail is unknown, so a failed sign-in takes as long either way.
_DUMMY_HASH = _hasher.hash("no such account")


def normalize_email(email):
    return (email or "").strip().lower()


def _in(column, values):
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Unit(db.Model):
    """A förvaltning, stadsdelsförvaltning or bolag of the city."""

    __tablename__ = "units"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    kind: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (CheckConstraint(_in("kind", UNIT_KINDS), name="kind"),)

    @property
    def kind_label(self):
        return UNIT_KINDS[self.kind]

    def __str__(self):
        return self.name


class UserRole(db.Model):
    __tablename__ = "user_roles"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[str] = mapped_column(String(16), primary_key=True, index=True)

    __table_args__ = (CheckConstraint(_in("role", ROLES), name="role"),)


class User(UserMixin, db.Model):
    """A person who signs in: a resident, or staff belonging to a unit, with one or more roles."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str | None] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    show_name: Mapped[bool] = mapped_column(Boolean, default=True)
    locale: Mapped[str | None] = mapped_column(String(8))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None]
    deleted_at: Mapped[datetime | None]

    unit: Mapped[Unit | None] = relationship(lazy="joined")
    role_rows: Mapped[list[UserRole]] = relationship(lazy="selectin", cascade="all, delete-orphan")

    @property
    def roles(self):
        return {row.role for row in self.role_rows}

    def set_roles(self, roles):
        wanted = set(roles)
        self.role_rows = [r for r in self.role_rows if r.role in wanted] + [
            UserRole(role=role) for role in sorted(wanted - self.roles)
        ]

    def has_role(self, *roles):
        return bool(self.roles.intersection(roles))

    @property
    def is_staff(self):
        return bool(self.roles & STAFF_ROLES)

    @property
    def is_admin(self):
        return "admin" in self.roles

    @property
    def is_active(self):
        return self.active and self.deleted_at is None

    @property
    def public_name(self):
        """The name others see: residents may choose not to show theirs."""
        if self.deleted_at is not None or not self.show_name:
            return str(_l("Anonym"))
        return self.display_name

    def set_password(self, password):
        self.password_hash = _hasher.hash(password)

    def check_password(self, password):
        """Verify, upgrading the hash when its parameters are outdated."""
        try:
            _hasher.verify(self.password_hash or _DUMMY_HASH, password)
        except (VerificationError, InvalidHashError):
            return False
        if self.password_hash is None:
            return False
        if _hasher.check_needs_rehash(self.password_hash):
            self.set_password(password)
        return True

    @staticmethod
    def by_email(email):
        return db.session.scalars(
            db.select(User).where(User.email == normalize_email(email))
        ).first()

    def __str__(self):
        return self.display_name


def check_unknown_password(password):
    """Spend the same effort as a real check when no account matched."""
    with contextlib.suppress(VerificationError):
        _hasher.verify(_DUMMY_HASH, password)
    return False


class Anonymous(AnonymousUserMixin):
    roles = frozenset()
    is_staff = False
    is_admin = False
    locale = None
    id = None

    def has_role(self, *roles):
        return False


login_manager.anonymous_user = Anonymous
login_manager.login_view = "accounts.login"
login_manager.login_message = _l("Logga in för att fortsätta.")
login_manager.login_message_category = "warning"


@login_manager.user_loader
def load_user(user_id):
    """The signed-in user on every request: one query with unit and roles joined."""
    if not user_id.isdigit():
        return None
    user = db.session.scalars(_signed_in_user(), {"id": int(user_id)}).unique().first()
    return user if user is not None and user.is_active else None


@functools.cache
def _signed_in_user():
    # Built once: building the statement costs about as much as running it.
    return db.select(User).where(User.id == bindparam("id")).options(joinedload(User.role_rows))
