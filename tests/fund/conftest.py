"""Shared fund factories: `make_call` and `make_application` (other fund test modules rely on them).

Also re-exports `make_idea` and `make_principles` from tests/ideas/conftest.py.
"""

from datetime import timedelta

import pytest

from ideasluss.core.models import utcnow
from ideasluss.extensions import db
from tests.ideas.conftest import make_idea, make_principles  # noqa: F401

DEFAULT_CRITERIA = (
    ("Nytta för stockholmarna", "Hur stor nytta gör idén för dem den riktar sig till?", 3),
    ("Genomförbarhet", "Finns plan, kompetens och resurser för att genomföra den?", 2),
    ("Spridningsbarhet", "Kan andra enheter ta lösningen i bruk?", 1),
)


@pytest.fixture
def make_call(make_user):
    """Create a call, flushed: open now, budget 1 000 000 kr, every application type, eligible
    idea states prestudy and pilot, three criteria weighted 3/2/1, a committee of three new
    committee users with the first as chair.

    `make_call(title=None, committee=None, chair=None, criteria=None, **fields)`: `committee`
    is a list of users (the chair defaults to the first), `criteria` a list of
    (name, description, weight); other keyword arguments are FundCall columns (e.g. `budget`,
    `opens_at`, `closes_at`, `application_types`, `eligible_states`, `granted_total`).
    """
    from ideasluss.fund.models import APPLICATION_TYPES, CommitteeMember, Criterion, FundCall

    counter = iter(range(1, 100_000))

    def make(title=None, committee=None, chair=None, criteria=None, **fields):
        n = next(counter)
        now = utcnow()
        if committee is None:
            committee = [make_user("committee", name=f"Ledamot {n}.{i}") for i in (1, 2, 3)]
        if chair is None and committee:
            chair = committee[0]
        fields.setdefault("text", f"Utlysning {n}: vi söker idéer som gör skillnad.")
        fields.setdefault("budget", 1_000_000)
        fields.setdefault("opens_at", now - timedelta(days=1))
        fields.setdefault("closes_at", now + timedelta(days=30))
        fields.setdefault("application_types", list(APPLICATION_TYPES))
        fields.setdefault("eligible_states", ["prestudy", "pilot"])
        call = FundCall(title=title or f"Testutlysning {n}", chair=chair, **fields)
        call.criteria = [
            Criterion(name=name, description=description, weight=weight, position=i)
            for i, (name, description, weight) in enumerate(criteria or DEFAULT_CRITERIA)
        ]
        call.committee = [CommitteeMember(user_id=u.id) for u in committee]
        db.session.add(call)
        db.session.flush()
        return call

    return make


@pytest.fixture
def make_application(make_call, make_idea):  # noqa: F811 (the fixture, re-exported)
    """Create an application, flushed, complete enough to submit, with its state set directly.

    `make_application(call=None, idea=None, state="draft", requested_amount=100_000, **fields)`:
    the call defaults to `make_call()`, the idea to a new prestudy idea; the applicant is the
    idea's owner; one budget line equals the amount; the IP declaration is answered (no third
    party rights, no commercialisation). Granted, reporting and closed applications get
    `granted_amount` = the requested amount unless given. Other keyword arguments are
    Application columns (`type`, `plan`, `granted_amount`, `report_due_on`, `paid_total`, ...).
    """
    from ideasluss.fund.models import Application, BudgetLine

    def make(call=None, idea=None, state="draft", requested_amount=100_000, **fields):
        call = call or make_call()
        idea = idea or make_idea(state="prestudy")
        fields.setdefault("type", "new")
        fields.setdefault("applicant_id", idea.owner_id)
        fields.setdefault("plan", "Vi testar idén i två verksamheter under hösten.")
        fields.setdefault("milestones", "September: start. December: utvärdering.")
        fields.setdefault("expected_value", "Kortare väntetider och nöjdare invånare.")
        fields.setdefault("ip_working_time", True)
        fields.setdefault("ip_third_party", False)
        fields.setdefault("ip_commercialise", False)
        if state in {"granted", "reporting", "closed"}:
            fields.setdefault("granted_amount", requested_amount)
        if state != "draft":
            fields.setdefault("submitted_at", utcnow())
        app = Application(
            call=call, idea=idea, state=state, requested_amount=requested_amount, **fields
        )
        if requested_amount > 0:
            app.budget_lines = [BudgetLine(description="Projektledning", amount=requested_amount)]
        db.session.add(app)
        db.session.flush()
        return app

    return make


# The committee tests' fixtures (F2): `committee` and `recused_application`.
from tests.fund.committee_fixtures import (  # noqa: E402, F401
    committee_fixture,
    recused_application_fixture,
)
