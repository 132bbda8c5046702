"""The hand-made ledger whose innovation accounts were worked out by hand (test_accounts.py).

Year under test: 2025 (and 2024 beside it). Two units: A (the unit under test) and B. Times are
UTC; Stockholm is UTC+1 in winter, so 2024-12-31 23:30 UTC is already 2025 in Stockholm and
2025-12-31 23:30 UTC already 2026.

Ideas of A (owner; history):
  I1  res1  created 2025-02-20; submit 03-01, accept 03-03 (2 d in submitted), start_prestudy
            03-13 (10 d in idea), start_pilot 04-12 (30 d), start_implementation 05-12 (30 d),
            complete 06-11 (30 d in implementation) -> implemented
  I2  emp1  created 02-20; submit 03-01, accept 03-05 (4 d), start_prestudy 03-25 (20 d),
            park 04-04 (10 d in prestudy) -> parked
  I3  emp2  internal; created 03-20; submit 04-01, decline 04-07 (6 d) -> declined
  I4  res2  created 04-20; submit 05-01, accept 05-09 (8 d) -> idea
  I5  emp1  created 2024-12-01; submit 2024-12-22, accept 2025-01-01 (10 d), start_prestudy
            2025-12-31 23:30 UTC (= 2026 in Stockholm) -> idea at the end of 2025
  I6  res1  draft created 2025-06-01, never submitted
  I7  emp1  draft created 2026-01-15 (after the year: not counted)
  I9  emp2  created 2024-01-01; submit 2024-01-10, accept 01-12 (2 d), start_prestudy 02-11,
            start_pilot 03-12, start_implementation 04-11, complete 05-11 (30 d each) -> implemented
  I10 res2  created 2024-12-20; submit 2024-12-31 23:30 UTC (= 2025 in Stockholm) -> submitted
Idea of B:
  I8  emp3  created 2025-01-20; submit 02-01 10:00, accept 02-02 10:00 (1 d) -> idea
"""

from datetime import date, datetime
from types import SimpleNamespace

import pytest

from ideasluss.extensions import db
from ideasluss.followup import cache
from ideasluss.fund.models import Application, Decision, Disbursement, FundCall
from ideasluss.ideas.models import Adoption, Comment, GateDecision, Idea, Vote
from tests.conftest import TEST_DATABASE_URL, TEST_REDIS_URL


def at(text):
    """A naive UTC datetime from '2025-03-01' or '2025-03-01 10:00'."""
    return datetime.fromisoformat(text if " " in text else text + " 10:00")


@pytest.fixture(autouse=True)
def _fresh_accounts_cache(app):
    """Cached accounts of an earlier test (rolled back since) must not be read by this one."""
    with app.app_context():
        cache.invalidate_all()
    yield


