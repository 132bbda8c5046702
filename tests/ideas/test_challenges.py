"""Challenges: the list and page, publishing and editing (admins and coaches), closed ones."""

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from ideasluss.core.errors import Refused
from ideasluss.core.models import AuditEntry
from ideasluss.extensions import db
from ideasluss.ideas import operations
from ideasluss.ideas.challenge_operations import publish_challenge, update_challenge
from ideasluss.ideas.models import Challenge, Idea

ROLES = ["resident", "employee", "coach", "committee", "admin"]
MANAGERS = {"coach", "admin"}
TODAY = date.today()
CLOSED_MESSAGE = "Utmaningen är stängd och tar inte emot nya idéer."


def html(response):
    return response.get_data(as_text=True)


@pytest.fixture
def make_challenge(make_unit, make_user):
    counter = iter(range(1, 10_000))

    def make(opens_in=-10, closes_in=10, unit=None, title=None, description=None, actor=None):
        n = next(counter)
        return publish_challenge(
            title=title or f"Utmaning {n}",
            description=description or f"Beskrivning av utmaning {n}.",
            unit=unit or make_unit(),
            opens_on=TODAY + timedelta(days=opens_in),
            closes_on=TODAY + timedelta(days=closes_in),
            actor=actor or make_user("admin"),
        )

    return make


def challenge_count():
    return db.session.scalar(select(func.count()).select_from(Challenge))


def form_data(unit, **changes):
    data = {
        "title": "Färre ensamma äldre",
        "description": "Hur når vi **äldre** som inte har kontakt med någon?",
        "unit_id": str(unit.id),
        "opens_on": TODAY.isoformat(),
        "closes_on": (TODAY + timedelta(days=30)).isoformat(),
    }
    return {**data, **changes}


# The list and the page


def test_open_challenges_come_first_closing_soonest_first(client, make_challenge, make_unit, save):
    unit = make_unit(name="Äldreförvaltningen")
    late = make_challenge(closes_in=40, title="Stänger sent", unit=unit)
    soon = make_challenge(closes_in=3, title="Stänger snart", description="Kort *text* om behovet")
    closed = make_challenge(opens_in=-60, closes_in=-30, title="Redan stängd")
    recently = make_challenge(opens_in=-60, closes_in=-1, title="Nyss stängd")
    coming = make_challenge(opens_in=5, closes_in=20, title="Öppnar snart")
    save()

    page = html(client.get("/challenges/"))

    titles = [soon.title, late.title, coming.title, recently.title, closed.title]
    positions = [page.index(t) for t in titles]
    assert positions == sorted(positions)
    assert page.index("Öppna utmaningar") < page.index(soon.title)
    assert page.index("Stängda utmaningar") < page.index(recently.title)
    assert "Äldreförvaltningen" in page and "Kort text om behovet" in page
    assert "<em>" not in page.split("Stänger snart")[1].split("</li>")[0]


def test_the_list_shows_the_idea_count(client, make_challenge, make_idea, save):
    challenge = make_challenge(title="Med idéer")
    make_idea(challenge=challenge)
    make_idea(challenge=challenge)
    make_idea(challenge=challenge, state="draft")
    save()
    assert challenge.idea_count == 2
    page = html(client.get("/challenges/"))
    card = page.split("Med idéer")[1].split("</li>")[0]
    assert "<dt>Idéer</dt><dd>2</dd>" in card


def test_the_challenge_page(client, make_challenge, save):
    description = "## Behovet\n\nVi behöver **hjälp**.<script>x()</script>"
    challenge = make_challenge(description=description)
    save()

    page = html(client.get(f"/challenges/{challenge.id}"))

    assert f"<h1>{challenge.title}</h1>" in page
    assert "<h2>Behovet</h2>" in page and "<strong>hjälp</strong>" in page
    assert "<script>x()" not in page
    assert "Öppen" in page and challenge.unit.name in page
    assert "Lämna en idé på utmaningen" in page
    assert f'href="/ideas/new?challenge={challenge.id}"' in page


@pytest.mark.parametrize(
    ("opens_in", "closes_in", "text"),
    [
        (-20, -1, "Utmaningen är stängd och tar inte emot nya idéer."),
        (2, 20, "Utmaningen öppnar"),
    ],
    ids=["closed", "not yet open"],
)
def test_no_new_ideas_link_unless_open(client, make_challenge, save, opens_in, closes_in, text):
    challenge = make_challenge(opens_in=opens_in, closes_in=closes_in)
    save()
    page = html(client.get(f"/challenges/{challenge.id}"))
    assert "Lämna en idé på utmaningen" not in page and text in page


def test_a_missing_challenge_is_404(client):
    assert client.get("/challenges/999999").status_code == 404


@pytest.fixture
def answered(make_challenge, make_idea, make_user, save):
    """A challenge with a public idea, an internal idea, a draft and a declined idea."""
    challenge = make_challenge()
    ideas = {
        "public": make_idea(challenge=challenge, title="Offentlig idé om behovet"),
        "internal": make_idea(challenge=challenge, visibility="internal", title="Intern idé"),
        "draft": make_idea(challenge=challenge, state="draft", title="Utkast till idé"),
        "declined": make_idea(challenge=challenge, state="declined", title="Avslutad idé"),
    }
    make_idea(title="Idé utan utmaning")
    save()
    return challenge, ideas


