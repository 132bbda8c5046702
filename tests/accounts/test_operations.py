"""Account operations: what they change, what they refuse, and what they write to the audit log."""

import time

import pytest
from itsdangerous import TimestampSigner
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from ideasluss.accounts import operations
from ideasluss.accounts.models import Unit, User, UserRole
from ideasluss.core.models import AuditEntry, OutboxMail
from ideasluss.extensions import db
from tests.conftest import PASSWORD

NEW_PASSWORD = "ett helt nytt lösenord"


@pytest.fixture(autouse=True)
def _request(app):
    """Operations build absolute links (reset mails), which needs a request."""
    with app.test_request_context():
        yield


def audit(action):
    return db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)
    ).all()


def outbox_to(address):
    return db.session.scalars(select(OutboxMail).where(OutboxMail.recipient == address)).all()


def token_signed_seconds_ago(monkeypatch, user, seconds):
    """A reset token as if it had been mailed `seconds` ago."""
    with monkeypatch.context() as m:
        m.setattr(TimestampSigner, "get_timestamp", lambda self: int(time.time()) - seconds)
        return operations.password_token(user)


# Registration and sign-in


def test_register_resident_creates_a_resident_with_a_hashed_password():
    user = operations.register_resident("  Rut@Example.SE ", " Rut Rosén ", NEW_PASSWORD, False)

    assert (user.email, user.display_name) == ("rut@example.se", "Rut Rosén")
    assert user.roles == {"resident"}
    assert user.unit is None and user.show_name is False and user.public_name == "Anonym"
    assert user.password_hash.startswith("$argon2id$") and NEW_PASSWORD not in user.password_hash
    assert user.check_password(NEW_PASSWORD) and not user.check_password(PASSWORD)
    [entry] = audit("user.registered")
    assert (entry.actor_id, entry.object_id) == (user.id, user.id)


def test_register_refuses_an_email_already_in_use_whatever_its_case(make_user):
    make_user("resident", email="upptagen@example.se")

    with pytest.raises(operations.AccountError, match="Det finns redan ett konto"):
        operations.register_resident("UPPTAGEN@example.se", "Någon annan", NEW_PASSWORD)
    count = db.session.scalar(
        select(func.count()).select_from(User).where(User.email == "upptagen@example.se")
    )
    assert count == 1


@pytest.mark.parametrize(
    ("case", "signs_in"),
    [
        ("right password", True),
        ("email in other case", True),
        ("wrong password", False),
        ("unknown email", False),
        ("deactivated account", False),
        ("deleted account", False),
        ("invited, no password yet", False),
    ],
)
def test_authenticate(make_user, case, signs_in):
    user = make_user("employee", email="anna@example.se")
    email, password = user.email, PASSWORD
    if case == "email in other case":
        email = " Anna@EXAMPLE.se"
    elif case == "wrong password":
        password = "fel lösenord"
    elif case == "unknown email":
        email = "ingen@example.se"
    elif case == "deactivated account":
        user.active = False
    elif case == "deleted account":
        user.deleted_at = user.created_at
    elif case == "invited, no password yet":
        user.password_hash = None
        password = ""

    result = operations.authenticate(email, password)

    assert (result is user) is signs_in
    assert (user.last_login_at is not None) is signs_in


# Accounts created by an administrator


def test_create_user_puts_staff_in_a_unit_and_mails_an_invitation(make_user, make_unit):
    admin = make_user("admin")
    unit = make_unit("Trafikkontoret")

    user = operations.create_user(
        "Ny.Person@example.se", "Ny Person", {"employee", "coach"}, unit=unit, actor=admin
    )

    assert (user.email, user.unit) == ("ny.person@example.se", unit)
    assert user.roles == {"employee", "coach"}
    assert user.password_hash is None  # chosen by the person through the invitation link
    [mail] = outbox_to("ny.person@example.se")
    assert mail.subject == "Välkommen till Idéslussen" and "/password/reset/" in mail.body
    assert mail.sent_at is None  # goes out after the commit
    [entry] = audit("user.created")
    assert (entry.actor_id, entry.object_id, entry.data) == (
        admin.id,
        user.id,
        {"roles": ["coach", "employee"]},
    )


