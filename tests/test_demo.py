"""The demo data set: loads into the test database (rolled back after) and is consistent."""

from datetime import timedelta

from sqlalchemy import func, select

from ideasluss.accounts.models import User
from ideasluss.accounts.operations import authenticate
from ideasluss.core.models import OutboxMail, utcnow
from ideasluss.core.search import matching
from ideasluss.demo import content, loader
from ideasluss.extensions import db
from ideasluss.ideas.models import (
    Adoption,
    Challenge,
    Comment,
    Follow,
    GateDecision,
    Idea,
    Vote,
)
from ideasluss.ideas.states import STATES
from ideasluss.ip.models import IpPrinciples
from ideasluss.notifications.models import Notification


def count(model, *where):
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def per_idea(column, *where):
    return dict(
        db.session.execute(select(column, func.count()).where(*where).group_by(column)).all()
    )


def test_the_demo_loads_a_consistent_data_set(runner):
    last_user_before = db.session.scalar(select(func.max(User.id))) or 0
    mails_before = count(OutboxMail)
    loader.load()
    db.session.flush()

    ideas = loader.demo_ideas()
    now = utcnow()

    # At least 60 ideas, in every state (merging is shown by the coaches, not the demo).
    assert len(ideas) == len(content.IDEAS) >= 60
    assert {i.state for i in ideas} >= set(STATES) - {"merged"}
    assert {i.visibility for i in ideas} == {"public", "internal"}
    assert len({i.unit_id for i in ideas}) >= 20

    # The history agrees with the states, in time order, within the last 18 months.
    history = {}
    for decision in db.session.scalars(
        select(GateDecision)
        .where(GateDecision.idea_id.in_([i.id for i in ideas]))
        .order_by(GateDecision.idea_id, GateDecision.id)
    ):
        history.setdefault(decision.idea_id, []).append(decision)
    lead_times = set()
    for idea in ideas:
        rows = history.get(idea.id, [])
        assert now - idea.created_at <= timedelta(days=550), idea.title
        if idea.state == "draft":
            assert rows == [], idea.title
            continue
        assert rows[0].move == "submit" and rows[0].created_at == idea.submitted_at, idea.title
        assert rows[-1].to_state == idea.state, idea.title
        assert rows[-1].created_at == idea.state_changed_at, idea.title
        times = [idea.created_at] + [r.created_at for r in rows]
        assert times == sorted(times) and times[-1] <= now, idea.title
        for before, after in zip(rows, rows[1:], strict=False):
            assert after.from_state == before.to_state, idea.title
        assert all(r.motivation for r in rows if r.move not in ("submit", "withdraw"))
        if idea.state not in ("submitted", "withdrawn"):
            assert idea.coach_id is not None and idea.classification, idea.title
        lead_times.add((rows[-1].created_at - rows[0].created_at).days)
    assert len(lead_times) > 30  # lead times vary
    parked = [i for i in ideas if i.state == "parked"]
    assert {i.parked_from for i in parked} == {"idea", "prestudy", "pilot"}

    # Counters agree with their rows.
    ids = [i.id for i in ideas]
    votes = per_idea(Vote.idea_id, Vote.idea_id.in_(ids))
    comments = per_idea(Comment.idea_id, Comment.idea_id.in_(ids), Comment.hidden_at.is_(None))
    follows = per_idea(Follow.idea_id, Follow.idea_id.in_(ids))
    by_title = {item["title"]: item for item in content.IDEAS}
    for idea in ideas:
        assert idea.vote_count == votes.get(idea.id, 0) == by_title[idea.title]["votes"]
        assert idea.comment_count == comments.get(idea.id, 0), idea.title
        assert idea.follower_count == follows.get(idea.id, 0), idea.title
    assert sum(follows.values()) >= 20

    # Nobody votes for or comments on an internal idea they could not see.
    voters_of_internal = db.session.scalars(
        select(User)
        .join(Vote, Vote.user_id == User.id)
        .join(Idea, Idea.id == Vote.idea_id)
        .where(Idea.visibility == "internal", Idea.id.in_(ids))
    ).all()
    assert all(u.is_staff for u in voters_of_internal)

    # Adoptions, one flagged comment, the challenges, the IP principles.
    assert count(Adoption) == 2
    assert count(Comment, Comment.flag_count > 0) == 1
    challenges = db.session.scalars(select(Challenge)).all()
    assert len(challenges) == 2 and all(c.is_open() for c in challenges)
    assert sum(c.idea_count for c in challenges) == sum(
        1 for i in ideas if i.challenge_id and i.state != "draft"
    )
    (principles,) = db.session.scalars(select(IpPrinciples)).all()
    assert IpPrinciples.in_force() == principles

    # Notifications were written, dated with their events, and no mail was sent.
    assert count(Notification) > 100
    assert count(Notification, Notification.mailed_at.is_(None)) == 0
    assert count(OutboxMail) == mails_before

    # The search index knows every idea.
    where, _rank = matching(Idea.id, "sagostund")
    assert (
        "Tvåspråkig sagostund på biblioteken"
        in db.session.scalars(select(Idea.title).where(where)).all()
    )

    # Every demo account signs in with the published password.
    people = db.session.scalars(select(User).where(User.id > last_user_before)).all()
    assert len(people) >= 150
    for person in people:
        assert authenticate(person.email, loader.DEMO_PASSWORD) == person, person.email
    for email, _name, roles, _unit in loader.ACCOUNTS:
        assert User.by_email(email).roles == roles

    # `flask demo load --if-empty` leaves a database with data alone.
    result = runner.invoke(args=["demo", "load", "--if-empty"])
    assert result.exit_code == 0 and "not loaded" in result.output
    assert runner.invoke(args=["demo", "load"]).exit_code != 0