@pytest.mark.parametrize(
    ("role", "sees_internal"),
    [(None, False), ("resident", False), ("employee", True), ("coach", True)],
    ids=["visitor", "resident", "employee", "coach"],
)
def test_the_page_lists_only_ideas_the_viewer_may_see(
    client, auth, make_user, answered, role, sees_internal
):
    challenge, ideas = answered
    if role:
        auth.login(make_user(role))

    page = html(client.get(f"/challenges/{challenge.id}"))

    assert "Offentlig idé om behovet" in page and "Avslutad idé" in page
    assert '<h3 class="idea-card-title">' in page
    assert ("Intern idé" in page) is sees_internal
    assert (f'href="/ideas/{ideas["internal"].id}"' in page) is sees_internal
    assert "Utkast till idé" not in page and "Idé utan utmaning" not in page


def test_a_resident_sees_an_internal_idea_of_their_own_team(
    client, auth, make_user, make_challenge, make_idea, save
):
    resident = make_user("resident")
    challenge = make_challenge()
    make_idea(challenge=challenge, visibility="internal", title="Vår interna idé", team=[resident])
    save()
    auth.login(resident)
    assert "Vår interna idé" in html(client.get(f"/challenges/{challenge.id}"))


# Publishing and editing


@pytest.mark.parametrize("role", ROLES)
def test_who_may_publish_a_challenge(client, auth, make_user, make_unit, role):
    auth.login(make_user(role))
    unit = make_unit()

    form = client.get("/challenges/new")
    response = client.post("/challenges/new", data=form_data(unit))

    if role in MANAGERS:
        assert form.status_code == 200
        challenge = db.session.scalars(select(Challenge)).one()
        assert response.status_code == 302
        assert response.headers["Location"] == f"/challenges/{challenge.id}"
        assert challenge.unit_id == unit.id and challenge.closes_on == TODAY + timedelta(30)
    else:
        assert form.status_code == 403 and response.status_code == 403
        assert challenge_count() == 0


@pytest.mark.parametrize("role", ROLES)
def test_who_may_edit_a_challenge(client, auth, make_user, make_challenge, make_unit, save, role):
    challenge = make_challenge(title="Före")
    other = make_unit(name="Trafikkontoret")
    save()
    auth.login(make_user(role))

    form = client.get(f"/challenges/{challenge.id}/edit")
    response = client.post(f"/challenges/{challenge.id}/edit", data=form_data(other, title="Efter"))

    db.session.expire_all()
    if role in MANAGERS:
        assert form.status_code == 200 and "Före" in html(form)
        assert response.status_code == 302
        assert (challenge.title, challenge.unit_id) == ("Efter", other.id)
    else:
        assert form.status_code == 403 and response.status_code == 403
        assert challenge.title == "Före"


@pytest.mark.parametrize("path", ["/challenges/new", "/challenges/{id}/edit"])
def test_visitors_are_asked_to_sign_in(client, make_challenge, save, path):
    challenge = make_challenge()
    save()
    response = client.get(path.format(id=challenge.id))
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_the_edit_page_of_a_missing_challenge_is_404(client, auth, make_user):
    auth.login(make_user("admin"))
    assert client.get("/challenges/999999/edit").status_code == 404


def test_publishing_and_editing_are_audited(client, auth, make_user, make_unit):
    coach = make_user("coach")
    auth.login(coach)
    unit = make_unit()
    client.post("/challenges/new", data=form_data(unit))
    challenge = db.session.scalars(select(Challenge)).one()
    later = (TODAY + timedelta(days=60)).isoformat()
    client.post(f"/challenges/{challenge.id}/edit", data=form_data(unit, closes_on=later))

    entries = db.session.scalars(
        select(AuditEntry).where(AuditEntry.object_type == "challenges").order_by(AuditEntry.id)
    ).all()
    assert [e.action for e in entries] == ["challenge.published", "challenge.updated"]
    assert all(e.actor_id == coach.id and e.object_id == challenge.id for e in entries)
    assert entries[1].data["fields"] == ["closes_on"] and entries[1].data["closes_on"] == later


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"closes_on": (TODAY - timedelta(days=1)).isoformat()},
            "closes_on",
            "Utmaningen kan inte stänga före den öppnar.",
        ),
        ({"opens_on": ""}, "opens_on", "Ange när utmaningen öppnar."),
        ({"closes_on": ""}, "closes_on", "Ange när utmaningen stänger."),
        ({"closes_on": "imorgon"}, "closes_on", "Ange ett giltigt datum som ÅÅÅÅ-MM-DD."),
        ({"title": "  "}, "title", "Ge utmaningen en rubrik."),
        ({"description": ""}, "description", "Beskriv utmaningen."),
        ({"unit_id": "0"}, "unit_id", "Välj vilken enhet som äger behovet."),
        ({"unit_id": "999999"}, "unit_id", "Välj vilken enhet som äger behovet."),
        ({"unit_id": "abc"}, "unit_id", "Välj vilken enhet som äger behovet."),
    ],
    ids=[
        "closes before opens",
        "no opening",
        "no closing",
        "bad date",
        "no title",
        "no description",
        "no unit",
        "unknown unit",
        "garbage unit",
    ],
)
def test_the_challenge_form_is_validated(
    client, auth, make_user, make_unit, changes, field, message
):
    auth.login(make_user("admin"))

    response = client.post("/challenges/new", data=form_data(make_unit(), **changes))

    assert response.status_code == 200
    page = html(response)
    assert f'<a href="#{field}">' in page and message in page
    assert "Not a valid" not in page and "Invalid" not in page
    assert challenge_count() == 0


