"""The IP principles: the version in force, publishing, and the acknowledgements for admins."""

import csv
import io
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from ideasluss.core.models import AuditEntry
from ideasluss.extensions import db
from ideasluss.ip.models import IpAcknowledgement, IpPrinciples
from ideasluss.ip.operations import require_acknowledgement

NON_ADMINS = ["resident", "employee", "coach", "committee"]
ADMIN_PAGES = [
    ("get", "/admin/ip/"),
    ("get", "/admin/ip/new"),
    ("post", "/admin/ip/new"),
    ("get", "/admin/ip/acknowledgements"),
    ("get", "/admin/ip/acknowledgements.csv"),
]
TODAY = date.today()


def html(response):
    return response.get_data(as_text=True)


def publication(**changes):
    data = {
        "version": "2026.1",
        "title": "Principer för immateriella rättigheter",
        "summary": "Idén förblir din. Staden får använda lösningen i sin verksamhet.",
        "body": "# Principerna\n\nStaden äger inte din idé.\n\n- Du får **erkännande**.",
        "effective_from": TODAY.isoformat(),
    }
    return {**data, **changes}


def principles_count():
    return db.session.scalar(select(func.count()).select_from(IpPrinciples))


@pytest.fixture
def admin(make_user, auth):
    user = make_user("admin", name="Ada Admin")
    auth.login(user)
    return user


# The version in force


def test_in_force_is_the_newest_effective_version(make_principles):
    old = make_principles(version="1", effective_from=TODAY - timedelta(days=30))
    assert IpPrinciples.in_force() == old
    newer = make_principles(version="2", effective_from=TODAY)
    make_principles(version="3", effective_from=TODAY + timedelta(days=1))

    assert IpPrinciples.in_force() == newer
    assert IpPrinciples.in_force(TODAY - timedelta(days=1)) == old
    assert IpPrinciples.in_force(TODAY - timedelta(days=31)) is None


def test_a_future_version_is_not_yet_in_force(make_principles):
    make_principles(version="snart", effective_from=TODAY + timedelta(days=7))
    assert IpPrinciples.in_force() is None
    assert IpPrinciples.in_force(TODAY + timedelta(days=7)).version == "snart"


def test_the_principles_page_without_any_version(client):
    page = html(client.get("/ip/"))
    assert "Det finns inga gällande principer för immateriella rättigheter ännu." in page
    assert "Inga principer för immateriella rättigheter är publicerade ännu." in html(
        client.get("/ip/versions")
    )


def test_the_principles_page_shows_the_version_in_force(client, make_principles, save):
    make_principles(version="1.0", title="Gamla principerna", effective_from=TODAY - timedelta(9))
    make_principles(
        version="2.0",
        title="Nya principerna",
        summary="Kort: idén förblir din.",
        body="## Ägande\n\nDu äger **din** idé.\n\n<script>alert(1)</script>",
    )
    coming = make_principles(version="3.0", effective_from=TODAY + timedelta(days=10))
    save()

    page = html(client.get("/ip/"))

    assert "<h1>Nya principerna</h1>" in page
    assert "2.0" in page and "Kort: idén förblir din." in page
    assert "<h2>Ägande</h2>" in page and "<strong>din</strong>" in page
    assert "<script>alert" not in page
    assert "Gamla principerna" not in page
    assert f'href="/ip/versions/{coming.id}"' in page


def test_versions_list_and_one_version(client, make_principles, save):
    old = make_principles(version="1.0", effective_from=TODAY - timedelta(days=9))
    current = make_principles(version="2.0")
    save()

    page = html(client.get("/ip/versions"))
    assert page.index("2.0") < page.index("1.0")
    assert "Gäller nu" in page and "Ersatt" in page

    page = html(client.get(f"/ip/versions/{old.id}"))
    assert "Den här versionen har ersatts." in page and old.title in page
    page = html(client.get(f"/ip/versions/{current.id}"))
    assert "Det här är den version som gäller nu." in page
    assert client.get("/ip/versions/999999").status_code == 404


# Publishing


def test_an_admin_publishes_a_version(client, admin):
    response = client.post("/admin/ip/new", data=publication())

    assert response.status_code == 302 and response.headers["Location"] == "/admin/ip/"
    principles = IpPrinciples.in_force()
    assert principles.version == "2026.1" and principles.published_by_id == admin.id
    assert principles.summary.startswith("Idén förblir din.")
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "ip.published")).one()
    assert entry.actor_id == admin.id and entry.object_id == principles.id
    assert "Principerna" in html(client.get("/ip/"))


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"version": ""}, "Ange ett versionsnummer."),
        ({"version": "x" * 21}, "Versionen får ha högst 20 tecken."),
        ({"title": " "}, "Ange en rubrik."),
        ({"summary": ""}, "Skriv en kort sammanfattning."),
        ({"body": ""}, "Skriv principernas text."),
        ({"effective_from": ""}, "Ange från vilket datum versionen gäller."),
        ({"effective_from": "31/12/2026"}, "Ange ett giltigt datum som ÅÅÅÅ-MM-DD."),
    ],
    ids=["no version", "long version", "no title", "no summary", "no body", "no date", "bad date"],
)
def test_publishing_validates_the_form(client, admin, changes, message):
    response = client.post("/admin/ip/new", data=publication(**changes))

    assert response.status_code == 200
    page = html(response)
    assert 'class="error-summary"' in page and message in page
    assert "Not a valid" not in page
    assert principles_count() == 0


