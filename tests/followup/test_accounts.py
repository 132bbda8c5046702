"""Every figure of the innovation accounts, on the ledger of conftest.py, worked out by hand.

The expected numbers are written out literally; the comments say where each comes from.
On PostgreSQL + Redis the figures come through the cache (cache.py), on SQLite straight from
the queries: the same numbers either way.
"""

from datetime import datetime

import pytest

from ideasluss.followup import accounts as acc
from ideasluss.followup.accounts import percentile, year_bounds

STATES_ZERO = {
    "draft": 0,
    "submitted": 0,
    "idea": 0,
    "prestudy": 0,
    "pilot": 0,
    "implementation": 0,
    "implemented": 0,
    "parked": 0,
    "declined": 0,
    "merged": 0,
    "withdrawn": 0,
}


def states(**counts):
    return {**STATES_ZERO, **counts}


def stays(n, median, p90):
    return {"stays": n, "median": median, "p90": p90}


NO_STAYS = stays(0, None, None)


def test_percentile_is_linear_interpolation_between_closest_ranks():
    assert percentile([2, 4, 6, 8, 10], 0.5) == 6
    assert percentile([10, 2, 8, 4, 6], 0.9) == pytest.approx(9.2)
    assert percentile([1, 2, 4, 6, 8, 10], 0.5) == 5
    assert percentile([1, 2, 4, 6, 8, 10], 0.9) == pytest.approx(9.0)
    assert percentile([10, 30], 0.9) == pytest.approx(28.0)
    assert percentile([7], 0.9) == 7
    assert percentile([], 0.5) is None


def test_a_year_runs_from_new_year_in_stockholm():
    assert year_bounds(2025) == (datetime(2024, 12, 31, 23, 0), datetime(2025, 12, 31, 23, 0))
    assert acc.local_year(datetime(2024, 12, 31, 23, 30)) == 2025


def test_unit_accounts_2025(ledger):
    accounts = acc.build_accounts(2025, ledger.unit_a)
    now = accounts.current

    # I1, I2, I3, I4 and I10 (submitted 2024-12-31 23:30 UTC, already 2025 in Stockholm);
    # I5 was submitted in 2024, I8 belongs to unit B.
    assert now["received"] == 5
    # accept: I1, I2, I4, I5 (2025-01-01); start_prestudy: I1, I2 (I5's is 2026 in Stockholm).
    assert now["moves"] == {
        "accept": 4,
        "start_prestudy": 2,
        "start_pilot": 1,
        "start_implementation": 1,
        "complete": 1,
    }
    assert now["implemented"] == 1
    # Ideas created before the year ended: I1-I6, I9, I10 (I7 was created in 2026).
    assert now["states"] == states(
        draft=1, submitted=1, idea=2, implemented=2, parked=1, declined=1
    )
    # Stays in "submitted" that ended in 2025: I1 2 d, I2 4, I3 6, I4 8, I5 10 (from 2024-12-22):
    # median 6, 90th percentile 8 + 0.6 * 2 = 9.2. In "idea": I1 10, I2 20: median 15,
    # p90 10 + 0.9 * 10 = 19. In "prestudy": I2 10 (parked), I1 30: 20 and 10 + 0.9 * 20 = 28.
    assert now["lead_times"] == {
        "submitted": stays(5, 6.0, 9.2),
        "idea": stays(2, 15.0, 19.0),
        "prestudy": stays(2, 20.0, 28.0),
        "pilot": stays(1, 30.0, 30.0),
        "implementation": stays(1, 30.0, 30.0),
    }
    # I9 adopted by unit B in 2025; I1 "adopted" by its own unit does not count; I8 is B's.
    assert now["adoptions"] == 1
    calls = {c.pop("title"): c for c in now["fund"]["calls"]}
    assert calls == {
        "Utlysning 2025": {
            "id": ledger.calls["2025"].id,
            "applications": 2,  # I1 and I2; I4's draft was never submitted
            "applied": 150_000,
            "grants": 1,
            "granted": 80_000,
            "paid": 30_000,  # the 20 000 paid on 2026-01-10 is next year's
        },
        "Utlysning 2024": {
            "id": ledger.calls["2024"].id,
            "applications": 0,
            "applied": 0,
            "grants": 0,
            "granted": 0,
            "paid": 30_000,  # last year's grant, paid on 2025-02-01
        },
    }
    assert now["fund"]["totals"] == {
        "applications": 2,
        "applied": 150_000,
        "grants": 1,
        "granted": 80_000,
        "paid": 60_000,
    }
    # Submitters: res1 (I1), res2 (I4, I10) / emp1 (I2), emp2 (I3).
    # Voters: res1, res2 / emp3 (staff of another unit) and the deleted account (kept its unit).
    # Commenters: res1, res3 (2024-12-31 23:30 UTC is 2025) / emp1.
    assert now["participation"] == {
        "submitters": {"residents": 2, "staff": 2},
        "voters": {"residents": 2, "staff": 2},
        "commenters": {"residents": 2, "staff": 1},
        "participants": {"residents": 3, "staff": 4},
    }


