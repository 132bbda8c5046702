"""Decisions: who decides, amounts within request and budget, register numbers, the letter."""

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from ideasluss.core.errors import Refused
from ideasluss.core.models import AuditEntry
from ideasluss.extensions import db
from ideasluss.fund.decisions import decide_application, local_year, take_register_number
from ideasluss.fund.models import Application, Decision, FundCall, RegisterSequence
from ideasluss.fund.recusal import declare_recusal
from ideasluss.fund.review import save_review
from ideasluss.notifications.models import Notification
from tests.fund.committee_fixtures import scores_for

# A year no other test decides in, so that numbers are predictable.
YEAR = 2031
NOW = datetime(YEAR, 3, 14, 10, 0)


def decide(app, actor, outcome="grant", amount=None, motivation="Väl underbyggd.", **kw):
    if outcome == "grant" and amount is None:
        amount = app.requested_amount
    kw.setdefault("now", NOW)
    return decide_application(app, actor, outcome, amount=amount, motivation=motivation, **kw)


def decisions():
    return db.session.scalar(select(func.count()).select_from(Decision))


def refresh(*objects):
    for obj in objects:
        db.session.refresh(obj)


# --- Granting and rejecting ----------------------------------------------------------------


def test_chair_grants(committee, make_user, make_idea):
    mate = make_user(name="Teamet Tor")
    idea = make_idea(state="prestudy", team=[mate])
    app = committee.in_review(idea=idea, requested_amount=300_000)
    save_review(app, committee.second, scores_for(committee.call, [4, 4, 4]))
    declare_recusal(app, committee.third, "Jag har handlett projektet tidigare.")
    decision = decide(
        app,
        committee.chair,
        amount="250 000",
        conditions="Delrapport efter halva tiden.",
        report_due_on=date(YEAR + 1, 3, 31),
    )
    refresh(app, committee.call)
    assert app.state == "granted"
    assert app.granted_amount == 250_000
    assert app.report_due_on == date(YEAR + 1, 3, 31)
    assert committee.call.granted_total == 250_000
    assert decision.register_number == f"IF-{YEAR}-0001"
    assert (decision.outcome, decision.amount) == ("granted", 250_000)
    assert decision.conditions == "Delrapport efter halva tiden."
    assert decision.decided_by_id == committee.chair.id
    assert decision.participants == sorted([committee.chair.id, committee.second.id])
    assert decision.recused == [committee.third.id]
    entry = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "application.decided")
    ).one()
    assert entry.object_id == app.id
    assert entry.data["register_number"] == f"IF-{YEAR}-0001"
    assert entry.data["amount"] == 250_000 and entry.data["outcome"] == "granted"
    told = set(
        db.session.scalars(select(Notification.user_id).where(Notification.idea_id == app.idea_id))
    )
    assert told == {app.idea.owner_id, mate.id}


def test_admin_rejects(committee):
    app = committee.in_review()
    decision = decide(app, committee.admin, "reject", motivation="Ligger utanför utlysningen.")
    refresh(app, committee.call)
    assert app.state == "rejected" and app.granted_amount is None
    assert decision.amount is None and decision.outcome == "rejected"
    assert committee.call.granted_total == 0
    assert decision.participants == [committee.admin.id]


def test_rejection_drops_grant_details(committee):
    app = committee.in_review()
    decision = decide(
        app, committee.chair, "reject", amount=5, conditions="x", report_due_on=date(YEAR, 9, 1)
    )
    refresh(app)
    assert decision.conditions == "" and app.report_due_on is None


@pytest.mark.parametrize("who", ["member", "employee", "coach", "applicant", "other_chair"])
def test_only_chair_or_admin_decides(committee, make_user, make_call, who):
    app = committee.in_review()
    other_call = make_call()
    user = {
        "member": committee.second,
        "employee": make_user(),
        "coach": make_user("coach"),
        "applicant": app.idea.owner,
        "other_chair": other_call.chair,
    }[who]
    with pytest.raises(Refused):
        decide(app, user)
    refresh(app)
    assert app.state == "in_review" and decisions() == 0


