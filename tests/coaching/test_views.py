"""The coach's pages through HTTP: access, triage, decisions, merging, notes, assignment, lists."""

import re
from datetime import timedelta

import pytest
from flask import render_template_string
from flask_login import login_user
from sqlalchemy import func, select

from ideasluss.core.models import AuditEntry, utcnow
from ideasluss.extensions import db
from ideasluss.ideas.models import Follow, GateDecision, Idea, MentorNote, TeamMember, Vote
from ideasluss.ideas.pipeline import MOVES
from ideasluss.notifications.models import Notification

ACCEPT_CHECKLIST = [c.code for c in MOVES["accept"].checklist]
NOTE_TEXT = "Hemlig mentorsanteckning om budgeten"


def html(response):
    return response.get_data(as_text=True)


def fresh(model, ident):
    """The row as the database has it now (requests changed it in their own sessions)."""
    db.session.expire_all()
    return db.session.get(model, ident)


def history_count(idea_id):
    return db.session.scalar(
        select(func.count()).select_from(GateDecision).where(GateDecision.idea_id == idea_id)
    )


@pytest.fixture
def coach(make_user, auth, save):
    """A signed-in coach."""
    user = make_user("coach", name="Cecilia Coach")
    save()
    auth.login(user)
    return user


# Who may use /coach

ROUTES = [
    ("get", "/coach/"),
    ("get", "/coach/mine"),
    ("get", "/coach/board"),
    ("get", "/coach/ideas/{id}/triage"),
    ("post", "/coach/ideas/{id}/triage"),
    ("get", "/coach/ideas/{id}/decide"),
    ("post", "/coach/ideas/{id}/decide"),
    ("get", "/coach/ideas/{id}/merge"),
    ("post", "/coach/ideas/{id}/merge"),
    ("post", "/coach/ideas/{id}/notes"),
    ("post", "/coach/ideas/{id}/assign"),
]


@pytest.mark.parametrize("role", ["visitor", "resident", "employee", "committee", "owner"])
@pytest.mark.parametrize(("method", "path"), ROUTES, ids=[f"{m} {p}" for m, p in ROUTES])
def test_only_coaches_and_admins_use_the_coach_pages(
    method, path, role, client, auth, make_user, make_idea, save
):
    idea = make_idea(state="submitted", visibility="public")
    user = idea.owner if role == "owner" else None if role == "visitor" else make_user(role)
    save()
    if user is not None:
        auth.login(user)

    response = getattr(client, method)(
        path.format(id=idea.id), data={"motivation": "x", "body": "x", "move": "withdraw"}
    )

    if role == "visitor":
        assert response.status_code == 302 and "/login" in response.headers["Location"]
    else:
        assert response.status_code == 403
    assert fresh(Idea, idea.id).state == "submitted"
    assert history_count(idea.id) == 0


@pytest.mark.parametrize("role", ["coach", "admin"])
@pytest.mark.parametrize("path", ["/coach/", "/coach/mine", "/coach/board"])
def test_coaches_and_admins_reach_the_lists(path, role, client, auth, make_user, save):
    user = make_user(role)
    save()
    auth.login(user)
    assert client.get(path).status_code == 200


# The triage inbox


def test_the_inbox_lists_submitted_ideas_oldest_first_with_their_age(
    client, coach, make_idea, make_user, make_unit, save
):
    unit = make_unit("Miljöförvaltningen")
    hidden = make_user("resident", name="Hemlig Person", show_name=False)
    old = make_idea(
        title="Gammal idé", owner=hidden, unit=unit, created_at=utcnow() - timedelta(days=12)
    )
    new = make_idea(title="Ny idé", created_at=utcnow() - timedelta(days=2))
    make_idea(title="Redan triagerad", state="idea")
    make_idea(title="Ett utkast", state="draft")
    save()

    page = html(client.get("/coach/"))

    assert page.index("Gammal idé") < page.index("Ny idé")
    assert "Redan triagerad" not in page and "Ett utkast" not in page
    row = re.search(r"<tr>\s*<th scope=\"row\"><a[^>]*>Gammal idé.*?</tr>", page, re.S).group(0)
    assert '<td class="num">12</td>' in row
    assert "Miljöförvaltningen" in row and "Anonym" in row and "Hemlig Person" not in page
    assert f'href="/coach/ideas/{old.id}/triage"' in row
    assert f'href="/coach/ideas/{new.id}/triage"' in page