def test_a_version_is_published_only_once(client, admin, make_principles, save):
    make_principles(version="2026.1")
    save()

    response = client.post("/admin/ip/new", data=publication(title="Andra försöket"))

    assert response.status_code == 200
    assert "Versionen 2026.1 finns redan." in html(response)
    assert principles_count() == 1


@pytest.mark.parametrize("role", NON_ADMINS)
@pytest.mark.parametrize(("method", "path"), ADMIN_PAGES)
def test_only_admins_reach_the_ip_administration(client, auth, make_user, role, method, path):
    auth.login(make_user(role))
    response = getattr(client, method)(path, data=publication())
    assert response.status_code == 403
    assert principles_count() == 0


@pytest.mark.parametrize(("method", "path"), ADMIN_PAGES)
def test_visitors_are_asked_to_sign_in(client, method, path):
    response = getattr(client, method)(path, data=publication())
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert principles_count() == 0


# Acknowledgements


@pytest.fixture
def acknowledged(make_user, make_idea, make_principles, save):
    """Three acknowledgements over two versions, one by someone who hides their name."""
    first = make_principles(version="v1", effective_from=TODAY - timedelta(days=30))
    rut = make_user("resident", name="Rut Rosén", email="rut@example.se")
    hidden = make_user("resident", name="Hemlig Person", email="hemlig@example.se", show_name=False)
    idea = make_idea(owner=rut)
    require_acknowledgement(rut, "idea", idea.id, True)
    second = make_principles(version="v2")
    require_acknowledgement(rut, "idea", idea.id, True)
    require_acknowledgement(hidden, "application", 77, True)
    save()
    return {"v1": first, "v2": second, "idea": idea}


def test_admins_list_acknowledgements(client, admin, acknowledged):
    page = html(client.get("/admin/ip/acknowledgements"))

    assert "3 bekräftelser" in page
    assert "Rut Rosén" in page and "rut@example.se" in page
    assert "Hemlig Person" not in page and "Anonym" in page and "hemlig@example.se" in page
    assert f'href="/ideas/{acknowledged["idea"].id}"' in page
    assert "Fondansökan 77" in page


def test_acknowledgements_filter_by_version(client, admin, acknowledged):
    page = html(client.get("/admin/ip/acknowledgements?version=v1"))
    assert "1 bekräftelse" in page and "Rut Rosén" in page and "Anonym" not in page
    page = html(client.get("/admin/ip/acknowledgements?version=okänd"))
    assert "Inga bekräftelser matchar filtret." in page


def test_acknowledgements_are_paginated(client, admin, make_principles, make_user, save):
    make_principles(version="v1")
    person = make_user("employee")
    for n in range(51):
        require_acknowledgement(person, "idea", n + 1, True)
    save()

    first = html(client.get("/admin/ip/acknowledgements"))
    assert "Sida 1 av 2" in first and 'rel="next"' in first
    assert client.get("/admin/ip/acknowledgements?page=2").status_code == 200
    assert client.get("/admin/ip/acknowledgements?page=3").status_code == 404


def read_csv(response):
    body = response.get_data(as_text=True)
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:]), delimiter=";"))


def test_acknowledgements_csv_for_swedish_excel(client, admin, acknowledged):
    response = client.get("/admin/ip/acknowledgements.csv")

    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.get_data().startswith("\ufeff".encode())
    rows = read_csv(response)
    assert rows[0] == ["Namn", "E-post", "Version", "Bekräftad", "Sammanhang", "Objekt-id"]
    assert len(rows) == 4
    assert rows[1][:3] == ["Anonym", "hemlig@example.se", "v2"]
    assert rows[1][4:] == ["Fondansökan", "77"]
    assert sorted(row[2] for row in rows[1:]) == ["v1", "v2", "v2"]
    assert {row[4] for row in rows[1:]} == {"Idé", "Fondansökan"}
    assert all(len(row[3]) == 19 for row in rows[1:])


def test_acknowledgements_csv_filters_by_version(client, admin, acknowledged):
    response = client.get("/admin/ip/acknowledgements.csv?version=v1")
    rows = read_csv(response)
    assert [row[:3] for row in rows[1:]] == [["Rut Rosén", "rut@example.se", "v1"]]
    assert "ip-bekraftelser-v1.csv" in response.headers["Content-Disposition"]


@pytest.mark.parametrize("name", ['=HYPERLINK("http://x")', "+1+2", "-5", "@SUM(A1)", "\tTab"])
def test_acknowledgements_csv_is_safe_from_formula_injection(
    client, admin, make_principles, make_user, save, name
):
    make_principles(version="=1+1")
    require_acknowledgement(make_user("resident", name=name), "idea", 1, True)
    save()

    [_header, row] = read_csv(client.get("/admin/ip/acknowledgements.csv"))

    assert row[0] == "'" + name and row[2] == "'=1+1"
    assert not any(cell.startswith(("=", "+", "-", "@", "\t")) for cell in row)


def test_the_admin_start_page_links_the_ip_pages(client, admin):
    page = html(client.get("/admin/"))
    assert 'href="/admin/ip/"' in page and 'href="/admin/ip/acknowledgements"' in page
    assert 'href="/admin/moderation/"' in page


def test_acknowledgement_records_user_version_and_context(make_user, make_principles):
    principles = make_principles()
    person = make_user("employee")
    ack = require_acknowledgement(person, "idea", 5, True)
    db.session.flush()
    stored = db.session.get(IpAcknowledgement, ack.id)
    assert (stored.user_id, stored.principles_id, stored.context, stored.object_id) == (
        person.id,
        principles.id,
        "idea",
        5,
    )
