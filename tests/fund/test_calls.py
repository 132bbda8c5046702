"""Calls: creating and changing them (admins), the public list and the call page."""

import re
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from ideasluss.core.errors import Refused
from ideasluss.core.models import utcnow
from ideasluss.extensions import db
from ideasluss.fund.models import FundCall, Review, Score
from ideasluss.fund.operations import create_call, update_call

REMAINING = "Kvar att bevilja"


def html(response):
    return response.get_data(as_text=True)


@pytest.fixture
def committee_users(make_user):
    return [make_user("committee", name=f"Ledamot {n}") for n in range(3)]


def call_fields(committee_users, **changes):
    now = utcnow().replace(microsecond=0)
    data = {
        "title": "Innovationsfonden hösten",
        "text": "Vi söker idéer som gör staden bättre.",
        "budget": 2_000_000,
        "opens_at": now,
        "closes_at": now + timedelta(days=30),
        "application_types": ["new", "continuation"],
        "eligible_states": ["prestudy", "pilot"],
        "criteria": [
            {"name": "Nytta", "description": "För vem?", "weight": 3},
            {"name": "Genomförbarhet", "description": "", "weight": 2},
            {"name": "", "description": "", "weight": None},  # a blank row is dropped
        ],
        "committee_ids": [u.id for u in committee_users],
        "chair_id": committee_users[1].id,
    }
    data.update(changes)
    return data


def test_an_admin_creates_a_call(make_user, committee_users):
    admin = make_user("admin")
    call = create_call(admin, **call_fields(committee_users))
    assert call.budget == 2_000_000 and call.granted_total == 0
    assert [(c.name, c.weight, c.position) for c in call.criteria] == [
        ("Nytta", 3, 0),
        ("Genomförbarhet", 2, 1),
    ]
    assert call.committee_ids == {u.id for u in committee_users}
    assert call.chair_id == committee_users[1].id
    assert call.created_by_id == admin.id


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": " "}, "rubrik"),
        ({"text": ""}, "text"),
        ({"budget": 0}, "Budgeten"),
        ({"budget": -5}, "Budgeten"),
        ({"closes_at": utcnow() - timedelta(days=400)}, "stänga efter"),
        ({"application_types": []}, "typ av ansökan"),
        ({"application_types": ["bogus"]}, "typ av ansökan"),
        ({"eligible_states": []}, "skede"),
        ({"criteria": [{"name": "", "weight": 1}]}, "kriterium"),
        ({"criteria": [{"name": "Nytta", "weight": 0}]}, "Vikten"),
        ({"committee_ids": []}, "minst en ledamot"),
        ({"chair_id": None}, "Ordföranden"),
    ],
)
def test_a_call_needs_its_parts(make_user, committee_users, changes, message):
    with pytest.raises(Refused, match=message):
        create_call(make_user("admin"), **call_fields(committee_users, **changes))


def test_the_committee_holds_the_committee_role(make_user, committee_users):
    employee = make_user("employee", name="Inte Ledamot")
    fields = call_fields(committee_users, committee_ids=[committee_users[0].id, employee.id])
    with pytest.raises(Refused, match="Inte Ledamot har inte rollen fondkommitté"):
        create_call(make_user("admin"), **fields)
    fields = call_fields(committee_users[:2], chair_id=make_user("committee").id)
    with pytest.raises(Refused, match="Ordföranden ska vara en av"):
        create_call(make_user("admin"), **fields)


@pytest.mark.parametrize("role", ["employee", "coach", "committee"])
def test_only_admins_create_calls(make_user, committee_users, role):
    with pytest.raises(Refused, match="administratörer"):
        create_call(make_user(role), **call_fields(committee_users))


def test_changing_criteria_rows(make_user, make_call, committee_users):
    admin = make_user("admin")
    call = make_call(committee=committee_users)
    first, second, third = call.criteria
    criteria = [
        {"id": third.id, "name": "Spridning", "description": "Ny text", "weight": 5},
        {"id": first.id, "name": first.name, "description": "", "weight": 1},
        {"name": "Hållbarhet", "description": "Miljön", "weight": 2},
    ]
    update_call(call, admin, **call_fields(committee_users, criteria=criteria))
    assert [(c.id, c.name, c.weight) for c in call.criteria] == [
        (third.id, "Spridning", 5),
        (first.id, first.name, 1),
        (call.criteria[2].id, "Hållbarhet", 2),
    ]
    assert db.session.get(type(second), second.id) is None


