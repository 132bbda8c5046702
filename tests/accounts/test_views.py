"""Registration, sign-in, password reset, the profile and the admin pages, through HTTP."""

import re
import time
from urllib.parse import parse_qs, urlsplit

import pytest
from itsdangerous import TimestampSigner
from sqlalchemy import func, select

from ideasluss.accounts import operations
from ideasluss.accounts.models import Unit, User
from ideasluss.core.audit import log_action
from ideasluss.core.models import AuditEntry
from ideasluss.extensions import db
from tests.conftest import PASSWORD

NEW_PASSWORD = "ett helt nytt lösenord"
SIGN_IN_ERROR = "Fel e-postadress eller lösenord."
ROLES = ["resident", "employee", "coach", "committee", "admin"]


def html(response):
    return response.get_data(as_text=True)


def error_summary(response):
    match = re.search(r'<div class="error-summary".*?</div>', html(response), re.S)
    return match.group(0) if match else None


def user_count():
    return db.session.scalar(select(func.count()).select_from(User))


def signed_in_name(client):
    """The name shown in the header, or None when nobody is signed in."""
    page = html(client.get("/"))
    match = re.search(r'<a href="/profile">([^<]+)</a>', page)
    return match.group(1) if match else None


def login_next(response):
    """Where a redirect to the sign-in page will send you back to afterwards."""
    location = urlsplit(response.headers["Location"])
    assert location.path == "/login"
    return parse_qs(location.query)["next"][0]


def reset_link(mailbox, address):
    [message] = mailbox.to(address)
    link = re.search(r"https?://\S+/password/reset/\S+", message.get_content()).group(0)
    return urlsplit(link).path


# Registration

REGISTRATION = {
    "display_name": "Rut Rosén",
    "email": "rut@example.se",
    "password": NEW_PASSWORD,
    "confirm": NEW_PASSWORD,
    "show_name": "y",
}


def test_a_resident_registers_and_is_signed_in(client):
    response = client.post("/register", data=REGISTRATION)

    assert response.status_code == 302 and response.headers["Location"] == "/"
    user = User.by_email("rut@example.se")
    assert user.roles == {"resident"} and user.unit is None and user.show_name
    page = html(client.get("/"))
    assert "Välkommen till Idéslussen! Ditt konto är skapat." in page
    assert signed_in_name(client) == "Rut Rosén"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"display_name": ""}, "Fyll i ditt namn."),
        ({"email": ""}, "Fyll i din e-postadress."),
        (
            {"email": "rut.example.se"},
            "Skriv en giltig e-postadress, till exempel namn@example.se.",
        ),
        ({"password": "kort", "confirm": "kort"}, "Lösenordet måste ha minst 10 tecken."),
        ({"confirm": "något annat lösenord"}, "Lösenorden är inte lika."),
    ],
    ids=["no name", "no email", "bad email", "short password", "passwords differ"],
)
def test_registration_shows_swedish_errors_and_creates_nothing(client, changes, message):
    before = user_count()

    response = client.post("/register", data={**REGISTRATION, **changes})

    assert response.status_code == 200
    assert "Det finns fel i formuläret" in error_summary(response)
    assert message in error_summary(response)
    assert user_count() == before
    assert signed_in_name(client) is None


def test_registration_refuses_an_email_already_in_use(client, make_user):
    make_user("employee", email="rut@example.se")
    before = user_count()

    response = client.post("/register", data={**REGISTRATION, "email": "RUT@example.se"})

    assert response.status_code == 200
    assert "Det finns redan ett konto med den e-postadressen." in error_summary(response)
    assert user_count() == before


# Sign-in and sign-out


@pytest.mark.parametrize("role", ROLES)
def test_every_role_signs_in_and_sees_their_name(client, auth, make_user, role):
    user = make_user(role, name="Alva Andersson")

    response = auth.login(user)

    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert "Du är inloggad." in html(client.get("/"))
    assert signed_in_name(client) == "Alva Andersson"


def test_wrong_password_and_unknown_email_give_the_same_answer(client, auth, make_user):
    user = make_user(email="finns@example.se")

    wrong_password = auth.login(user, "fel lösenord")
    unknown_email = auth.login("finns-inte@example.se", "fel lösenord")

    assert wrong_password.status_code == unknown_email.status_code == 200
    assert SIGN_IN_ERROR in error_summary(wrong_password)
    assert error_summary(wrong_password) == error_summary(unknown_email)
    assert signed_in_name(client) is None


