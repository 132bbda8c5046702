"""Screening (förgranskning): accept into review, or return with a comment for completion."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from ideasluss.core.errors import Refused
from ideasluss.core.models import utcnow
from ideasluss.extensions import db
from ideasluss.fund.models import Application
from ideasluss.fund.operations import screen_application, submit_application, update_application
from ideasluss.ideas.models import TeamMember
from ideasluss.notifications.models import Notification


def html(response):
    return response.get_data(as_text=True)


def fresh(app):
    db.session.expire_all()
    return db.session.get(Application, app.id)


@pytest.mark.parametrize("role", ["coach", "admin"])
def test_accepting_sends_it_to_the_committee(make_application, make_user, role):
    app = make_application(state="submitted")
    screener = make_user(role)
    screen_application(app, screener, "accept", comment="")
    assert app.state == "in_review"
    assert app.screened_by_id == screener.id and app.screened_at is not None


def test_returning_needs_a_comment(make_application, make_user):
    app = make_application(state="submitted")
    with pytest.raises(Refused, match="kommentar"):
        screen_application(app, make_user("coach"), "return", comment=" ")
    assert app.state == "submitted"
    with pytest.raises(Refused, match="godkännas eller återsändas"):
        screen_application(app, make_user("coach"), "maybe")


def test_return_complete_and_resubmit_while_open(make_application, make_user):
    app = make_application(state="submitted")
    owner = app.idea.owner
    screen_application(app, make_user("coach"), "return", comment="Budgeten saknar lön.")
    assert app.state == "returned"
    assert app.screening_comment == "Budgeten saknar lön."
    update_application(
        app,
        owner,
        version=app.version,
        type=app.type,
        requested_amount="120 000",
        budget_lines=[("Lön", "100 000"), ("Material", "20 000")],
        plan=app.plan,
        milestones=app.milestones,
        expected_value=app.expected_value,
    )
    submit_application(app, owner, expected_state="returned")
    assert app.state == "submitted"
    screen_application(app, make_user("admin"), "accept")
    assert app.state == "in_review"


def test_no_resubmission_after_the_close(make_application, make_call, make_user):
    now = utcnow()
    call = make_call(opens_at=now - timedelta(days=30), closes_at=now + timedelta(days=1))
    app = make_application(call=call, state="submitted")
    screen_application(app, make_user("coach"), "return", comment="Komplettera planen.")
    call.closes_at = now - timedelta(seconds=1)
    db.session.flush()
    with pytest.raises(Refused, match="stängd"):
        submit_application(app, app.idea.owner)
    assert app.state == "returned"


def test_screening_may_continue_after_the_close(make_application, make_call, make_user):
    now = utcnow()
    call = make_call(opens_at=now - timedelta(days=30), closes_at=now - timedelta(days=1))
    app = make_application(call=call, state="submitted")
    screen_application(app, make_user("coach"), "accept")
    assert app.state == "in_review"


def test_nobody_screens_their_own_application(make_application, make_user):
    coach = make_user("coach")
    app = make_application(state="submitted")
    app.idea.team.append(TeamMember(user_id=coach.id))
    db.session.flush()
    with pytest.raises(Refused, match="behörighet"):
        screen_application(app, coach, "accept")


def test_the_team_hears_about_the_return(make_application, make_user):
    app = make_application(state="submitted")
    screen_application(app, make_user("coach"), "return", comment="Saknar milstolpar.")
    note = db.session.scalars(
        select(Notification).where(Notification.user_id == app.idea.owner_id)
    ).one()
    assert note.kind == "fund"
    assert note.params["to"] == "returned"


# --- Pages ---------------------------------------------------------------------------------


def test_the_queue_lists_submitted_applications_per_call(
    client, auth, make_application, make_call, make_user, save
):
    first, second = make_call(title="Utlysning A"), make_call(title="Utlysning B")
    waiting = make_application(call=first, state="submitted")
    returned = make_application(call=second, state="returned")
    make_application(call=second, state="submitted")
    draft = make_application(call=first, state="draft")
    reviewed = make_application(call=first, state="in_review")
    coach = make_user("coach")
    save()
    auth.login(coach)
    page = html(client.get("/fund/screening"))
    assert "Utlysning A" in page and "Utlysning B" in page
    assert f"/fund/applications/{waiting.id}/screen" in page
    assert returned.idea.title in page
    assert draft.idea.title not in page
    assert reviewed.idea.title not in page


@pytest.mark.parametrize("role", ["employee", "committee", "resident"])
def test_the_queue_is_for_screeners(client, auth, make_application, make_user, save, role):
    app = make_application(state="submitted")
    user = make_user(role)
    save()
    auth.login(user)
    assert client.get("/fund/screening").status_code == 403
    assert client.get(f"/fund/applications/{app.id}/screen").status_code == 403
    assert (
        client.post(f"/fund/applications/{app.id}/screen", data={"decision": "accept"}).status_code
        == 403
    )
    assert fresh(app).state == "submitted"


def test_screening_through_the_page(client, auth, make_application, make_user, save, mailbox):
    app = make_application(state="submitted")
    coach = make_user("coach")
    save()
    auth.login(coach)
    page = html(client.get(f"/fund/applications/{app.id}/screen"))
    assert 'name="decision"' in page
    response = client.post(
        f"/fund/applications/{app.id}/screen",
        data={"decision": "return", "comment": "", "expected_state": "submitted"},
    )
    assert response.status_code == 200
    assert "Skriv en kommentar" in html(response)
    assert fresh(app).state == "submitted"
    response = client.post(
        f"/fund/applications/{app.id}/screen",
        data={
            "decision": "return",
            "comment": "Lägg till milstolpar.",
            "expected_state": "submitted",
        },
    )
    assert response.status_code == 302
    assert fresh(app).state == "returned"
    # The applicant sees the comment and can complete the application.
    auth.logout()
    auth.login(app.idea.owner)
    page = html(client.get(f"/fund/applications/{app.id}"))
    assert "Lägg till milstolpar." in page
    assert client.get(f"/fund/applications/{app.id}/edit").status_code == 200


def test_a_second_screener_is_told_someone_was_first(
    client, auth, make_application, make_user, save
):
    app = make_application(state="submitted")
    first, second = make_user("coach"), make_user("coach")
    save()
    screen_application(app, first, "accept")
    save()
    auth.login(second)
    response = client.post(
        f"/fund/applications/{app.id}/screen",
        data={"decision": "return", "comment": "Sent.", "expected_state": "submitted"},
    )
    assert response.status_code == 403 or "hann före" in html(response)
    assert fresh(app).state == "in_review"


@pytest.mark.parametrize("role", ["coach", "admin"])
def test_the_queue_issues_a_bounded_number_of_queries(
    client, auth, make_application, make_call, make_user, save, query_counter, role
):
    coach = make_user(role)
    call = make_call()
    make_application(call=call, state="submitted")
    save()
    auth.login(coach)
    client.get("/fund/screening")
    with query_counter() as few:
        assert client.get("/fund/screening").status_code == 200
    other = make_call()
    for c in (call, other, other):
        make_application(call=c, state="submitted")
        make_application(call=c, state="returned")
    save()
    with query_counter() as many:
        assert client.get("/fund/screening").status_code == 200
    assert len(many) == len(few)
