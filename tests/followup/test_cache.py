"""The accounts cache: which changes invalidate which figures, and that nothing stale is read.

With PostgreSQL + Redis the cache is on and these tests read through it; on SQLite it is off
and the same assertions hold because every figure is computed afresh.
"""

import json
import threading
import time
from datetime import datetime

import pytest
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


needs_cache = pytest.mark.skipif(
    not (TEST_DATABASE_URL and TEST_REDIS_URL), reason="the cache needs PostgreSQL and Redis"
)


def _entries(unit):
    """{(group, year): (cache key, figures)} of the 2025 page of `unit`, worked out now."""
    keys = cache._keys(cache._redis(), 2025, unit.id)
    figures = acc.compute(list(keys), unit.id)
    return {k: (keys[k], figures[k]) for k in keys}


@needs_cache
def test_a_reader_waits_for_figures_another_process_is_computing(ledger, monkeypatch):
    entries = _entries(ledger.unit_a)
    redis = cache._redis()
    for key, _figures in entries.values():
        redis.set(cache._lock_key(key), "another process", ex=30)

    def the_other_process():
        time.sleep(0.2)
        for key, figures in entries.values():
            redis.set(key, json.dumps(figures), ex=60)
            redis.delete(cache._lock_key(key))

    def compute(*args):
        raise AssertionError("computed while another process was computing the same")

    monkeypatch.setattr(acc, "compute", compute)
    other = threading.Thread(target=the_other_process)
    other.start()
    current, previous, trend = cache.accounts_data(2025, ledger.unit_a.id)
    other.join()
    assert current["received"] == 5 and previous["received"] == 2
    assert current["participation"] == entries[("participation", 2025)][1]["participation"]
    assert trend == entries[("trend", 2025)][1]


@needs_cache
def test_a_lock_left_behind_only_delays_the_figures(ledger, monkeypatch):
    for key, _figures in _entries(ledger.unit_a).values():
        cache._redis().set(cache._lock_key(key), "a process that died", ex=30)
    monkeypatch.setattr(cache, "LOCK_WAIT", 0.1)
    current, _previous, _trend = cache.accounts_data(2025, ledger.unit_a.id)
    assert current["received"] == 5
    assert current["participation"]["voters"] == {"residents": 2, "staff": 2}


@needs_cache
def test_the_figures_are_computed_once_and_the_locks_let_go(ledger, monkeypatch):
    calls = []
    compute = acc.compute

    def counting(wanted, unit_id=None):
        calls.append(sorted(wanted, key=str))
        return compute(wanted, unit_id)

    monkeypatch.setattr(acc, "compute", counting)
    assert cache.accounts_data(2025, ledger.unit_a.id)[0]["received"] == 5
    assert cache.accounts_data(2025, ledger.unit_a.id)[0]["received"] == 5
    keys = cache._keys(cache._redis(), 2025, ledger.unit_a.id)
    # Once each, a batch of groups at a time (both years of a group in one go).
    assert len(calls) == len(cache.BATCHES)
    assert sorted((k for batch in calls for k in batch), key=str) == sorted(keys, key=str)
    assert not any(cache._redis().exists(cache._lock_key(k)) for k in keys.values())


@needs_cache
def test_figures_stored_just_after_a_reader_looked_are_not_computed_again(ledger, monkeypatch):
    entries = _entries(ledger.unit_a)
    redis = cache._redis()
    for key, figures in entries.values():
        redis.set(key, json.dumps(figures), ex=60)

    class LooksTooEarly:
        """The reader's first look at the figures finds none: another process stored them
        (and let go of its locks) right after."""

        looks = 0

        def __getattr__(self, name):
            return getattr(redis, name)

        def mget(self, keys):
            found = redis.mget(keys)
            self.looks += 1
            return [None] * len(keys) if self.looks == 2 else found  # the first is the gens

    def compute(*args):
        raise AssertionError("computed figures another process had stored")

    monkeypatch.setattr(cache, "_redis", LooksTooEarly)
    monkeypatch.setattr(acc, "compute", compute)
    current, previous, trend = cache.accounts_data(2025, ledger.unit_a.id)
    assert current["received"] == 5 and previous["received"] == 2
    assert trend == entries[("trend", 2025)][1]