def test_a_scored_criterion_stays(make_user, make_call, make_application, committee_users):
    admin = make_user("admin")
    call = make_call(committee=committee_users)
    app = make_application(call=call, state="in_review")
    review = Review(application_id=app.id, reviewer_id=committee_users[1].id)
    review.scores = [Score(criterion_id=call.criteria[0].id, score=4)]
    db.session.add(review)
    db.session.flush()
    criteria = [{"id": c.id, "name": c.name, "weight": c.weight} for c in call.criteria[1:]]
    with pytest.raises(Refused, match="redan fått betyg"):
        update_call(call, admin, **call_fields(committee_users, criteria=criteria))


def test_the_budget_never_goes_below_what_is_granted(make_user, make_call, committee_users):
    admin = make_user("admin")
    call = make_call(committee=committee_users, granted_total=600_000)
    with pytest.raises(Refused, match="redan har beviljats"):
        update_call(call, admin, **call_fields(committee_users, budget=500_000))
    update_call(call, admin, **call_fields(committee_users, budget=600_000))
    assert call.budget == 600_000


# --- Pages ---------------------------------------------------------------------------------


def form_data(committee_users, **changes):
    data = {
        "title": "Vårens utlysning",
        "text": "Text om utlysningen.",
        "budget": "1 500 000",
        "opens_at": "2030-03-01T08:00",
        "closes_at": "2030-04-15T23:59",
        "application_types": ["new", "implementation"],
        "eligible_states": ["prestudy"],
        "criteria-0-id": "",
        "criteria-0-name": "Nytta",
        "criteria-0-description": "För stockholmarna",
        "criteria-0-weight": "3",
        "criteria-1-id": "",
        "criteria-1-name": "Kostnad",
        "criteria-1-description": "",
        "criteria-1-weight": "1",
        "committee": [str(u.id) for u in committee_users],
        "chair": str(committee_users[0].id),
    }
    data.update(changes)
    return data


def test_creating_a_call_through_the_form(client, auth, make_user, committee_users, save):
    admin = make_user("admin")
    save()
    auth.login(admin)
    page = html(client.get("/fund/calls/new"))
    for user in committee_users:
        assert user.display_name in page
    response = client.post("/fund/calls/new", data=form_data(committee_users))
    assert response.status_code == 302, html(response)
    call_id = int(re.search(r"/calls/(\d+)$", response.headers["Location"]).group(1))
    call = db.session.get(FundCall, call_id)
    assert call.budget == 1_500_000
    # Stockholm time (CET in March) kept as UTC.
    assert call.opens_at == datetime(2030, 3, 1, 7, 0)
    assert call.closes_at == datetime(2030, 4, 15, 21, 59)
    assert [c.name for c in call.criteria] == ["Nytta", "Kostnad"]
    assert call.chair_id == committee_users[0].id


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"budget": "1,5 miljoner"}, "hela kronor"),
        ({"opens_at": "igår"}, "ÅÅÅÅ-MM-DD"),
        ({"closes_at": "2030-02-01T08:00"}, "stänga efter"),
        ({"criteria-0-weight": "tre"}, "Vikten"),
        ({"chair": "0"}, "Ordföranden"),
    ],
)
def test_bad_call_input_is_explained(
    client, auth, make_user, committee_users, save, changes, message
):
    admin = make_user("admin")
    save()
    auth.login(admin)
    count = db.session.scalar(select(db.func.count()).select_from(FundCall))
    response = client.post("/fund/calls/new", data=form_data(committee_users, **changes))
    assert response.status_code == 200
    assert message in html(response)
    assert db.session.scalar(select(db.func.count()).select_from(FundCall)) == count


def test_criteria_rows_without_and_with_javascript(client, auth, make_user, committee_users, save):
    admin = make_user("admin")
    save()
    auth.login(admin)
    count = db.session.scalar(select(db.func.count()).select_from(FundCall))
    page = html(client.post("/fund/calls/new", data=form_data(committee_users, add_criterion="1")))
    assert 'name="criteria-2-name"' in page and "<html" in page
    fragment = html(
        client.post(
            "/fund/calls/new",
            data=form_data(committee_users, remove_criterion_0="1"),
            headers={"HX-Request": "true"},
        )
    )
    assert "<html" not in fragment
    assert 'name="criteria-0-name"' not in fragment and 'value="Kostnad"' in fragment
    assert db.session.scalar(select(db.func.count()).select_from(FundCall)) == count