def test_the_inbox_filters_on_my_unit(client, auth, make_user, make_unit, make_idea, save):
    mine, other = make_unit("Min förvaltning"), make_unit("Annan förvaltning")
    coach = make_user("coach", unit=mine)
    make_idea(title="Hos oss", unit=mine)
    make_idea(title="Hos andra", unit=other)
    save()
    auth.login(coach)

    assert {"Hos oss", "Hos andra"} <= set(re.findall(r"Hos \w+", html(client.get("/coach/"))))
    unit_page = html(client.get("/coach/?scope=unit"))
    assert "Hos oss" in unit_page and "Hos andra" not in unit_page


def test_the_inbox_pages_through_the_waiting_ideas(
    client, coach, make_idea, make_user, monkeypatch, save
):
    from ideasluss.coaching import views

    monkeypatch.setattr(views, "INBOX_PER_PAGE", 2)
    start = utcnow() - timedelta(days=30)
    for n in range(5):
        make_idea(title=f"Väntande {n}", created_at=start + timedelta(days=n))
    make_idea(title="Intern väntande", visibility="internal", created_at=utcnow())
    save()

    first = html(client.get("/coach/"))
    assert re.findall(r"Väntande \d", first)[::2] == ["Väntande 0", "Väntande 1"]
    assert "Sida 1 av 3" in first and 'rel="next"' in first and 'rel="prev"' not in first
    last = html(client.get("/coach/?page=3"))
    assert "Väntande 4" in last and "Intern väntande" in last and '<span class="tag">Intern' in last
    assert "Sida 3 av 3" in last and 'rel="next"' not in last and 'rel="prev"' in last
    assert "Väntande 0" not in last
    for beyond in ("/coach/?page=4", "/coach/?page=0"):
        assert client.get(beyond).status_code == 404


def test_the_inbox_dates_are_the_date_filters(app):
    """The inbox writes its dates itself (once a day rather than once a row): the same text as
    the `date` filter, in the user's time zone (the day turns at local midnight)."""
    from datetime import datetime

    from flask_babel import force_locale

    from ideasluss.coaching.views import _day_formatter

    moments = [
        datetime(2025, 3, 29, 22, 59),  # 23:59 in Stockholm (winter time)
        datetime(2025, 3, 29, 23, 0),  # midnight: the next day
        datetime(2025, 3, 30, 1, 30),  # summer time begins
        datetime(2025, 10, 25, 21, 59),  # 23:59 in summer time
        datetime(2025, 10, 25, 22, 0),
        datetime(2025, 12, 31, 23, 30),
        None,
    ]
    with app.test_request_context("/coach/"):
        date_filter = app.jinja_env.filters["date"]
        for locale in ("sv", "en"):
            with force_locale(locale):
                day = _day_formatter()
                assert [day(m) for m in moments] == [date_filter(m) for m in moments]


def test_the_inbox_issues_four_queries(client, coach, make_idea, make_unit, query_counter, save):
    for n in range(5):
        make_idea(unit=make_unit() if n % 2 else None)
    save()
    client.get("/coach/")
    with query_counter() as statements:
        assert client.get("/coach/").status_code == 200
    # The signed-in user, how many wait, the page of them, the unread notifications.
    assert len(statements) <= 4, statements