@pytest.mark.parametrize("state", ["submitted", "returned", "granted", "rejected", "withdrawn"])
def test_decide_only_in_review(committee, make_application, state):
    app = make_application(call=committee.call, state=state)
    with pytest.raises(Refused, match="kan inte avgöras"):
        decide(app, committee.chair)
    assert decisions() == 0


@pytest.mark.parametrize(
    "amount, message",
    [
        (100_001, "kan inte vara större än det sökta"),
        ("200 000", "kan inte vara större än det sökta"),
        ("0", "större än noll"),
        ("-5", "negativt"),
        ("1,5", "utan ören"),
        ("mycket", "hela kronor"),
        ("", "Ange ett belopp"),
    ],
)
def test_granted_amount_is_whole_sek_within_the_request(committee, amount, message):
    app = committee.in_review(requested_amount=100_000)
    with pytest.raises(Refused, match=message):
        decide(app, committee.chair, amount=amount)
    refresh(app, committee.call)
    assert app.state == "in_review" and committee.call.granted_total == 0 and decisions() == 0
    assert db.session.get(RegisterSequence, YEAR) is None


def test_motivation_required(committee):
    app = committee.in_review()
    with pytest.raises(Refused, match="motivering"):
        decide(app, committee.chair, motivation="  ")
    with pytest.raises(Refused, match="beviljas eller avslås"):
        decide(app, committee.chair, outcome="maybe")
    assert decisions() == 0


def test_report_due_date_must_be_ahead(committee):
    app = committee.in_review()
    with pytest.raises(Refused, match="framtiden"):
        decide(app, committee.chair, report_due_on=NOW.date() - timedelta(days=1))
    assert decisions() == 0


# --- The budget ----------------------------------------------------------------------------


def test_grant_beyond_the_remaining_budget_is_refused_and_changes_nothing(
    make_call, make_application
):
    call = make_call(budget=250_000)
    first = make_application(call=call, state="in_review", requested_amount=200_000)
    second = make_application(call=call, state="in_review", requested_amount=100_000)
    decide(first, call.chair)
    before = db.session.scalar(select(func.count()).select_from(AuditEntry))
    with pytest.raises(Refused) as refused:
        decide(second, call.chair, amount=60_000)
    assert "Kvar att bevilja: 50\u00a0000\u00a0kr" in refused.value.message
    refresh(second, call)
    assert second.state == "in_review" and second.granted_amount is None
    assert call.granted_total == 200_000
    assert decisions() == 1
    assert db.session.get(RegisterSequence, YEAR).last_value == 1  # no number used up
    assert db.session.scalar(select(func.count()).select_from(AuditEntry)) == before
    # What fits still goes through, and takes the next number.
    assert decide(second, call.chair, amount=50_000).register_number == f"IF-{YEAR}-0002"
    refresh(call)
    assert call.granted_total == call.budget == 250_000


def test_budget_check_guards_in_the_database_too(committee):
    """Even a stale granted_total in memory cannot push the call past its budget."""
    call = committee.call
    call.budget = 150_000
    app = committee.in_review(requested_amount=100_000)
    other = committee.in_review(requested_amount=100_000)
    db.session.flush()
    decide(app, committee.chair)
    call.granted_total  # noqa: B018 (loads the current value)
    with pytest.raises(Refused, match="ryms inte"):
        decide(other, committee.chair)
    refresh(call)
    assert call.granted_total == 100_000


# --- Register numbers ----------------------------------------------------------------------


def test_register_numbers_are_sequential_and_restart_each_year(committee):
    apps = [committee.in_review(requested_amount=10_000) for _ in range(4)]
    numbers = [
        decide(apps[0], committee.chair, now=datetime(YEAR, 1, 2, 9)).register_number,
        decide(apps[1], committee.chair, "reject", now=datetime(YEAR, 6, 1, 9)).register_number,
        decide(apps[2], committee.chair, now=datetime(YEAR + 1, 1, 3, 9)).register_number,
        decide(apps[3], committee.admin, now=datetime(YEAR, 12, 1, 9)).register_number,
    ]
    assert numbers == [
        f"IF-{YEAR}-0001",
        f"IF-{YEAR}-0002",
        f"IF-{YEAR + 1}-0001",
        f"IF-{YEAR}-0003",
    ]