def test_create_user_with_a_password_sends_no_invitation(make_unit):
    user = operations.create_user(
        "chef@example.se", "Chef", {"admin"}, unit=make_unit(), password=NEW_PASSWORD
    )

    assert user.check_password(NEW_PASSWORD)
    assert outbox_to("chef@example.se") == []


@pytest.mark.parametrize(
    ("roles", "has_unit", "message"),
    [
        (set(), True, "Välj minst en roll"),
        ({"employee"}, False, "måste höra till en enhet"),
        ({"coach"}, False, "måste höra till en enhet"),
        ({"committee"}, False, "måste höra till en enhet"),
        ({"admin"}, False, "måste höra till en enhet"),
    ],
)
def test_create_user_refuses_roles_without_what_they_need(make_unit, roles, has_unit, message):
    unit = make_unit() if has_unit else None

    with pytest.raises(operations.AccountError, match=message):
        operations.create_user("x@example.se", "X", roles, unit=unit)
    assert User.by_email("x@example.se") is None
    assert outbox_to("x@example.se") == []


def test_a_resident_needs_no_unit():
    user = operations.create_user("bo@example.se", "Bo", {"resident"})

    assert user.roles == {"resident"} and user.unit is None


# Roles and deactivation


def test_role_changes_are_audited_with_before_and_after(make_user):
    admin, user = make_user("admin"), make_user("employee")

    operations.update_user(
        user,
        display_name="Ny Coach",
        unit=user.unit,
        roles={"employee", "coach"},
        active=True,
        actor=admin,
    )

    assert user.roles == {"employee", "coach"} and user.display_name == "Ny Coach"
    [entry] = audit("user.roles_changed")
    assert (entry.actor_id, entry.object_type, entry.object_id) == (admin.id, "users", user.id)
    assert entry.data == {"before": ["employee"], "after": ["coach", "employee"]}


def test_saving_a_user_without_role_changes_logs_no_role_change(make_user):
    admin, user = make_user("admin"), make_user("employee")

    operations.update_user(
        user,
        display_name="Samma Roller",
        unit=user.unit,
        roles={"employee"},
        active=True,
        actor=admin,
    )

    assert audit("user.roles_changed") == []


def test_deactivating_and_reactivating_a_user_is_audited(make_user):
    admin, user = make_user("admin"), make_user("employee")
    kwargs = {"display_name": user.display_name, "unit": user.unit, "roles": {"employee"}}

    operations.update_user(user, active=False, actor=admin, **kwargs)
    assert not user.is_active and operations.authenticate(user.email, PASSWORD) is None
    operations.update_user(user, active=True, actor=admin, **kwargs)

    assert [e.action for e in audit("user.deactivated") + audit("user.activated")] == [
        "user.deactivated",
        "user.activated",
    ]


@pytest.mark.parametrize(
    ("roles", "active"), [({"employee"}, True), ({"employee", "admin"}, False)]
)
def test_an_admin_cannot_remove_their_own_admin_role_or_lock_themselves_out(
    make_user, roles, active
):
    admin = make_user("employee", "admin")

    with pytest.raises(operations.AccountError, match="din egen administratörsroll"):
        operations.update_user(
            admin, display_name="X", unit=admin.unit, roles=roles, active=active, actor=admin
        )
    assert admin.roles == {"employee", "admin"} and admin.is_active


# Passwords


def test_a_reset_token_works_once(make_user):
    user = make_user()
    token = operations.password_token(user)
    assert operations.user_for_token(token) is user

    operations.reset_password(user, NEW_PASSWORD)

    assert user.check_password(NEW_PASSWORD)
    assert operations.user_for_token(token) is None
    assert [e.object_id for e in audit("user.password_reset")] == [user.id]