@pytest.mark.parametrize("path", ["/coach/", "/coach/board", "/coach/mine"])
def test_lists_issue_the_same_number_of_queries_for_3_and_30_ideas(
    path, client, auth, make_user, make_unit, make_idea, query_counter, save
):
    coach = make_user("coach")
    save()
    auth.login(coach)
    states = ["submitted", "idea", "prestudy", "pilot", "implementation", "parked"]

    def add(n):
        for i in range(n):
            owner = make_user("employee", unit=make_unit())
            idea = make_idea(owner=owner, state=states[i % len(states)], coach=coach)
            idea.team.append(TeamMember(user_id=make_user().id))
            idea.themes = ["klimat", "skola"]
        save()

    def count():
        with query_counter() as statements:
            response = client.get(path)
        assert response.status_code == 200
        return len(statements)

    add(3)
    few = count()
    add(27)
    many = count()
    assert few == many, (few, many)


# Triage


def triage_data(idea, coach, **changes):
    data = {
        "classification": "innovation",
        "coach_id": coach.id,
        "themes": ["klimat", "digitalisering"],
        "value_kinds": ["environmental", "economic"],
        "checklist": ACCEPT_CHECKLIST,
        "motivation": "Väsentligt nytt: ingen gör så i dag.",
        "expected_state": idea.state,
    }
    data.update(changes)
    return data


def test_triage_form_offers_classification_with_the_strategy_and_coaches(
    client, coach, make_idea, make_user, save
):
    other = make_user("coach", name="Olle Annan")
    idea = make_idea()
    save()

    page = html(client.get(f"/coach/ideas/{idea.id}/triage"))

    assert "väsentligt nytt och" in page and "språng" in page
    assert 'value="innovation"' in page and 'value="improvement"' in page
    assert f'<option selected value="{coach.id}">Cecilia Coach</option>' in page
    assert f'value="{other.id}">Olle Annan</option>' in page
    assert 'name="expected_state" type="hidden" value="submitted"' in page
    assert f'href="/coach/ideas/{idea.id}/merge"' in page


def test_triage_as_innovation_accepts_and_assigns_a_coach_who_is_told(
    client, coach, make_idea, make_user, save
):
    other = make_user("coach", name="Olle Annan")
    idea = make_idea()
    save()

    response = client.post(
        f"/coach/ideas/{idea.id}/triage", data=triage_data(idea, coach, coach_id=other.id)
    )

    assert response.status_code == 302 and response.headers["Location"] == "/coach/"
    idea = fresh(Idea, idea.id)
    assert (idea.state, idea.classification, idea.coach_id) == ("idea", "innovation", other.id)
    assert set(idea.themes) == {"klimat", "digitalisering"}
    assert set(idea.value_kinds) == {"environmental", "economic"}
    [decision] = db.session.scalars(select(GateDecision).where(GateDecision.idea_id == idea.id))
    assert (decision.move, decision.actor_id) == ("accept", coach.id)
    assert decision.checklist == {code: True for code in ACCEPT_CHECKLIST}
    [note] = db.session.scalars(
        select(Notification).where(
            Notification.user_id == other.id, Notification.kind == "assigned"
        )
    )
    assert note.idea_id == idea.id and note.actor_id == coach.id
    assert (
        db.session.scalar(
            select(func.count()).where(
                AuditEntry.action == "idea.coach_assigned", AuditEntry.object_id == idea.id
            )
        )
        == 1
    )