def test_the_year_is_stockholms():
    assert local_year(datetime(YEAR, 12, 31, 22, 59)) == YEAR
    assert local_year(datetime(YEAR, 12, 31, 23, 30)) == YEAR + 1  # 00:30 on New Year's Day


def test_take_register_number_creates_the_year(committee):
    assert db.session.get(RegisterSequence, YEAR + 5) is None
    assert [take_register_number(YEAR + 5) for _ in range(3)] == [1, 2, 3]


def test_unique_year_sequence_is_the_last_guard(committee):
    from sqlalchemy.exc import IntegrityError

    app = committee.in_review()
    other = committee.in_review()
    first = decide(app, committee.chair)
    with pytest.raises(IntegrityError), db.session.begin_nested():
        db.session.add(
            Decision(
                application_id=other.id,
                register_number="IF-X",
                year=first.year,
                sequence=first.sequence,
                outcome="rejected",
                motivation="x",
                decided_by_id=committee.chair.id,
            )
        )


# --- The decide page -----------------------------------------------------------------------


def test_decide_page_shows_budget_reviews_and_recusals(
    committee, recused_application, auth, client, save
):
    app = recused_application("declared", committee.third)
    committee.call.granted_total = 400_000
    save_review(app, committee.second, scores_for(committee.call, [4, 3, 2]), "LINDS ORD")
    save()
    auth.login(committee.chair)
    page = client.get(f"/fund/applications/{app.id}/decide")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "600\u00a0000\u00a0kr" in html  # kvar att bevilja
    assert "LINDS ORD" in html
    assert "Ledamot Berg" in html and "anmält jäv: Min svåger söker." in html
    assert 'name="outcome"' in html and 'name="motivation"' in html


def test_decide_post_grants_and_shows_the_letter(committee, auth, client, save):
    app = committee.in_review(requested_amount=120_000)
    save()
    auth.login(committee.chair)
    response = client.post(
        f"/fund/applications/{app.id}/decide",
        data={
            "outcome": "grant",
            "amount": "100 000",
            "conditions": "",
            "report_due_on": "",
            "motivation": "Stark idé med tydlig plan.",
        },
    )
    assert response.status_code == 302
    decision = db.session.scalars(select(Decision)).one()
    assert response.headers["Location"].endswith(f"/fund/decisions/{decision.id}")
    assert decision.amount == 100_000
    letter = client.get(response.headers["Location"]).get_data(as_text=True)
    assert decision.register_number in letter
    # Once decided, the decide page leads to the letter.
    again = client.get(f"/fund/applications/{app.id}/decide")
    assert again.status_code == 302 and again.headers["Location"].endswith(
        f"/fund/decisions/{decision.id}"
    )


@pytest.mark.parametrize(
    "data, message",
    [
        ({"outcome": "grant", "amount": "", "motivation": "Bra."}, "Ange ett belopp"),
        ({"outcome": "grant", "amount": "12,50", "motivation": "Bra."}, "utan ören"),
        ({"outcome": "grant", "amount": "200 000", "motivation": "Bra."}, "större än det sökta"),
        ({"outcome": "grant", "amount": "100 000", "motivation": ""}, "Skriv en motivering"),
        ({"amount": "100 000", "motivation": "Bra."}, "beviljas eller avslås"),
        ({"outcome": "kanske", "motivation": "Bra."}, "beviljas eller avslås"),
        (
            {"outcome": "grant", "amount": "1", "motivation": "Bra.", "report_due_on": "imorgon"},
            "giltigt datum",
        ),
    ],
)
def test_decide_post_bad_input(committee, auth, client, save, data, message):
    app = committee.in_review(requested_amount=150_000)
    save()
    auth.login(committee.chair)
    response = client.post(f"/fund/applications/{app.id}/decide", data=data)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert decisions() == 0
    assert db.session.get(Application, app.id).state == "in_review"