def test_a_reset_token_expires_after_the_configured_age(app, make_user, monkeypatch):
    user = make_user()
    max_age = app.config["PASSWORD_RESET_MAX_AGE"]

    fresh_enough = token_signed_seconds_ago(monkeypatch, user, max_age - 60)
    expired = token_signed_seconds_ago(monkeypatch, user, max_age + 1)

    assert operations.user_for_token(fresh_enough) is user
    assert operations.user_for_token(expired) is None


@pytest.mark.parametrize("tamper", ["forged", "other secret", "deactivated user"])
def test_a_reset_token_is_refused_when_not_ours_or_user_is_locked(
    app, make_user, monkeypatch, tamper
):
    user = make_user()
    token = operations.password_token(user)
    if tamper == "forged":
        token = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    elif tamper == "other secret":
        with monkeypatch.context() as m:
            m.setitem(app.config, "SECRET_KEY", "another site's secret")
            token = operations.password_token(user)
    else:
        user.active = False

    assert operations.user_for_token(token) is None


def test_request_password_reset_mails_only_existing_active_accounts(make_user):
    active, locked = make_user(email="aktiv@example.se"), make_user(email="spärrad@example.se")
    locked.active = False

    for email in ("AKTIV@example.se", "spärrad@example.se", "okänd@example.se"):
        operations.request_password_reset(email)

    [mail] = db.session.scalars(select(OutboxMail)).all()
    assert mail.recipient == active.email and mail.subject == "Återställ ditt lösenord"
    assert "Länken gäller i 1 timme och kan användas en gång." in mail.body


def test_change_password_needs_the_current_one(make_user):
    user = make_user()

    with pytest.raises(operations.AccountError, match="Nuvarande lösenord stämmer inte"):
        operations.change_password(user, "gissning", NEW_PASSWORD)
    assert user.check_password(PASSWORD)

    operations.change_password(user, PASSWORD, NEW_PASSWORD)
    assert user.check_password(NEW_PASSWORD) and not user.check_password(PASSWORD)
    assert [e.actor_id for e in audit("user.password_changed")] == [user.id]


def test_update_profile_sets_name_visibility_and_language(make_user):
    user = make_user("resident")

    operations.update_profile(user, display_name="  Nytt Namn ", show_name=False, locale="en")

    assert (user.display_name, user.show_name, user.locale) == ("Nytt Namn", False, "en")
    assert user.public_name == "Anonym"


# Units


def test_units_are_created_and_renamed_with_unique_names(make_user):
    admin = make_user("admin")

    unit = operations.save_unit(None, name=" Innovationskontoret ", kind="forvaltning", actor=admin)
    operations.save_unit(unit, name="Innovationskontoret", kind="bolag", actor=admin)  # same name
    other = operations.save_unit(None, name="Stokab Innovation", kind="bolag", actor=admin)
    with pytest.raises(operations.AccountError, match="Det finns redan en enhet med det namnet"):
        operations.save_unit(other, name="Innovationskontoret", kind="bolag", actor=admin)

    assert (unit.name, unit.kind) == ("Innovationskontoret", "bolag")
    assert [e.action for e in audit("unit.created") + audit("unit.updated")] == [
        "unit.created",
        "unit.created",
        "unit.updated",
    ]


@pytest.mark.parametrize(
    "invalid",
    [
        lambda user: Unit(name="Hemliga enheten", kind="hemlig"),
        lambda user: UserRole(user_id=user.id, role="superuser"),
    ],
    ids=["unit kind", "role"],
)
def test_the_database_refuses_unknown_unit_kinds_and_roles(make_user, invalid):
    user = make_user()

    with pytest.raises(IntegrityError), db.session.begin_nested():
        db.session.add(invalid(user))