def test_triage_as_improvement_declines_with_a_pointer_to_improvement_work(
    client, coach, make_idea, save
):
    idea = make_idea()
    save()

    response = client.post(
        f"/coach/ideas/{idea.id}/triage",
        data=triage_data(idea, coach, classification="improvement", checklist=[], themes=[]),
    )

    assert response.status_code == 302
    idea = fresh(Idea, idea.id)
    assert (idea.state, idea.classification, idea.coach_id) == ("declined", "improvement", None)
    [decision] = db.session.scalars(select(GateDecision).where(GateDecision.idea_id == idea.id))
    assert decision.move == "decline"
    assert decision.motivation.startswith("Väsentligt nytt: ingen gör så i dag.")
    assert "ständiga förbättringar" in decision.motivation
    owner_told = db.session.scalar(
        select(func.count()).where(
            Notification.user_id == idea.owner_id, Notification.kind == "state_change"
        )
    )
    assert owner_told == 1


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"motivation": ""}, "Skriv en motivering till beslutet."),
        ({"classification": ""}, "Välj innovation eller förbättringsförslag."),
        ({"checklist": ACCEPT_CHECKLIST[:1]}, "Grinden kräver"),
        ({"coach_id": "non-coach"}, "Välj en person som är innovationscoach."),
    ],
    ids=["no motivation", "no classification", "gate not ticked", "not a coach"],
)
def test_invalid_triage_is_refused_with_a_message(
    changes, message, client, coach, make_idea, make_user, save
):
    idea = make_idea()
    employee = make_user("employee")
    save()
    if changes.get("coach_id") == "non-coach":
        changes["coach_id"] = employee.id

    response = client.post(
        f"/coach/ideas/{idea.id}/triage", data=triage_data(idea, coach, **changes)
    )

    assert response.status_code == 200
    assert message in html(response)
    assert 'role="alert"' in html(response)
    idea = fresh(Idea, idea.id)
    assert (idea.state, idea.classification, idea.coach_id) == ("submitted", None, None)
    assert history_count(idea.id) == 0


def test_stale_triage_is_refused_and_changes_nothing(client, coach, make_idea, make_user, save):
    idea = make_idea(state="idea", coach=make_user("coach"))
    save()

    response = client.post(
        f"/coach/ideas/{idea.id}/triage", data=triage_data(idea, coach, expected_state="submitted")
    )

    assert response.status_code == 200
    assert "redan flyttats" in html(response)
    assert history_count(idea.id) == 0
    assert fresh(Idea, idea.id).coach_id != coach.id


def test_an_idea_already_triaged_sends_the_coach_to_the_decision_form(
    client, coach, make_idea, save
):
    idea = make_idea(state="idea")
    save()

    response = client.get(f"/coach/ideas/{idea.id}/triage")

    assert response.status_code == 302
    assert response.headers["Location"] == f"/coach/ideas/{idea.id}/decide"


def test_a_draft_is_not_found_by_coaches(client, coach, make_idea, save):
    idea = make_idea(state="draft")
    save()

    for path in ("triage", "decide", "merge"):
        assert client.get(f"/coach/ideas/{idea.id}/{path}").status_code == 404


# The gate decision form


def test_the_decision_form_offers_the_allowed_moves_with_their_checklists(
    client, coach, make_idea, save
):
    idea = make_idea(state="prestudy")
    save()

    page = html(client.get(f"/coach/ideas/{idea.id}/decide?move=start_pilot"))

    moves = re.findall(r'name="move"[^>]*value="(\w+)"', page)
    assert moves == ["start_pilot", "park", "decline"]
    assert re.search(r'checked[^>]*value="start_pilot"|value="start_pilot"[^>]*checked', page)
    assert "Grind för ”Starta pilot”" in page
    assert 'name="checklist-start_pilot" value="prestudy_report"' in page
    assert 'name="expected_state" type="hidden" value="prestudy"' in page


def test_the_director_sees_the_implementation_move(client, auth, make_user, make_idea, save):
    director = make_user("admin")
    idea = make_idea(state="pilot")
    save()
    auth.login(director)

    page = html(client.get(f"/coach/ideas/{idea.id}/decide"))

    assert "start_implementation" in re.findall(r'name="move"[^>]*value="(\w+)"', page)