def test_unit_accounts_2024_beside_2025(ledger):
    before = acc.build_accounts(2025, ledger.unit_a).previous

    # I5 and I9; I10 went in after midnight in Stockholm, so in 2025.
    assert before["received"] == 2
    assert before["moves"] == {
        "accept": 1,
        "start_prestudy": 1,
        "start_pilot": 1,
        "start_implementation": 1,
        "complete": 1,
    }
    assert before["implemented"] == 1
    # I5 submitted, I9 implemented, I10 still a draft at the end of 2024 (submitted after it).
    assert before["states"] == states(draft=1, submitted=1, implemented=1)
    assert before["lead_times"] == {
        "submitted": stays(1, 2.0, 2.0),
        "idea": stays(1, 30.0, 30.0),
        "prestudy": stays(1, 30.0, 30.0),
        "pilot": stays(1, 30.0, 30.0),
        "implementation": stays(1, 30.0, 30.0),
    }
    assert before["adoptions"] == 1  # I9 by unit C
    assert before["fund"]["totals"] == {
        "applications": 1,
        "applied": 40_000,
        "grants": 1,
        "granted": 40_000,
        "paid": 10_000,
    }
    assert before["participation"] == {
        "submitters": {"residents": 0, "staff": 2},
        "voters": {"residents": 0, "staff": 1},
        "commenters": {"residents": 1, "staff": 0},
        "participants": {"residents": 1, "staff": 3},
    }


def test_unit_trend(ledger):
    trend = acc.build_accounts(2025, ledger.unit_a).trend
    assert trend == {
        "years": [2021, 2022, 2023, 2024, 2025],
        "received": [0, 0, 0, 2, 5],
        "implemented": [0, 0, 0, 1, 1],
    }


def test_city_accounts_2025(ledger):
    accounts = acc.build_accounts(2025)
    now = accounts.current
    assert accounts.scope_name == "Stockholms stad"

    assert now["received"] == 6  # unit A's five and I8
    assert now["moves"] == {
        "accept": 5,
        "start_prestudy": 2,
        "start_pilot": 1,
        "start_implementation": 1,
        "complete": 1,
    }
    assert now["states"] == states(
        draft=1, submitted=1, idea=3, implemented=2, parked=1, declined=1
    )
    # I8 waited 1 day in triage: [1, 2, 4, 6, 8, 10] -> median 5, p90 8 + 0.5 * 2 = 9.
    assert now["lead_times"]["submitted"] == stays(6, 5.0, 9.0)
    assert now["lead_times"]["idea"] == stays(2, 15.0, 19.0)
    assert now["adoptions"] == 2  # I9 by B and I8 by A
    assert now["fund"]["totals"] == {
        "applications": 3,
        "applied": 350_000,
        "grants": 2,
        "granted": 230_000,
        "paid": 210_000,
    }
    assert now["participation"] == {
        "submitters": {"residents": 2, "staff": 3},
        "voters": {"residents": 2, "staff": 3},
        "commenters": {"residents": 2, "staff": 1},
        "participants": {"residents": 3, "staff": 5},
    }


def test_other_unit_sees_only_its_ideas(ledger):
    now = acc.build_accounts(2025, ledger.unit_b).current
    assert now["received"] == 1
    assert now["states"] == states(idea=1)
    assert now["lead_times"]["submitted"] == stays(1, 1.0, 1.0)
    assert now["lead_times"]["idea"] == NO_STAYS
    assert now["adoptions"] == 1  # I8 adopted by unit A
    assert now["participation"]["voters"] == {"residents": 0, "staff": 1}  # the coach


def test_funnel_and_fund_lines(ledger):
    accounts = acc.build_accounts(2025, ledger.unit_a)
    assert [(m, now, before) for m, _label, now, before in accounts.funnel()] == [
        ("submit", 5, 2),
        ("accept", 4, 1),
        ("start_prestudy", 2, 1),
        ("start_pilot", 1, 1),
        ("start_implementation", 1, 1),
        ("complete", 1, 1),
    ]
    lines = {title: (a["applied"], b["applied"]) for title, a, b in accounts.fund_calls()}
    assert lines == {"Utlysning 2025": (150_000, 0), "Utlysning 2024": (0, 40_000)}
