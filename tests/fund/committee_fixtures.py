"""Fixtures for the committee tests (review, recusal, decisions); imported by those modules.

`committee` gives a call with criteria weighted 3/2/1, three committee members (the first is
the chair), an admin, and `in_review(**kw)` making applications in review.
"""

from types import SimpleNamespace

import pytest

from ideasluss.extensions import db

RECUSAL_REASONS = ("owner", "team", "coach", "declared")


@pytest.fixture(name="committee")
def committee_fixture(make_user, make_call, make_application, make_idea):
    chair = make_user("committee", name="Ordförande Olsson")
    second = make_user("committee", name="Ledamot Lind")
    third = make_user("committee", name="Ledamot Berg")
    call = make_call(committee=[chair, second, third], budget=1_000_000)
    admin = make_user("admin", name="Admin Ahl")

    def in_review(idea=None, requested_amount=100_000, **fields):
        return make_application(
            call=call, idea=idea, state="in_review", requested_amount=requested_amount, **fields
        )

    return SimpleNamespace(
        call=call,
        chair=chair,
        second=second,
        third=third,
        members=[chair, second, third],
        admin=admin,
        in_review=in_review,
        criteria=list(call.criteria),
    )


@pytest.fixture(name="recused_application")
def recused_application_fixture(committee, make_idea, make_user):
    """`recused_application(reason, who)`: an application in review from which `who` is recused
    by `reason` (owner, team, coach, declared)."""
    from ideasluss.fund.models import Recusal

    def make(reason, who):
        if reason == "owner":
            idea = make_idea(owner=who, state="prestudy")
        elif reason == "team":
            idea = make_idea(state="prestudy", team=[who])
        elif reason == "coach":
            idea = make_idea(state="prestudy", coach=who)
        else:
            idea = make_idea(state="prestudy")
        app = committee.in_review(idea=idea)
        if reason == "declared":
            db.session.add(
                Recusal(application_id=app.id, user_id=who.id, reason="Min svåger söker.")
            )
            db.session.flush()
        return app

    return make


def scores_for(call, values, comment=""):
    """{criterion id: (score, comment)} from scores in criterion order."""
    return {c.id: (v, comment) for c, v in zip(call.criteria, values, strict=True)}


def review_data(call, values, comment="Sammantaget bra."):
    """Form data for the review page: scores in criterion order ("" for none)."""
    data = {"comment": comment}
    for criterion, value in zip(call.criteria, values, strict=True):
        data[f"score_{criterion.id}"] = str(value)
        data[f"comment_{criterion.id}"] = f"Om {criterion.name}."
    return data
