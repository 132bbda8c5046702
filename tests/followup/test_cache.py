"""The accounts cache: which changes invalidate which figures, and that nothing stale is read.

With PostgreSQL + Redis the cache is on and these tests read through it; on SQLite it is off
and the same assertions hold because every figure is computed afresh.
"""

from datetime import datetime

from sqlalchemy import delete, update

from ideasluss.extensions import db
from ideasluss.followup import accounts as acc
from ideasluss.followup import cache
from ideasluss.ideas.models import Comment, GateDecision, Idea, Vote
from tests.conftest import TEST_DATABASE_URL, TEST_REDIS_URL


def marks():
    return db.session.info.get(cache.MARKS, set())


def test_cache_is_on_with_redis_and_postgresql(app):
    with app.app_context():
        assert cache.enabled() == bool(TEST_DATABASE_URL and TEST_REDIS_URL)


def test_a_new_vote_marks_its_year_only(ledger):
    db.session.add(
        Vote(idea_id=ledger.ideas["i4"].id, user_id=ledger.res3.id, created_at=datetime(2025, 6, 1))
    )
    db.session.flush()
    assert marks() == {("participation", 2025)}


def test_a_gate_decision_marks_its_year_and_every_later_one(ledger):
    db.session.add(
        GateDecision(
            idea_id=ledger.ideas["i10"].id,
            actor_id=ledger.coach.id,
            move="accept",
            from_state="submitted",
            to_state="idea",
            created_at=datetime(2024, 6, 1),
        )
    )
    db.session.flush()
    years = range(2024, acc.current_year() + 1)
    assert marks() == {(g, y) for g in ("pipeline", "participation") for y in years}


def test_counters_and_comment_edits_mark_nothing(ledger):
    db.session.execute(
        update(Idea).where(Idea.id == ledger.ideas["i1"].id).values(vote_count=Idea.vote_count + 1)
    )
    comment = db.session.scalars(db.select(Comment)).first()
    comment.body = "Ändrad."
    db.session.flush()
    assert marks() == set()


def test_a_bulk_delete_marks_every_year_of_its_group(ledger):
    db.session.execute(delete(Vote).where(Vote.user_id == ledger.res1.id))
    assert marks() == {("participation", "*")}


def test_moving_an_idea_to_another_unit_marks_everything(ledger):
    ledger.ideas["i4"].unit_id = ledger.unit_b.id
    db.session.flush()
    assert marks() == {cache.EVERYTHING}


def test_committed_changes_reach_the_figures(ledger, save, query_counter):
    unit = ledger.unit_a

    def voters():
        return acc.build_accounts(2025, unit).current["participation"]["voters"]

    def received():
        return acc.build_accounts(2025, unit).current["received"]

    assert voters() == {"residents": 2, "staff": 2}
    with query_counter() as statements:
        assert voters() == {"residents": 2, "staff": 2}
    if cache.enabled():
        assert statements == []  # all of it from the cache
    else:
        assert statements  # computed every time

    # A vote in the closed year 2025, committed: the cached figure must not survive it.
    db.session.add(
        Vote(idea_id=ledger.ideas["i4"].id, user_id=ledger.res3.id, created_at=datetime(2025, 6, 1))
    )
    save()
    assert voters() == {"residents": 3, "staff": 2}

    # Taken back with a bulk delete (as unvoting does).
    db.session.execute(
        delete(Vote).where(Vote.idea_id == ledger.ideas["i4"].id, Vote.user_id == ledger.res3.id)
    )
    save()
    assert voters() == {"residents": 2, "staff": 2}

    # I4 moves to unit B: unit A received one idea fewer in 2025.
    assert received() == 5
    ledger.ideas["i4"].unit_id = ledger.unit_b.id
    save()
    assert received() == 4

    # res1 and res2 also voted on I2, which stayed; the deleted account still counts as staff.
    assert voters() == {"residents": 2, "staff": 2}


def test_uncommitted_changes_are_never_cached(ledger, save):
    unit = ledger.unit_a
    assert acc.build_accounts(2025, unit).current["received"] == 5
    ledger.ideas["i4"].unit_id = ledger.unit_b.id
    db.session.flush()
    assert acc.build_accounts(2025, unit).current["received"] == 4  # this session's own view
    db.session.rollback()
    assert acc.build_accounts(2025, unit).current["received"] == 5


def test_figures_worked_out_apart_match_those_worked_out_together(ledger):
    """After a commit only some groups (or years) are computed again: the same figures."""
    wanted = [(g, y) for g in acc.GROUPS for y in (2025, 2024)] + [("trend", 2025)]
    for unit_id in (ledger.unit_a.id, None):
        together = acc.compute(wanted, unit_id)
        for key in wanted:
            assert acc.compute([key], unit_id) == {key: together[key]}
        assert (
            acc.compute([("pipeline", 2025), ("trend", 2024)], unit_id)[("pipeline", 2025)]
            == together[("pipeline", 2025)]
        )