def test_a_deactivated_user_cannot_sign_in(client, auth, make_user, save):
    user = make_user(email="spärrad@example.se")
    user.active = False
    save()

    response = auth.login(user)

    assert SIGN_IN_ERROR in error_summary(response)
    assert signed_in_name(client) is None


def test_a_deactivated_user_is_signed_out_on_their_next_request(client, auth, make_user, save):
    user = make_user()
    auth.login(user)
    user.active = False
    save()

    assert signed_in_name(client) is None


def test_sign_out_is_post_only(client, auth, make_user):
    auth.login(make_user(name="Sigge"))

    assert client.get("/logout").status_code == 405
    assert signed_in_name(client) == "Sigge"

    response = auth.logout()
    assert response.status_code == 302
    assert "Du är utloggad." in html(client.get("/"))
    assert signed_in_name(client) is None
    assert client.get("/profile").status_code == 302


@pytest.mark.parametrize(
    ("next_url", "lands_on"),
    [
        ("/profile", "/profile"),
        ("/admin/users?q=anna", "/admin/users?q=anna"),
        ("https://evil.example/phish", "/"),
        ("//evil.example/phish", "/"),
        ("/\\evil.example", "/"),
        ("javascript:alert(1)", "/"),
    ],
)
def test_sign_in_follows_next_only_within_the_site(client, make_user, next_url, lands_on):
    user = make_user()

    response = client.post(
        "/login", data={"email": user.email, "password": PASSWORD, "next": next_url}
    )

    assert response.status_code == 302 and response.headers["Location"] == lands_on


def test_a_page_that_needs_sign_in_sends_you_back_after_it(client, make_user):
    user = make_user("admin")

    to_login = client.get("/admin/users")
    assert to_login.status_code == 302
    login_page = client.get(to_login.headers["Location"])
    assert 'name="next" type="hidden" value="/admin/users"' in html(login_page)

    response = client.post(
        "/login", data={"email": user.email, "password": PASSWORD, "next": "/admin/users"}
    )
    assert response.headers["Location"] == "/admin/users"


def test_a_signed_in_user_visiting_login_is_sent_on(client, auth, make_user):
    auth.login(make_user())

    response = client.get("/login?next=/profile")

    assert response.status_code == 302 and response.headers["Location"] == "/profile"


# Password reset


def test_password_reset_through_the_mailed_link(client, auth, make_user, mailbox, run_jobs):
    user = make_user(email="glomsk@example.se")

    response = client.post("/password/forgot", data={"email": "Glomsk@Example.se"})
    assert response.status_code == 302 and response.headers["Location"] == "/login"
    run_jobs()
    [message] = mailbox.to("glomsk@example.se")
    assert message["Subject"] == "Återställ ditt lösenord"
    link = reset_link(mailbox, "glomsk@example.se")

    form = client.get(link)
    assert form.status_code == 200 and "glomsk@example.se" in html(form)
    done = client.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert done.status_code == 302 and done.headers["Location"] == "/login"
    assert "Ditt lösenord är bytt." in html(client.get("/login"))

    assert SIGN_IN_ERROR in error_summary(auth.login(user, PASSWORD))
    assert auth.login(user, NEW_PASSWORD).headers["Location"] == "/"
    auth.logout()
    again = client.get(link)
    assert again.status_code == 400 and "Länken fungerar inte" in html(again)
    again = client.post(
        link, data={"password": "ännu ett lösenord", "confirm": "ännu ett lösenord"}
    )
    assert again.status_code == 400
    assert auth.login(user, NEW_PASSWORD).headers["Location"] == "/"


def test_reset_request_says_the_same_for_unknown_addresses_and_mails_nobody(
    client, make_user, mailbox, run_jobs
):
    make_user(email="finns@example.se")

    known = client.post(
        "/password/forgot", data={"email": "finns@example.se"}, follow_redirects=True
    )
    unknown = client.post(
        "/password/forgot", data={"email": "okand@example.se"}, follow_redirects=True
    )
    run_jobs()

    flash = re.search(r'<div class="flashes".*?</div>', html(known), re.S).group(0)
    assert "Om det finns ett konto med den adressen" in flash
    assert flash in html(unknown)
    assert [m["To"] for m in mailbox.messages] == ["finns@example.se"]