def test_editing_a_call(client, auth, make_user, make_call, committee_users, save):
    admin = make_user("admin")
    call = make_call(committee=committee_users)
    save()
    auth.login(admin)
    page = html(client.get(f"/fund/calls/{call.id}/edit"))
    assert f'value="{call.title}"' in page
    data = form_data(committee_users, title="Nytt namn")
    data.update({"criteria-0-id": str(call.criteria[0].id)})
    assert client.post(f"/fund/calls/{call.id}/edit", data=data).status_code == 302
    db.session.expire_all()
    call = db.session.get(FundCall, call.id)
    assert call.title == "Nytt namn"
    assert call.criteria[0].name == "Nytta"


@pytest.mark.parametrize("role", ["employee", "coach", "committee", "resident"])
def test_call_forms_are_for_admins(client, auth, make_user, make_call, save, role):
    call = make_call()
    user = make_user(role)
    save()
    auth.login(user)
    assert client.get("/fund/calls/new").status_code == 403
    assert client.post("/fund/calls/new").status_code == 403
    assert client.get(f"/fund/calls/{call.id}/edit").status_code == 403


def past_and_open(make_call):
    now = utcnow()
    past = make_call(
        title="Förra våren",
        opens_at=now - timedelta(days=300),
        closes_at=now - timedelta(days=200),
        granted_total=250_000,
    )
    current = make_call(title="Just nu", budget=800_000)
    return past, current


@pytest.mark.parametrize(
    ("viewer", "sees_budget"),
    [
        (None, False),
        ("resident", False),
        ("employee", False),
        ("coach", False),
        ("committee", True),
        ("admin", True),
    ],
)
def test_the_list_of_calls(client, auth, make_user, make_call, save, viewer, sees_budget):
    past, current = past_and_open(make_call)
    if viewer:
        user = make_user(viewer)
        save()
        auth.login(user)
    else:
        save()
    page = html(client.get("/fund/"))
    assert page.index("Öppna utlysningar") < page.index("Just nu") < page.index("Förra våren")
    assert (REMAINING in page) is sees_budget
    assert ("750\u00a0000\u00a0kr" in page) is sees_budget  # remaining of the past call
    call_page = html(client.get(f"/fund/calls/{past.id}"))
    assert (REMAINING in call_page) is sees_budget


def test_the_list_issues_a_bounded_number_of_queries(
    client, auth, make_user, make_call, save, query_counter
):
    admin = make_user("admin")
    make_call()
    save()
    auth.login(admin)
    client.get("/fund/")
    with query_counter() as few:
        assert client.get("/fund/").status_code == 200
    for n in range(6):
        make_call(
            closes_at=utcnow() - timedelta(days=n + 1), opens_at=utcnow() - timedelta(days=60)
        )
    save()
    with query_counter() as many:
        assert client.get("/fund/").status_code == 200
    assert len(many) == len(few)
    assert len(few) <= 8


def test_the_call_page_offers_apply_only_while_open(client, auth, make_call, make_idea, save):
    now = utcnow()
    closed = make_call(opens_at=now - timedelta(days=60), closes_at=now - timedelta(days=1))
    idea = make_idea(state="pilot")
    save()
    auth.login(idea.owner)
    page = html(client.get(f"/fund/calls/{closed.id}"))
    assert "apply?idea=" not in page
    assert "tar inte emot ansökningar" in page
    assert client.get(f"/fund/calls/{closed.id}/apply?idea={idea.id}").status_code == 302


def test_the_call_page_lists_grants_of_ideas_the_viewer_may_see(
    client, make_call, make_application, make_idea, save
):
    call = make_call()
    public = make_application(
        call=call, state="granted", idea=make_idea(state="pilot", title="Öppen idé")
    )
    make_application(
        call=call,
        state="granted",
        idea=make_idea(state="pilot", visibility="internal", title="Hemlig idé"),
    )
    make_application(call=call, state="rejected", idea=make_idea(state="pilot", title="Avslagen"))
    save()
    page = html(client.get(f"/fund/calls/{call.id}"))
    assert public.idea.title in page
    assert "Hemlig idé" not in page and "Avslagen" not in page
    assert client.get("/fund/calls/999999").status_code == 404