def test_a_decision_moves_the_idea_and_returns_to_the_idea_page(client, coach, make_idea, save):
    idea = make_idea(state="prestudy")
    save()

    response = client.post(
        f"/coach/ideas/{idea.id}/decide",
        data={
            "move": "start_pilot",
            "checklist-start_pilot": ["prestudy_report", "pilot_plan"],
            # Items of another move are ignored.
            "checklist-park": ["whatever"],
            "motivation": "Förstudien visar att det fungerar.",
            "expected_state": "prestudy",
        },
    )

    assert response.status_code == 302
    assert response.headers["Location"] == f"/ideas/{idea.id}"
    assert fresh(Idea, idea.id).state == "pilot"
    assert "Beslutet är fattat" in html(client.get(f"/ideas/{idea.id}"))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"move": "start_pilot", "checklist-start_pilot": ["pilot_plan"]}, "Grinden kräver"),
        ({"move": "start_pilot", "motivation": ""}, "Skriv en motivering till beslutet."),
        ({"move": "start_implementation"}, "går inte att fatta när idén är Förstudie"),
        ({"move": "withdraw"}, "Du har inte behörighet att fatta det här beslutet."),
        ({"move": "merge"}, "Välj ett av besluten i listan."),
        ({"move": "submit"}, "Välj ett av besluten i listan."),
        ({"move": "teleport"}, "Välj ett av besluten i listan."),
        ({"move": ""}, "Välj ett beslut."),
        ({"expected_state": "idea"}, "redan flyttats"),
    ],
    ids=[
        "gate not ticked",
        "no motivation",
        "wrong state",
        "not allowed",
        "merge",
        "submit",
        "unknown",
        "no move",
        "stale",
    ],
)
def test_a_refused_decision_shows_why_and_changes_nothing(
    data, message, client, coach, make_idea, save
):
    idea = make_idea(state="prestudy")
    save()
    form = {
        "move": "start_pilot",
        "checklist-start_pilot": ["prestudy_report", "pilot_plan"],
        "motivation": "Motivering.",
        "expected_state": "prestudy",
        **data,
    }

    response = client.post(f"/coach/ideas/{idea.id}/decide", data=form)

    assert response.status_code == 200
    assert message in html(response)
    assert fresh(Idea, idea.id).state == "prestudy"
    assert history_count(idea.id) == 0


def test_a_double_submitted_decision_leaves_one_history_row(client, coach, make_idea, save):
    idea = make_idea(state="idea")
    save()
    form = {
        "move": "park",
        "motivation": "Vilar till hösten.",
        "expected_state": "idea",
    }

    first = client.post(f"/coach/ideas/{idea.id}/decide", data=form)
    second = client.post(f"/coach/ideas/{idea.id}/decide", data=form)

    assert first.status_code == 302 and second.status_code == 200
    assert "redan flyttats" in html(second)
    assert history_count(idea.id) == 1


# The board and my ideas


def test_the_board_shows_columns_and_keyboard_move_controls(
    client, coach, make_idea, make_user, save
):
    mine = make_idea(title="Min pilot", state="pilot", coach=coach)
    other = make_idea(title="Annans förstudie", state="prestudy", coach=make_user("coach"))
    make_idea(title="Inskickad", state="submitted")
    save()

    page = html(client.get("/coach/board"))

    for label in ("Idé", "Förstudie", "Pilot", "Införande", "Parkerad"):
        assert f"{label} <span" in page
    assert "Inskickad" not in page
    form = re.search(
        rf'<form method="get" action="/coach/ideas/{other.id}/decide".*?</form>', page, re.S
    ).group(0)
    assert re.findall(r'<option value="(\w+)"', form) == ["start_pilot", "park", "decline"]
    assert "<button" in form and "Flytta" in form
    mine_page = html(client.get("/coach/board?scope=mine"))
    assert "Min pilot" in mine_page and "Annans förstudie" not in mine_page
    assert f"/coach/ideas/{mine.id}/decide" in mine_page


def test_my_ideas_are_grouped_by_state_with_days_in_state(
    client, coach, make_idea, make_user, save
):
    make_idea(title="Pilot A", state="pilot", coach=coach, created_at=utcnow() - timedelta(days=9))
    make_idea(title="Idé B", state="idea", coach=coach)
    make_idea(title="Någon annans", state="idea", coach=make_user("coach"))
    save()

    page = html(client.get("/coach/mine"))

    assert "Någon annans" not in page
    assert page.index("Idé B") < page.index("Pilot A")
    row = re.search(r"Pilot A.*?</tr>", page, re.S).group(0)
    assert '<td class="num">9</td>' in row