def test_an_expired_reset_link_is_refused(app, client, make_user, monkeypatch):
    user = make_user()
    with monkeypatch.context() as m, app.test_request_context():
        m.setattr(
            TimestampSigner,
            "get_timestamp",
            lambda self: int(time.time()) - app.config["PASSWORD_RESET_MAX_AGE"] - 1,
        )
        token = operations.password_token(user)

    response = client.get(f"/password/reset/{token}")

    assert response.status_code == 400 and "Länken har gått ut" in html(response)


def test_a_made_up_reset_link_is_refused(client):
    response = client.get("/password/reset/inte-en-riktig-token")

    assert response.status_code == 400 and "Be om en ny länk" in html(response)


def test_reset_form_validates_the_new_password(app, client, make_user):
    user = make_user()
    with app.test_request_context():
        link = f"/password/reset/{operations.password_token(user)}"

    response = client.post(link, data={"password": "kort", "confirm": "kort"})

    assert response.status_code == 200
    assert "Lösenordet måste ha minst 10 tecken." in error_summary(response)
    assert user.check_password(PASSWORD)


# Profile


def test_the_profile_needs_sign_in(client):
    response = client.get("/profile")

    assert response.status_code == 302
    assert login_next(response) == "/profile"


def test_profile_update(client, auth, make_user):
    user = make_user("resident", name="Gammalt Namn")
    auth.login(user)

    response = client.post("/profile", data={"display_name": "Nytt Namn", "locale": "en"})

    assert response.status_code == 302 and response.headers["Location"] == "/profile"
    db.session.refresh(user)
    assert (user.display_name, user.show_name, user.locale) == ("Nytt Namn", False, "en")
    page = html(client.get("/profile"))
    assert '<html lang="en">' in page and "Nytt Namn" in page


def test_profile_update_shows_errors(client, auth, make_user):
    auth.login(make_user(name="Kvar"))

    response = client.post("/profile", data={"display_name": "", "locale": "sv"})

    assert response.status_code == 200
    assert "Fyll i ditt namn." in error_summary(response)
    assert signed_in_name(client) == "Kvar"


def test_password_change(client, auth, make_user):
    user = make_user()
    auth.login(user)
    change = {"pw-current": PASSWORD, "pw-password": NEW_PASSWORD, "pw-confirm": NEW_PASSWORD}

    wrong = client.post("/profile/password", data={**change, "pw-current": "gissning"})
    assert wrong.status_code == 200
    assert "Nuvarande lösenord stämmer inte." in error_summary(wrong)

    right = client.post("/profile/password", data=change)
    assert right.status_code == 302
    assert "Ditt lösenord är bytt." in html(client.get("/profile"))
    auth.logout()
    assert SIGN_IN_ERROR in error_summary(auth.login(user, PASSWORD))
    assert auth.login(user, NEW_PASSWORD).status_code == 302


# Administration

ADMIN_PAGES = [
    "/admin/",
    "/admin/users",
    "/admin/users?q=person&role=employee",
    "/admin/users/new",
    "/admin/users/{user_id}",
    "/admin/units",
    "/admin/units/new",
    "/admin/units/{unit_id}",
    "/admin/audit",
    "/admin/audit?action=user.&object_type=users",
]
VISITOR = None


@pytest.mark.parametrize("path", ADMIN_PAGES)
@pytest.mark.parametrize(
    ("role", "status"),
    [
        (VISITOR, 302),
        ("resident", 403),
        ("employee", 403),
        ("coach", 403),
        ("committee", 403),
        ("admin", 200),
    ],
)
def test_admin_pages_are_for_admins_only(client, auth, make_user, role, status, path):
    user = make_user(role) if role else make_user("employee")
    if role:
        auth.login(user)
    path = path.format(user_id=user.id, unit_id=user.unit.id if user.unit else 1)

    response = client.get(path)

    assert response.status_code == status
    if status == 302:
        assert login_next(response) == path
    if status == 403:
        assert "Du har inte behörighet att se den här sidan." in html(response)


@pytest.mark.parametrize("role", [VISITOR, "resident", "employee", "coach", "committee"])
def test_non_admins_cannot_give_themselves_roles(client, auth, make_user, role):
    user = make_user(role or "employee")
    if role:
        auth.login(user)
    before = user.roles

    client.post(
        f"/admin/users/{user.id}",
        data={
            "display_name": "Jag",
            "unit_id": user.unit_id or 0,
            "roles": ["admin"],
            "active": "y",
        },
    )

    db.session.refresh(user)
    assert user.roles == before