@pytest.fixture
def ledger(make_unit, make_user, save):
    unit_a = make_unit("Enhet A")
    unit_b = make_unit("Enhet B")
    unit_c = make_unit("Enhet C")
    res1 = make_user("resident", name="Invånare Ett")
    res2 = make_user("resident", name="Invånare Två")
    res3 = make_user("resident", name="Invånare Tre")
    emp1 = make_user("employee", unit=unit_a, name="Medarbetare Ett")
    emp2 = make_user("employee", unit=unit_a, name="Medarbetare Två")
    emp3 = make_user("employee", unit=unit_b, name="Medarbetare Tre")
    coach = make_user("employee", "coach", unit=unit_b, name="Coach")
    admin = make_user("employee", "admin", unit=unit_c, name="Admin")
    gone = make_user("employee", unit=unit_a, name="Borttagen")
    # A deleted account: anonymised, roles gone, unit kept (it stays staff in the accounts).
    gone.email, gone.display_name, gone.password_hash = None, "Anonym", None
    gone.deleted_at, gone.active = at("2025-09-01"), False
    gone.set_roles(set())

    def idea(owner, unit, created, state, history=(), visibility="public", **extra):
        row = Idea(
            title=f"Idé av {owner.display_name} {created}",
            problem="Problemet.",
            proposal="Förslaget.",
            owner=owner,
            unit_id=unit.id,
            state=state,
            visibility=visibility,
            created_at=at(created),
            **extra,
        )
        db.session.add(row)
        db.session.flush()
        previous = "draft"
        for move, to_state, when in history:
            db.session.add(
                GateDecision(
                    idea_id=row.id,
                    actor_id=coach.id,
                    move=move,
                    from_state=previous,
                    to_state=to_state,
                    motivation="Motivering.",
                    created_at=at(when),
                )
            )
            if move == "submit":
                row.submitted_at = at(when)
            previous = to_state
        return row

    forward = [
        ("accept", "idea"),
        ("start_prestudy", "prestudy"),
        ("start_pilot", "pilot"),
        ("start_implementation", "implementation"),
        ("complete", "implemented"),
    ]

    def walk(times):
        """submit at times[0], then the forward moves at the following times."""
        steps = [("submit", "submitted")] + forward
        return [(m, s, t) for (m, s), t in zip(steps, times, strict=False)]

    i1 = idea(
        res1,
        unit_a,
        "2025-02-20",
        "implemented",
        walk(["2025-03-01", "2025-03-03", "2025-03-13", "2025-04-12", "2025-05-12", "2025-06-11"]),
    )
    i2 = idea(
        emp1,
        unit_a,
        "2025-02-20",
        "parked",
        walk(["2025-03-01", "2025-03-05", "2025-03-25"]) + [("park", "parked", "2025-04-04")],
        parked_from="prestudy",
    )
    i3 = idea(
        emp2,
        unit_a,
        "2025-03-20",
        "declined",
        [("submit", "submitted", "2025-04-01"), ("decline", "declined", "2025-04-07")],
        visibility="internal",
    )
    i4 = idea(res2, unit_a, "2025-04-20", "idea", walk(["2025-05-01", "2025-05-09"]))
    i5 = idea(
        emp1,
        unit_a,
        "2024-12-01",
        "prestudy",
        walk(["2024-12-22", "2025-01-01", "2025-12-31 23:30"]),
    )
    i6 = idea(res1, unit_a, "2025-06-01", "draft")
    i7 = idea(emp1, unit_a, "2026-01-15", "draft")
    i8 = idea(emp3, unit_b, "2025-01-20", "idea", walk(["2025-02-01", "2025-02-02"]))
    i9 = idea(
        emp2,
        unit_a,
        "2024-01-01",
        "implemented",
        walk(["2024-01-10", "2024-01-12", "2024-02-11", "2024-03-12", "2024-04-11", "2024-05-11"]),
    )
    i10 = idea(res2, unit_a, "2024-12-20", "submitted", walk(["2024-12-31 23:30"]))

    for user, target, when in [
        (res1, i2, "2025-03-10"),
        (res2, i2, "2025-03-11"),
        (res1, i4, "2025-05-10"),
        (emp3, i1, "2025-03-05"),
        (gone, i1, "2025-03-06"),
        (admin, i9, "2024-06-01"),
        (coach, i8, "2025-02-10"),
    ]:
        db.session.add(Vote(idea_id=target.id, user_id=user.id, created_at=at(when)))
    for user, target, when in [
        (emp1, i1, "2025-03-02"),
        (res1, i1, "2025-03-02"),
        (emp1, i4, "2025-05-02"),
        (res3, i2, "2024-12-31 23:30"),
        (res1, i9, "2024-02-01"),
    ]:
        db.session.add(
            Comment(idea_id=target.id, author_id=user.id, body="Bra idé!", created_at=at(when))
        )
    for target, unit, when in [
        (i9, unit_b, "2025-06-01"),
        (i9, unit_c, "2024-06-01"),
        (i8, unit_a, "2025-07-01"),
        (i1, unit_a, "2025-07-01"),  # the idea's own unit: not spreading, never counted
    ]:
        db.session.add(
            Adoption(
                idea_id=target.id, unit_id=unit.id, recorded_by_id=admin.id, created_at=at(when)
            )
        )

    call_2025 = FundCall(
        title="Utlysning 2025",
        text="Text.",
        budget=1_000_000,
        opens_at=at("2025-01-01"),
        closes_at=at("2025-03-31"),
        application_types=["new"],
        eligible_states=["idea", "prestudy", "pilot"],
        created_by_id=admin.id,
    )
    call_2024 = FundCall(
        title="Utlysning 2024",
        text="Text.",
        budget=1_000_000,
        opens_at=at("2024-01-01"),
        closes_at=at("2024-03-31"),
        application_types=["new"],
        eligible_states=["idea", "prestudy", "pilot"],
        created_by_id=admin.id,
    )
    db.session.add_all([call_2025, call_2024])
    db.session.flush()
    sequence = iter(range(1, 100))

    def application(call, target, requested, submitted, state, decision=None, payments=()):
        app_row = Application(
            call_id=call.id,
            idea_id=target.id,
            applicant_id=target.owner_id,
            type="new",
            state=state,
            requested_amount=requested,
            submitted_at=at(submitted) if submitted else None,
        )
        if decision is not None:
            outcome, amount, when = decision
            app_row.granted_amount = amount
        db.session.add(app_row)
        db.session.flush()
        if decision is not None:
            n = next(sequence)
            db.session.add(
                Decision(
                    application_id=app_row.id,
                    register_number=f"IF-TEST-{n:04d}",
                    year=at(when).year,
                    sequence=1000 + n,
                    outcome=outcome,
                    amount=amount,
                    motivation="Motivering.",
                    decided_by_id=admin.id,
                    decided_at=at(when),
                )
            )
        for amount, paid_on in payments:
            db.session.add(
                Disbursement(
                    application_id=app_row.id,
                    paid_on=date.fromisoformat(paid_on),
                    amount=amount,
                    recorded_by_id=admin.id,
                )
            )
            app_row.paid_total += amount
        return app_row

    application(
        call_2025,
        i1,
        100_000,
        "2025-03-15",
        "granted",
        ("granted", 80_000, "2025-04-15"),
        [(30_000, "2025-05-01"), (20_000, "2026-01-10")],
    )
    application(call_2025, i2, 50_000, "2025-03-20", "rejected", ("rejected", None, "2025-04-15"))
    application(
        call_2025,
        i8,
        200_000,
        "2025-03-25",
        "granted",
        ("granted", 150_000, "2025-04-20"),
        [(150_000, "2025-06-01")],
    )
    application(
        call_2024,
        i9,
        40_000,
        "2024-03-01",
        "granted",
        ("granted", 40_000, "2024-04-01"),
        [(10_000, "2024-05-01"), (30_000, "2025-02-01")],
    )
    application(call_2025, i4, 999, None, "draft")
    db.session.flush()
    save()
    return SimpleNamespace(
        unit_a=unit_a,
        unit_b=unit_b,
        unit_c=unit_c,
        res1=res1,
        res2=res2,
        res3=res3,
        emp1=emp1,
        emp2=emp2,
        emp3=emp3,
        coach=coach,
        admin=admin,
        gone=gone,
        ideas={
            "i1": i1,
            "i2": i2,
            "i3": i3,
            "i4": i4,
            "i5": i5,
            "i6": i6,
            "i7": i7,
            "i8": i8,
            "i9": i9,
            "i10": i10,
        },
        calls={"2025": call_2025, "2024": call_2024},
    )


# The cache is on only with PostgreSQL and Redis: without them its lock tests are not collected.
if not (TEST_DATABASE_URL and TEST_REDIS_URL):
    collect_ignore = ["test_cache_locks.py"]