# Merging


def test_merge_search_lists_open_candidates_and_merges(client, coach, make_idea, make_user, save):
    from ideasluss.core.search import index_idea

    duplicate = make_idea(title="Cykelpool för personalen", state="submitted")
    target = make_idea(title="Lånecyklar till personalen", state="idea")
    closed = make_idea(title="Cyklar som avslutats", state="declined")
    voter = make_user("resident")
    db.session.add(Vote(idea_id=duplicate.id, user_id=voter.id))
    db.session.add(Follow(idea_id=duplicate.id, user_id=voter.id))
    duplicate.vote_count = duplicate.follower_count = 1
    for idea in (duplicate, target, closed):
        index_idea(idea)
    save()

    page = html(client.get(f"/coach/ideas/{duplicate.id}/merge?q=cyklar+personalen"))
    assert "Lånecyklar till personalen" in page
    assert "Cyklar som avslutats" not in page
    assert f"target={target.id}" in page
    chosen = html(client.get(f"/coach/ideas/{duplicate.id}/merge?target={target.id}"))
    assert f'value="{target.id}"' in chosen and "Lånecyklar till personalen" in chosen

    response = client.post(
        f"/coach/ideas/{duplicate.id}/merge",
        data={
            "target_id": target.id,
            "motivation": "Samma idé.",
            "confirm": "y",
            "expected_state": "submitted",
        },
    )

    assert response.status_code == 302
    assert response.headers["Location"] == f"/ideas/{target.id}"
    merged = fresh(Idea, duplicate.id)
    assert (merged.state, merged.merged_into_id) == ("merged", target.id)
    assert fresh(Idea, target.id).vote_count == 1
    # The merged idea's page sends people on to the one it joined.
    assert client.get(f"/ideas/{duplicate.id}").headers["Location"] == f"/ideas/{target.id}"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"confirm": ""}, "Bekräfta sammanslagningen."),
        ({"target_id": "999999"}, "Det finns ingen idé med det numret."),
        ({"target_id": "self"}, "En idé kan inte slås samman med sig själv."),
        ({"motivation": ""}, "Skriv en motivering till beslutet."),
    ],
    ids=["not confirmed", "unknown target", "itself", "no motivation"],
)
def test_a_refused_merge_changes_nothing(changes, message, client, coach, make_idea, save):
    duplicate = make_idea(state="submitted")
    target = make_idea(state="idea")
    save()
    data = {
        "target_id": target.id,
        "motivation": "Samma idé.",
        "confirm": "y",
        "expected_state": "submitted",
        **changes,
    }
    if data["target_id"] == "self":
        data["target_id"] = duplicate.id

    response = client.post(f"/coach/ideas/{duplicate.id}/merge", data=data)

    assert response.status_code == 200
    assert message in html(response)
    assert fresh(Idea, duplicate.id).state == "submitted"
    assert history_count(duplicate.id) == 0


# Assigning a coach


def test_assigning_a_coach_tells_them(client, coach, make_idea, make_user, save):
    other = make_user("coach", name="Olle Annan")
    idea = make_idea(state="prestudy")
    save()

    response = client.post(f"/coach/ideas/{idea.id}/assign", data={"coach_id": other.id})

    assert response.status_code == 302
    assert fresh(Idea, idea.id).coach_id == other.id
    assert (
        db.session.scalar(
            select(func.count()).where(
                Notification.user_id == other.id,
                Notification.kind == "assigned",
                Notification.idea_id == idea.id,
            )
        )
        == 1
    )
    assert (
        db.session.scalar(
            select(func.count()).where(
                AuditEntry.action == "idea.coach_assigned", AuditEntry.object_id == idea.id
            )
        )
        == 1
    )


def test_only_a_coach_can_be_assigned(client, coach, make_idea, make_user, save):
    employee = make_user("employee")
    idea = make_idea(state="prestudy")
    save()

    client.post(f"/coach/ideas/{idea.id}/assign", data={"coach_id": employee.id})

    assert fresh(Idea, idea.id).coach_id is None
    assert "Välj en person som är innovationscoach." in html(client.get(f"/ideas/{idea.id}"))


