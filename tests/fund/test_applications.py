"""Applications: every move per role and state, amounts, budget lines, eligibility, the IP
acknowledgement, optimistic locking, the edit form (with and without htmx) and visibility."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from ideasluss.core.audit import AuditEntry
from ideasluss.core.errors import Refused
from ideasluss.core.models import utcnow
from ideasluss.extensions import db
from ideasluss.fund.models import Application
from ideasluss.fund.money import parse_sek
from ideasluss.fund.operations import (
    create_application,
    move_application,
    submit_application,
    update_application,
)
from ideasluss.ideas.models import TeamMember
from ideasluss.ip.models import IpAcknowledgement
from ideasluss.notifications.models import Notification

ROLES = (
    "owner",
    "member",
    "other_employee",
    "resident",
    "coach",
    "committee_member",
    "chair",
    "admin",
)
ALL_STATES = (
    "draft",
    "submitted",
    "returned",
    "in_review",
    "granted",
    "rejected",
    "withdrawn",
    "reporting",
    "closed",
)
# The expected table, written out here rather than read from fund/states.py:
# move -> (states it may be made from, the state it leads to, the roles that may make it).
EXPECTED = {
    "submit": ({"draft", "returned"}, "submitted", {"owner", "member"}),
    "return": ({"submitted"}, "returned", {"coach", "admin"}),
    "accept": ({"submitted"}, "in_review", {"coach", "admin"}),
    "withdraw": ({"draft", "submitted", "returned", "in_review"}, "withdrawn", {"owner", "member"}),
    "grant": ({"in_review"}, "granted", {"chair", "admin"}),
    "reject": ({"in_review"}, "rejected", {"chair", "admin"}),
    "report": ({"granted"}, "reporting", {"owner", "member"}),
    "close": ({"reporting"}, "closed", {"admin"}),
}
# States each move is tried from: its sources, and the states next to them that must refuse it.
TRIED = {
    "submit": ("draft", "returned", "submitted", "in_review", "withdrawn"),
    "return": ("submitted", "draft", "returned", "in_review"),
    "accept": ("submitted", "draft", "returned", "in_review"),
    "withdraw": ("draft", "submitted", "returned", "in_review", "granted", "rejected"),
    "grant": ("in_review", "submitted", "granted", "rejected"),
    "reject": ("in_review", "submitted", "granted", "withdrawn"),
    "report": ("granted", "in_review", "reporting", "closed"),
    "close": ("reporting", "granted", "closed"),
}
CASES = [(code, state) for code, states in TRIED.items() for state in states]


def html(response):
    return response.get_data(as_text=True)


@pytest.fixture
def actors(make_user):
    """`actors(app)`: {role: user} for an application (owner, team member, chair, ...)."""

    def make(app):
        member = make_user("employee", name="Teammedlem")
        app.idea.team.append(TeamMember(user_id=member.id))
        db.session.flush()
        committee = [m.user for m in app.call.committee]
        return {
            "owner": app.idea.owner,
            "member": member,
            "other_employee": make_user("employee"),
            "resident": make_user("resident"),
            "coach": make_user("coach"),
            "committee_member": next(u for u in committee if u.id != app.call.chair_id),
            "chair": app.call.chair,
            "admin": make_user("admin"),
        }

    return make


def audit_count(app, action):
    return db.session.scalar(
        select(func.count())
        .select_from(AuditEntry)
        .where(AuditEntry.object_type == "applications", AuditEntry.object_id == app.id)
        .where(AuditEntry.action == action)
    )


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("code", "state"), CASES)
def test_every_move_per_role_and_state(make_application, actors, role, code, state):
    app = make_application(state=state)
    user = actors(app)[role]
    sources, target, roles = EXPECTED[code]
    extra = {"granted_amount": app.requested_amount} if code == "grant" else {}
    allowed = state in sources and role in roles
    if allowed:
        move_application(app, code, user, comment="Motivering.", **extra)
        assert app.state == target
        assert audit_count(app, f"application.{code}") == 1
    else:
        with pytest.raises(Refused):
            move_application(app, code, user, comment="Motivering.", **extra)
        db.session.expire_all()
        assert db.session.get(Application, app.id).state == state
        assert audit_count(app, f"application.{code}") == 0


def test_the_expected_table_covers_the_transition_table():
    from ideasluss.fund.states import APPLICATION_MOVES

    assert set(APPLICATION_MOVES) == set(EXPECTED)
    for code, (sources, target, _roles) in EXPECTED.items():
        assert set(APPLICATION_MOVES[code].sources) == sources
        assert APPLICATION_MOVES[code].target == target


def test_a_stale_move_is_refused(make_application, make_user):
    app = make_application(state="submitted")
    coach = make_user("coach")
    move_application(app, "accept", coach, expected_state="submitted")
    with pytest.raises(Refused, match="någon annan hann före"):
        move_application(app, "accept", make_user("coach"), expected_state="submitted")
    assert audit_count(app, "application.accept") == 1


@pytest.mark.parametrize("code", ["return", "grant", "reject"])
def test_moves_that_need_a_comment(make_application, make_user, code):
    app = make_application(state="submitted" if code == "return" else "in_review")
    with pytest.raises(Refused, match="kommentar"):
        move_application(app, code, make_user("admin"), comment="  ", granted_amount=None)


def test_the_team_is_notified_of_a_move(make_application, make_user, actors):
    app = make_application(state="submitted")
    people = actors(app)
    move_application(app, "accept", people["coach"])
    notes = db.session.scalars(select(Notification).where(Notification.kind == "fund")).all()
    assert {n.user_id for n in notes} == {people["owner"].id, people["member"].id}
    assert notes[0].params == {"application": app.id, "from": "submitted", "to": "in_review"}


# --- Amounts and budget lines --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("100 000", 100_000),
        ("100000", 100_000),
        ("1 000 000", 1_000_000),
        (" 250 000 kr ", 250_000),
        ("75\u00a0000", 75_000),
        ("5", 5),
        (42, 42),
    ],
)
def test_amounts_in_whole_kronor_are_accepted(text, amount):
    assert parse_sek(text) == amount


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("100,50", "utan ören"),
        ("100.5", "utan ören"),
        ("-5000", "negativt"),
        ("−5000", "negativt"),
        ("tusen", "hela kronor"),
        ("1e5", "hela kronor"),
        ("1 00 000", "hela kronor"),
        ("", "Ange ett belopp"),
        ("0", "större än noll"),
        ("10 000 000 000", "orimligt"),
        (True, "hela kronor"),
    ],
)
def test_other_amounts_are_refused(text, message):
    with pytest.raises(Refused, match=message):
        parse_sek(text)


def fields(app, **changes):
    data = {
        "version": app.version,
        "type": app.type,
        "requested_amount": "150 000",
        "budget_lines": [("Projektledning", "100 000"), ("Material", "50 000")],
        "plan": "Planen.",
        "milestones": "Milstolparna.",
        "expected_value": "Värdet.",
        "ip_working_time": True,
        "ip_third_party": False,
        "ip_commercialise": False,
    }
    data.update(changes)
    return data


def test_saving_replaces_the_budget_lines(make_application):
    app = make_application()
    update_application(app, app.idea.owner, **fields(app))
    assert app.requested_amount == 150_000
    assert [(b.description, b.amount) for b in app.budget_lines] == [
        ("Projektledning", 100_000),
        ("Material", 50_000),
    ]


def test_blank_budget_rows_are_ignored_and_half_rows_refused(make_application):
    app = make_application()
    lines = [("Projektledning", "150 000"), ("", None), ("  ", "")]
    update_application(app, app.idea.owner, **fields(app, budget_lines=lines))
    assert len(app.budget_lines) == 1
    with pytest.raises(Refused, match="Beskriv vad varje budgetrad"):
        update_application(app, app.idea.owner, **fields(app, budget_lines=[("", "5 000")]))
    with pytest.raises(Refused, match="hela kronor"):
        update_application(app, app.idea.owner, **fields(app, budget_lines=[("Lön", "5,5")]))


@pytest.mark.parametrize(
    ("lines", "ok"),
    [
        ([("Lön", "100 000"), ("Material", "50 000")], True),
        ([("Lön", "100 000"), ("Material", "49 999")], False),
        ([("Lön", "150 001")], False),
        ([], False),
    ],
)
def test_submission_needs_budget_lines_that_add_up(make_application, lines, ok):
    app = make_application()
    update_application(app, app.idea.owner, **fields(app, budget_lines=lines))
    if ok:
        submit_application(app, app.idea.owner)
        assert app.state == "submitted"
    else:
        with pytest.raises(Refused, match="budget"):
            submit_application(app, app.idea.owner)
        assert app.state == "draft"


def test_submission_needs_an_amount_the_plan_and_the_ip_declaration(make_application):
    app = make_application()
    update_application(
        app,
        app.idea.owner,
        **fields(
            app,
            requested_amount=None or 0,
            budget_lines=[],
            plan="",
            ip_working_time=None,
            ip_third_party=True,
            ip_third_party_details="",
        ),
    )
    with pytest.raises(Refused) as refused:
        submit_application(app, app.idea.owner)
    message = refused.value.message
    for part in (
        "ange det sökta beloppet",
        "minst en budgetrad",
        "beskriv planen",
        "frågorna om immateriella rättigheter",
        "tredje parts rättigheter",
    ):
        assert part in message


def test_a_stale_edit_overwrites_nothing(make_application):
    app = make_application()
    version = app.version
    update_application(app, app.idea.owner, **fields(app, plan="Första."))
    with pytest.raises(Refused, match="Någon annan har ändrat ansökan"):
        update_application(app, app.idea.owner, **fields(app, version=version, plan="Andra."))
    db.session.expire_all()
    assert db.session.get(Application, app.id).plan == "Första."


# --- Eligibility ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("idea_state", "ok"),
    [("prestudy", True), ("pilot", True), ("idea", False), ("submitted", False)],
)
def test_only_ideas_in_eligible_states_apply(make_call, make_idea, idea_state, ok):
    call = make_call(eligible_states=["prestudy", "pilot"])
    idea = make_idea(state=idea_state)
    if ok:
        assert create_application(call, idea, idea.owner).state == "draft"
    else:
        with pytest.raises(Refused, match="andra skeden"):
            create_application(call, idea, idea.owner)


def test_submission_refused_when_the_idea_left_the_eligible_states(make_application):
    app = make_application()
    app.idea.state = "parked"
    app.idea.parked_from = "prestudy"
    db.session.flush()
    with pytest.raises(Refused, match="skede"):
        submit_application(app, app.idea.owner)


def test_the_team_applies_others_do_not(make_call, make_idea, make_user):
    call = make_call()
    member = make_user("employee")
    idea = make_idea(state="prestudy", team=[member])
    assert create_application(call, idea, member).applicant_id == member.id
    with pytest.raises(Refused, match="redan en ansökan"):
        create_application(call, idea, idea.owner)
    with pytest.raises(Refused, match="ägare och team"):
        create_application(call, make_idea(state="prestudy"), make_user("employee"))


def test_only_the_calls_types(make_call, make_application):
    call = make_call(application_types=["implementation"])
    app = make_application(call=call, type="implementation")
    with pytest.raises(Refused, match="typen"):
        update_application(app, app.idea.owner, **fields(app, type="new"))
    with pytest.raises(Refused, match="typen"):
        create_application(call, app.idea, app.idea.owner, type="new")
    app.type = "new"  # as if the call changed after the draft
    db.session.flush()
    with pytest.raises(Refused, match="typen"):
        submit_application(app, app.idea.owner)


@pytest.mark.parametrize("when", ["closed", "not_yet_open"])
def test_no_application_outside_the_call(make_call, make_idea, when):
    now = utcnow()
    if when == "closed":
        call = make_call(opens_at=now - timedelta(days=30), closes_at=now - timedelta(minutes=1))
    else:
        call = make_call(opens_at=now + timedelta(days=1), closes_at=now + timedelta(days=30))
    idea = make_idea(state="prestudy")
    with pytest.raises(Refused, match="inte öppen"):
        create_application(call, idea, idea.owner)


@pytest.mark.parametrize("state", ["draft", "returned"])
def test_after_the_close_no_submission_and_no_edit(make_application, make_call, state):
    now = utcnow()
    call = make_call(opens_at=now - timedelta(days=30), closes_at=now - timedelta(minutes=1))
    app = make_application(call=call, state=state)
    with pytest.raises(Refused, match="stängd"):
        submit_application(app, app.idea.owner)
    with pytest.raises(Refused, match="stängd"):
        update_application(app, app.idea.owner, **fields(app))
    assert app.state == state


# --- The IP acknowledgement ----------------------------------------------------------------


def test_submission_needs_the_ip_principles_acknowledged(make_application, make_principles):
    principles = make_principles()
    app = make_application()
    owner = app.idea.owner
    with pytest.raises(Refused, match="principerna"):
        submit_application(app, owner)
    assert app.state == "draft"
    submit_application(app, owner, acknowledged=True)
    assert app.state == "submitted"
    ack = db.session.scalars(
        select(IpAcknowledgement).where(IpAcknowledgement.user_id == owner.id)
    ).one()
    assert (ack.principles_id, ack.context, ack.object_id) == (principles.id, "application", app.id)


def test_a_new_version_needs_a_new_acknowledgement(make_application, make_principles, make_user):
    make_principles()
    app = make_application()
    owner = app.idea.owner
    submit_application(app, owner, acknowledged=True)
    move_application(app, "return", make_user("coach"), comment="Komplettera budgeten.")
    # The same version: no need to tick again.
    submit_application(app, owner)
    move_application(app, "return", make_user("coach"), comment="En gång till.")
    make_principles()
    with pytest.raises(Refused, match="principerna"):
        submit_application(app, owner)
    submit_application(app, owner, acknowledged=True)
    assert app.state == "submitted"


# --- Pages ---------------------------------------------------------------------------------


def edit_data(app, **changes):
    data = {
        "version": str(app.version),
        "type": app.type,
        "requested_amount": "150 000",
        "budget_lines-0-description": "Projektledning",
        "budget_lines-0-amount": "100 000",
        "budget_lines-1-description": "Material",
        "budget_lines-1-amount": "50 000",
        "plan": "Vi testar.",
        "milestones": "Start i maj.",
        "expected_value": "Nöjdare invånare.",
        "ip_working_time": "yes",
        "ip_third_party": "no",
        "ip_commercialise": "no",
        "save": "1",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_starting_an_application_from_the_call_page(client, auth, make_call, make_idea, save):
    call = make_call()
    idea = make_idea(state="prestudy", title="Digitala nycklar")
    other = make_idea(owner=idea.owner, state="idea", title="För tidig idé")
    save()
    auth.login(idea.owner)
    page = html(client.get(f"/fund/calls/{call.id}"))
    assert f"/fund/calls/{call.id}/apply?idea={idea.id}" in page
    assert f"apply?idea={other.id}" not in page
    response = client.get(f"/fund/calls/{call.id}/apply?idea={idea.id}")
    assert response.status_code == 200
    response = client.post(f"/fund/calls/{call.id}/apply?idea={idea.id}", data={"type": "new"})
    assert response.status_code == 302
    app_id = int(re.search(r"/applications/(\d+)/edit", response.headers["Location"]).group(1))
    assert db.session.get(Application, app_id).state == "draft"
    assert client.get(f"/fund/calls/{call.id}/apply?idea={other.id}").status_code == 302


def test_apply_refuses_others_ideas(client, auth, make_call, make_idea, make_user, save):
    call = make_call()
    idea = make_idea(state="prestudy")
    stranger = make_user("employee")
    save()
    auth.login(stranger)
    assert client.post(f"/fund/calls/{call.id}/apply?idea={idea.id}").status_code == 403
    assert client.post(f"/fund/calls/{call.id}/apply?idea=999999").status_code == 404


def test_the_edit_form_saves_and_the_page_shows_it(client, auth, make_application, save):
    app = make_application()
    save()
    auth.login(app.idea.owner)
    response = client.post(f"/fund/applications/{app.id}/edit", data=edit_data(app))
    assert response.status_code == 302
    db.session.expire_all()
    app = db.session.get(Application, app.id)
    assert app.requested_amount == 150_000
    assert len(app.budget_lines) == 2
    page = html(client.get(f"/fund/applications/{app.id}"))
    assert "Material" in page and "150\u00a0000\u00a0kr" in page


@pytest.mark.parametrize(
    ("amount", "message"), [("12,5", "utan ören"), ("-3", "negativt"), ("mycket", "hela kronor")]
)
def test_a_bad_amount_is_shown_and_nothing_saved(
    client, auth, make_application, save, amount, message
):
    app = make_application(plan="Gammal plan.")
    save()
    auth.login(app.idea.owner)
    response = client.post(
        f"/fund/applications/{app.id}/edit",
        data=edit_data(app, requested_amount=amount, plan="Ny plan."),
    )
    assert response.status_code == 200
    assert message in html(response)
    assert 'class="error-summary"' in html(response)
    db.session.expire_all()
    assert db.session.get(Application, app.id).plan == "Gammal plan."


def test_budget_rows_without_javascript(client, auth, make_application, save):
    app = make_application()
    save()
    auth.login(app.idea.owner)
    added = client.post(f"/fund/applications/{app.id}/edit", data=edit_data(app, add_line="1"))
    assert added.status_code == 200
    assert 'name="budget_lines-2-description"' in html(added)
    assert "<html" in html(added)
    removed = client.post(
        f"/fund/applications/{app.id}/edit", data=edit_data(app, remove_line_0="1")
    )
    page = html(removed)
    assert 'name="budget_lines-0-description"' not in page
    assert 'value="Material"' in page
    # Neither button saved anything.
    db.session.expire_all()
    assert [b.description for b in db.session.get(Application, app.id).budget_lines] == [
        "Projektledning"
    ]


def test_budget_rows_with_htmx(client, auth, make_application, save):
    app = make_application()
    save()
    auth.login(app.idea.owner)
    headers = {"HX-Request": "true"}
    url = f"/fund/applications/{app.id}/budget-lines"
    added = html(client.post(url, data=edit_data(app, add_line="1"), headers=headers))
    assert "<html" not in added
    assert added.count('name="budget_lines-') == 6  # three rows, two inputs each
    assert 'id="budget-status" hx-swap-oob' in added
    removed = html(client.post(url, data=edit_data(app, remove_line_1="1"), headers=headers))
    assert removed.count('name="budget_lines-') == 2
    assert 'value="Projektledning"' in removed
    # The same endpoint without htmx gives the whole form.
    assert "<html" in html(client.post(url, data=edit_data(app, add_line="1")))


def test_submitting_through_the_page(client, auth, make_application, make_principles, save):
    make_principles()
    app = make_application()
    save()
    auth.login(app.idea.owner)
    page = html(client.get(f"/fund/applications/{app.id}"))
    assert 'name="acknowledged"' in page
    response = client.post(f"/fund/applications/{app.id}/submit", data={"expected_state": "draft"})
    assert response.status_code == 302
    assert db.session.get(Application, app.id).state == "draft"
    client.post(
        f"/fund/applications/{app.id}/submit",
        data={"expected_state": "draft", "acknowledged": "y"},
    )
    db.session.expire_all()
    assert db.session.get(Application, app.id).state == "submitted"
    # Submitted: no more editing.
    assert client.get(f"/fund/applications/{app.id}/edit").status_code == 403


def test_withdrawing_through_the_page(client, auth, make_application, make_user, save):
    app = make_application(state="in_review")
    stranger = make_user("employee")
    save()
    auth.login(stranger)
    assert client.post(f"/fund/applications/{app.id}/withdraw").status_code == 403
    auth.logout()
    auth.login(app.idea.owner)
    assert "Ta tillbaka ansökan" in html(client.get(f"/fund/applications/{app.id}"))
    client.post(f"/fund/applications/{app.id}/withdraw", data={"expected_state": "in_review"})
    db.session.expire_all()
    assert db.session.get(Application, app.id).state == "withdrawn"


@pytest.mark.parametrize("state", ["granted", "rejected"])
def test_no_withdrawal_after_the_decision(client, auth, make_application, save, state):
    app = make_application(state=state)
    save()
    auth.login(app.idea.owner)
    assert "Ta tillbaka ansökan" not in html(client.get(f"/fund/applications/{app.id}"))
    response = client.post(
        f"/fund/applications/{app.id}/withdraw",
        data={"expected_state": state},
        follow_redirects=True,
    )
    assert "går inte" in html(response)
    db.session.expire_all()
    assert db.session.get(Application, app.id).state == state


# --- Visibility ----------------------------------------------------------------------------

VIEWERS = (
    "owner",
    "member",
    "other_employee",
    "resident",
    "coach",
    "committee_member",
    "chair",
    "other_committee",
    "admin",
)
# state -> viewers who may open the application page.
SEES = {
    "draft": {"owner", "member", "admin"},
    "submitted": {"owner", "member", "coach", "admin"},
    "in_review": {"owner", "member", "coach", "committee_member", "chair", "admin"},
    "granted": {"owner", "member", "coach", "committee_member", "chair", "admin"},
}


@pytest.mark.parametrize("viewer", VIEWERS)
@pytest.mark.parametrize("state", list(SEES))
def test_who_sees_an_application(
    client, auth, make_application, actors, make_user, save, viewer, state
):
    app = make_application(state=state)
    people = actors(app)
    people["other_committee"] = make_user("committee")
    save()
    auth.login(people[viewer])
    response = client.get(f"/fund/applications/{app.id}")
    assert response.status_code == (200 if viewer in SEES[state] else 403)


def test_internal_ideas_applications_are_404_for_residents(
    client, auth, make_application, make_idea, make_user, save
):
    app = make_application(idea=make_idea(state="prestudy", visibility="internal"), state="granted")
    resident = make_user("resident")
    save()
    auth.login(resident)
    assert client.get(f"/fund/applications/{app.id}").status_code == 404
    assert client.get(f"/fund/applications/{app.id}/report").status_code == 404


def test_visitors_are_asked_to_sign_in(client, make_application, save):
    app = make_application(state="granted")
    save()
    response = client.get(f"/fund/applications/{app.id}")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]
    assert client.get("/fund/applications/999999").status_code == 302


def test_my_applications(client, auth, make_application, make_user, save):
    mine = make_application()
    theirs = make_application()
    save()
    auth.login(mine.idea.owner)
    page = html(client.get("/fund/mine"))
    assert mine.idea.title in page
    assert theirs.idea.title not in page


def test_the_committee_finds_its_work_from_the_application(
    client, auth, make_application, actors, save
):
    app = make_application(state="in_review")
    people = actors(app)
    save()
    auth.login(people["committee_member"])
    page = html(client.get(f"/fund/applications/{app.id}"))
    assert f"/fund/applications/{app.id}/review" in page
    assert f"/fund/applications/{app.id}/recuse" in page
    assert f"/fund/applications/{app.id}/decide" not in page
    auth.logout()
    auth.login(people["chair"])
    assert f"/fund/applications/{app.id}/decide" in html(client.get(f"/fund/applications/{app.id}"))
    auth.logout()
    auth.login(people["owner"])
    page = html(client.get(f"/fund/applications/{app.id}"))
    assert "/review" not in page and "/decide" not in page