def test_a_challenge_may_open_and_close_the_same_day(client, auth, make_user, make_unit):
    auth.login(make_user("admin"))
    day = TODAY.isoformat()
    response = client.post("/challenges/new", data=form_data(make_unit(), closes_on=day))
    assert response.status_code == 302 and challenge_count() == 1


@pytest.mark.parametrize("role", ["resident", "employee", "committee"])
def test_the_operations_refuse_others_than_admins_and_coaches(make_user, make_unit, role):
    with pytest.raises(Refused, match="Bara administratörer och innovationscoacher"):
        publish_challenge(
            title="T",
            description="D",
            unit=make_unit(),
            opens_on=TODAY,
            closes_on=TODAY,
            actor=make_user(role),
        )
    assert challenge_count() == 0


def test_the_operations_refuse_closing_before_opening(make_user, make_unit, make_challenge):
    challenge = make_challenge(title="Oförändrad")
    with pytest.raises(Refused, match="Utmaningen kan inte stänga före den öppnar."):
        update_challenge(
            challenge,
            title="Ändrad",
            description="D",
            unit=make_unit(),
            opens_on=TODAY,
            closes_on=TODAY - timedelta(days=1),
            actor=make_user("coach"),
        )
    assert challenge.title == "Oförändrad"


# A closed challenge takes no new ideas


@pytest.mark.parametrize(("opens_in", "closes_in"), [(-20, -1), (3, 10)], ids=["closed", "coming"])
def test_a_challenge_not_open_refuses_new_ideas(make_user, make_challenge, opens_in, closes_in):
    challenge = make_challenge(opens_in=opens_in, closes_in=closes_in)
    owner = make_user("employee")
    before = db.session.scalar(select(func.count()).select_from(Idea))

    with pytest.raises(Refused) as refused:
        operations.create_idea(owner, title="Sen idé", challenge=challenge)

    assert refused.value.message == CLOSED_MESSAGE
    assert db.session.scalar(select(func.count()).select_from(Idea)) == before


def test_an_open_challenge_takes_new_ideas(make_user, make_challenge):
    challenge = make_challenge()
    idea = operations.create_idea(make_user("resident"), title="I tid", challenge=challenge)
    assert idea.challenge_id == challenge.id


def test_an_idea_cannot_be_moved_onto_a_closed_challenge(make_user, make_idea, make_challenge):
    closed = make_challenge(opens_in=-20, closes_in=-1)
    owner = make_user("employee")
    idea = make_idea(owner=owner, state="draft")

    with pytest.raises(Refused, match=CLOSED_MESSAGE):
        operations.update_idea(
            idea,
            owner,
            version=idea.version,
            themes=(),
            value_kinds=(),
            title=idea.title,
            challenge=closed,
        )
    db.session.refresh(idea)
    assert idea.challenge_id is None


def test_closing_a_challenge_early_stops_new_ideas(make_user, make_challenge):
    challenge = make_challenge()
    update_challenge(
        challenge,
        title=challenge.title,
        description=challenge.description,
        unit=challenge.unit,
        opens_on=TODAY - timedelta(days=10),
        closes_on=TODAY - timedelta(days=1),
        actor=make_user("coach"),
    )
    with pytest.raises(Refused, match=CLOSED_MESSAGE):
        operations.create_idea(make_user("employee"), title="För sent", challenge=challenge)


# Bounded queries


def test_the_challenge_page_issues_a_bounded_number_of_queries(
    client, auth, make_user, make_challenge, make_idea, save, query_counter
):
    auth.login(make_user("resident"))
    counts = []
    for n in (3, 30):
        challenge = make_challenge()
        for i in range(n):
            owner = make_user("employee")
            make_idea(
                owner=owner,
                challenge=challenge,
                visibility="internal" if i % 3 == 0 else "public",
                themes=("klimat", "trygghet"),
                value_kinds=("social",),
                team=[make_user("employee")],
            )
        save()
        with query_counter() as statements:
            response = client.get(f"/challenges/{challenge.id}")
        assert response.status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1], counts


def test_the_challenge_list_issues_a_bounded_number_of_queries(
    client, make_challenge, save, query_counter
):
    counts = []
    for n in (3, 30):
        for _ in range(n):
            make_challenge()
        save()
        with query_counter() as statements:
            assert client.get("/challenges/").status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1], counts