def test_admin_creates_a_user_who_gets_an_invitation(
    client, auth, make_user, make_unit, mailbox, run_jobs
):
    admin = make_user("admin")
    unit = make_unit("Kulturförvaltningen")
    auth.login(admin)

    response = client.post(
        "/admin/users/new",
        data={
            "email": "Ny@Example.se",
            "display_name": "Nora Ny",
            "unit_id": unit.id,
            "roles": ["employee", "coach"],
            "active": "y",
        },
    )

    assert response.status_code == 302 and response.headers["Location"] == "/admin/users"
    assert "Kontot för Nora Ny är skapat och en inbjudan är skickad." in html(
        client.get("/admin/users")
    )
    user = User.by_email("ny@example.se")
    assert (user.roles, user.unit_id) == ({"employee", "coach"}, unit.id)
    run_jobs()
    [message] = mailbox.to("ny@example.se")
    assert message["Subject"] == "Välkommen till Idéslussen"
    auth.logout()
    link = reset_link(mailbox, "ny@example.se")
    assert (
        client.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}).status_code
        == 302
    )
    assert auth.login("ny@example.se", NEW_PASSWORD).headers["Location"] == "/"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"unit_id": 0}, "måste höra till en enhet"),
        ({"roles": []}, "Välj minst en roll."),
        ({"email": "admin@example.se"}, "Det finns redan ett konto med den e-postadressen."),
        ({"email": "inte-en-adress"}, "Skriv en giltig e-postadress"),
    ],
    ids=["staff without unit", "no role", "email taken", "bad email"],
)
def test_admin_user_form_refuses_bad_input(client, auth, make_user, changes, message):
    admin = make_user("admin", email="admin@example.se")
    auth.login(admin)
    before = user_count()

    response = client.post(
        "/admin/users/new",
        data={
            "email": "ny@example.se",
            "display_name": "Ny",
            "unit_id": admin.unit_id,
            "roles": ["employee"],
            **changes,
        },
    )

    assert response.status_code == 200 and message in error_summary(response)
    assert user_count() == before


def test_admin_changes_roles_and_it_is_audited(client, auth, make_user):
    admin, user = make_user("admin"), make_user("employee", name="Elsa")
    auth.login(admin)

    response = client.post(
        f"/admin/users/{user.id}",
        data={
            "display_name": "Elsa",
            "unit_id": user.unit_id,
            "roles": ["employee", "coach"],
            "active": "y",
        },
    )

    assert response.status_code == 302
    db.session.refresh(user)
    assert user.roles == {"employee", "coach"}
    [entry] = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "user.roles_changed")
    ).all()
    assert (entry.actor_id, entry.object_type, entry.object_id) == (admin.id, "users", user.id)
    assert entry.data == {"before": ["employee"], "after": ["coach", "employee"]}
    log = html(client.get("/admin/audit"))
    assert "user.roles_changed" in log and "after: [&#39;coach&#39;, &#39;employee&#39;]" in log


def test_admin_cannot_remove_their_own_admin_role(client, auth, make_user):
    admin = make_user("employee", "admin")
    auth.login(admin)

    response = client.post(
        f"/admin/users/{admin.id}",
        data={
            "display_name": admin.display_name,
            "unit_id": admin.unit_id,
            "roles": ["employee"],
            "active": "y",
        },
    )

    assert response.status_code == 200
    assert "Du kan inte ta bort din egen administratörsroll" in error_summary(response)
    db.session.refresh(admin)
    assert admin.roles == {"employee", "admin"}
    assert client.get("/admin/").status_code == 200