# Mentor notes


def test_a_coach_adds_a_note_also_with_htmx(client, coach, make_idea, save):
    idea = make_idea(state="idea")
    save()

    plain = client.post(f"/coach/ideas/{idea.id}/notes", data={"body": "Första anteckningen"})
    assert plain.status_code == 302
    assert plain.headers["Location"] == f"/ideas/{idea.id}#mentorsanteckningar"
    fragment = client.post(
        f"/coach/ideas/{idea.id}/notes",
        data={"body": "Andra anteckningen"},
        headers={"HX-Request": "true"},
    )
    assert fragment.status_code == 200
    body = html(fragment)
    assert body.lstrip().startswith('<section id="mentorsanteckningar"')
    assert "Första anteckningen" in body and "Andra anteckningen" in body
    assert "<html" not in body
    empty = client.post(
        f"/coach/ideas/{idea.id}/notes", data={"body": "  "}, headers={"HX-Request": "true"}
    )
    assert "Skriv något i anteckningen." in html(empty)
    notes = db.session.scalars(select(MentorNote.body).where(MentorNote.idea_id == idea.id))
    assert sorted(notes) == ["Andra anteckningen", "Första anteckningen"]


VIEWERS = ["coach", "admin", "owner", "team", "employee", "resident", "visitor"]
SEES_NOTES = {"coach", "admin", "owner", "team"}


@pytest.fixture
def noted_idea(make_idea, make_user, save):
    """A public idea with a mentor note, and a way to get a user of each kind of viewer."""
    author = make_user("coach")
    teammate = make_user("employee")
    idea = make_idea(state="prestudy", visibility="public", coach=author, team=[teammate])
    db.session.add(MentorNote(idea_id=idea.id, author_id=author.id, body=NOTE_TEXT))
    save()

    def viewer(kind):
        if kind == "visitor":
            return None
        if kind == "owner":
            return idea.owner
        if kind == "team":
            return teammate
        return make_user(kind)

    return idea, viewer


@pytest.mark.parametrize("kind", VIEWERS)
def test_mentor_notes_reach_only_coaches_the_team_and_admins_on_the_idea_page(
    kind, noted_idea, client, auth, save
):
    idea, viewer = noted_idea
    user = viewer(kind)
    save()
    if user is not None:
        auth.login(user)

    response = client.get(f"/ideas/{idea.id}")

    assert response.status_code == 200
    page = html(response)
    assert (NOTE_TEXT in page) == (kind in SEES_NOTES)
    assert ("Mentorsanteckningar" in page) == (kind in SEES_NOTES)
    # Only coaches and admins write notes; the team reads them.
    can_write = kind in {"coach", "admin"}
    assert (f'action="/coach/ideas/{idea.id}/notes"' in page) == can_write
    assert ("Tilldela coach" in page) == can_write
    assert (f'href="/coach/ideas/{idea.id}/decide"' in page) == can_write


@pytest.mark.parametrize("kind", VIEWERS)
def test_the_coach_panel_itself_shows_notes_only_to_those_allowed(kind, noted_idea, app):
    idea, viewer = noted_idea
    user = viewer(kind)
    with app.test_request_context():
        if user is not None:
            login_user(user)
        from flask_login import current_user

        panel = render_template_string(
            '{% include "coaching/_idea_panel.html" %}', idea=idea, current_user=current_user
        )

    assert (NOTE_TEXT in panel) == (kind in SEES_NOTES)


def test_notes_do_not_leak_to_lists_or_the_board_for_others(
    noted_idea, client, auth, make_user, save
):
    idea, viewer = noted_idea
    resident = viewer("resident")
    save()
    auth.login(resident)
    for path in ("/ideas/", f"/ideas/{idea.id}", "/notifications/"):
        response = client.get(path)
        assert NOTE_TEXT not in html(response), path