def test_decide_post_over_budget_shows_remaining(committee, auth, client, save):
    committee.call.budget = 1_000_000
    committee.call.granted_total = 950_000
    app = committee.in_review(requested_amount=100_000)
    save()
    auth.login(committee.admin)
    response = client.post(
        f"/fund/applications/{app.id}/decide",
        data={"outcome": "grant", "amount": "100000", "motivation": "Bra."},
    )
    assert response.status_code == 400
    assert "Kvar att bevilja: 50\u00a0000\u00a0kr" in response.get_data(as_text=True)
    assert decisions() == 0
    call = db.session.get(FundCall, committee.call.id)
    db.session.refresh(call)
    assert call.granted_total == 950_000


@pytest.mark.parametrize("who", ["member", "employee", "coach", "applicant"])
def test_decide_route_403_for_others(committee, make_user, auth, client, save, who):
    app = committee.in_review()
    user = {
        "member": committee.second,
        "employee": make_user(),
        "coach": make_user("coach"),
        "applicant": app.idea.owner,
    }[who]
    save()
    auth.login(user)
    assert client.get(f"/fund/applications/{app.id}/decide").status_code == 403
    response = client.post(
        f"/fund/applications/{app.id}/decide",
        data={"outcome": "grant", "amount": "100000", "motivation": "Bra."},
    )
    assert response.status_code == 403
    assert decisions() == 0


# --- The letter ----------------------------------------------------------------------------


@pytest.fixture
def letter(committee, recused_application, make_user, save):
    app = recused_application("declared", committee.third)
    save_review(app, committee.second, scores_for(committee.call, [5, 4, 4]), "HEMLIGT BETYG")
    decision = decide(app, committee.chair, amount=80_000, conditions="Redovisa efter sex månader.")
    save()
    return decision


@pytest.mark.parametrize(
    "who, status",
    [
        ("owner", 200),
        ("chair", 200),
        ("member", 200),
        ("recused_member", 200),
        ("admin", 200),
        ("employee", 403),
        ("coach", 403),
        ("other_committee", 403),
    ],
)
def test_letter_visibility(committee, letter, make_user, auth, client, save, who, status):
    user = {
        "owner": letter.application.idea.owner,
        "chair": committee.chair,
        "member": committee.second,
        "recused_member": committee.third,
        "admin": committee.admin,
        "employee": make_user(),
        "coach": make_user("coach"),
        "other_committee": make_user("committee"),
    }[who]
    save()
    auth.login(user)
    response = client.get(f"/fund/decisions/{letter.id}")
    assert response.status_code == status
    if status == 200:
        assert "HEMLIGT BETYG" not in response.get_data(as_text=True)


def test_letter_signed_out_goes_to_login(letter, client):
    response = client.get(f"/fund/decisions/{letter.id}")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_letter_shows_everything_a_decision_says(committee, letter, auth, client):
    auth.login(letter.application.idea.owner)
    html = client.get(f"/fund/decisions/{letter.id}").get_data(as_text=True)
    assert f"IF-{YEAR}-0001" in html
    assert "80\u00a0000\u00a0kr" in html
    assert "Redovisa efter sex månader." in html
    assert "Väl underbyggd." in html
    assert letter.application.idea.title in html
    assert committee.call.title in html
    participants = html[html.index("I beslutet deltog") : html.index("Jäviga, deltog inte")]
    assert "Ordförande Olsson" in participants and "Ledamot Lind" in participants
    assert "Ledamot Berg" not in participants
    recused = html[html.index("Jäviga, deltog inte") :]
    assert "Ledamot Berg" in recused and "anmält jäv" in recused
    assert "Min svåger söker." not in html


def test_print_stylesheet_hides_the_chrome(app):
    from pathlib import Path

    css = (Path(app.static_folder) / "css" / "app.css").read_text(encoding="utf-8")
    block = css[css.index("@media print") :]
    for selector in (".site-header", ".site-footer", ".main-nav"):
        assert selector in block


def test_letter_404(committee, auth, client):
    auth.login(committee.admin)
    assert client.get("/fund/decisions/999999").status_code == 404