def test_admin_creates_and_renames_units_with_unique_names(client, auth, make_user, make_unit):
    auth.login(make_user("admin"))
    make_unit("Trafikkontoret")

    created = client.post(
        "/admin/units/new", data={"name": "Innovationskontoret", "kind": "forvaltning"}
    )
    assert created.status_code == 302 and created.headers["Location"] == "/admin/units"
    unit = db.session.scalars(select(Unit).where(Unit.name == "Innovationskontoret")).one()

    clash = client.post(f"/admin/units/{unit.id}", data={"name": "Trafikkontoret", "kind": "bolag"})
    assert clash.status_code == 200
    assert "Det finns redan en enhet med det namnet." in error_summary(clash)

    renamed = client.post(
        f"/admin/units/{unit.id}", data={"name": "Innovationsbolaget", "kind": "bolag"}
    )
    assert renamed.status_code == 302
    db.session.refresh(unit)
    assert (unit.name, unit.kind) == ("Innovationsbolaget", "bolag")
    listing = html(client.get("/admin/units"))
    assert "Enheten är sparad." in listing and "Innovationsbolaget" in listing
    actions = db.session.scalars(
        select(AuditEntry.action).where(
            AuditEntry.object_type == "units", AuditEntry.object_id == unit.id
        )
    ).all()
    assert sorted(actions) == ["unit.created", "unit.updated"]


def test_unit_form_needs_a_name(client, auth, make_user):
    auth.login(make_user("admin"))

    response = client.post("/admin/units/new", data={"name": "", "kind": "bolag"})

    assert response.status_code == 200 and "Fyll i enhetens namn." in error_summary(response)


def test_admin_user_list_filters(client, auth, make_user, make_unit):
    auth.login(make_user("admin", name="Admin Adminsson"))
    parks = make_unit("Parkförvaltningen")
    make_user("coach", name="Cilla Coach", unit=parks)
    make_user("employee", name="Edvin Anställd")
    make_user("resident", name="Ivar Invånare")

    def names(query):
        page = html(client.get(f"/admin/users?{query}"))
        return set(re.findall(r'<a href="/admin/users/\d+">([^<]+)</a>', page))

    assert names("role=coach") == {"Cilla Coach"}
    assert names(f"unit={parks.id}") == {"Cilla Coach"}
    assert names("q=invån") == {"Ivar Invånare"}
    assert names("q=EDVIN") == {"Edvin Anställd"}


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ("action=user.roles", "user.roles_changed", "unit.created"),
        ("object_type=units", "unit.created", "user.roles_changed"),
        ("actor={other}", "unit.created", "user.roles_changed"),
    ],
)
def test_audit_log_filters(client, auth, make_user, make_unit, save, query, shown, hidden):
    admin, other, target = make_user("admin"), make_user("admin"), make_user()
    unit = make_unit()
    log_action("user.roles_changed", target, actor=admin, before=["employee"], after=["coach"])
    log_action("unit.created", unit, actor=other, name=unit.name)
    save()
    auth.login(admin)

    page = html(client.get("/admin/audit?" + query.format(other=other.id)))

    assert f"<code>{shown}</code>" in page and f"<code>{hidden}</code>" not in page


def test_nobody_can_edit_the_audit_log(make_user):
    entry = log_action("user.roles_changed", make_user(), before=[], after=["admin"])
    db.session.flush()

    entry.data = {"before": [], "after": []}
    with pytest.raises(RuntimeError, match="append-only"), db.session.begin_nested():
        db.session.flush()


# The command line


def test_flask_users_create_admin(runner, client, auth):
    result = runner.invoke(
        args=[
            "users",
            "create-admin",
            "--email",
            "Chef@Example.se",
            "--name",
            "Ina Chef",
            "--password",
            NEW_PASSWORD,
        ],
    )

    assert result.exit_code == 0, result.output
    assert "Administrator chef@example.se created." in result.output
    user = User.by_email("chef@example.se")
    assert user.roles == {"admin", "employee"} and user.unit.name == "Stadsledningskontoret"
    auth.login("chef@example.se", NEW_PASSWORD)
    assert client.get("/admin/users").status_code == 200


def test_create_admin_uses_an_existing_unit_and_refuses_a_taken_email(runner, make_user, make_unit):
    unit = make_unit("Miljöförvaltningen")
    make_user(email="taken@example.se")
    args = [
        "users",
        "create-admin",
        "--name",
        "X",
        "--unit",
        "Miljöförvaltningen",
        "--password",
        NEW_PASSWORD,
    ]

    ok = runner.invoke(args=[*args, "--email", "miljo@example.se"])
    taken = runner.invoke(args=[*args, "--email", "taken@example.se"])

    assert ok.exit_code == 0 and User.by_email("miljo@example.se").unit == unit
    assert taken.exit_code == 1 and "Det finns redan ett konto" in taken.output
    assert (
        db.session.scalar(select(func.count()).select_from(Unit).where(Unit.name == unit.name)) == 1
    )
