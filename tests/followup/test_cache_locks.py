"""The accounts cache's locks: one process computes a missing entry, the others wait for it.

These need Redis and PostgreSQL, where the cache is on; tests/followup/conftest.py leaves this
file out otherwise.
"""

import json
import threading
import time

from ideasluss.followup import accounts as acc
from ideasluss.followup import cache


def _entries(unit):
    """{(group, year): (cache key, figures)} of the 2025 page of `unit`, worked out now."""
    keys = cache._keys(cache._redis(), 2025, unit.id)
    figures = acc.compute(list(keys), unit.id)
    return {k: (keys[k], figures[k]) for k in keys}


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


def test_a_lock_left_behind_only_delays_the_figures(ledger, monkeypatch):
    for key, _figures in _entries(ledger.unit_a).values():
        cache._redis().set(cache._lock_key(key), "a process that died", ex=30)
    monkeypatch.setattr(cache, "LOCK_WAIT", 0.1)
    current, _previous, _trend = cache.accounts_data(2025, ledger.unit_a.id)
    assert current["received"] == 5
    assert current["participation"]["voters"] == {"residents": 2, "staff": 2}


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
