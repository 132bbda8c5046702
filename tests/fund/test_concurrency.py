"""Parallel decisions: the budget is never exceeded and register numbers never repeat.

The data is committed for real (a fresh engine, cleaned up afterwards) and each decision runs in
its own thread with its own session and request context, released at once by a barrier. On
PostgreSQL the threads really race for the row locks; SQLite serialises writers, so there the
same decisions run one after the other (the "serial" variant runs on both backends).
"""

import threading
import uuid
from contextlib import contextmanager
from datetime import datetime
from types import SimpleNamespace

import pytest
from sqlalchemy import bindparam, create_engine, select, text
from sqlalchemy.orm import Session, scoped_session, sessionmaker

from ideasluss import _configure_engine
from ideasluss.accounts.models import User
from ideasluss.core.errors import Refused
from ideasluss.core.session import commit
from ideasluss.extensions import db
from ideasluss.fund.decisions import decide_application
from ideasluss.fund.models import (
    Application,
    BudgetLine,
    CommitteeMember,
    Criterion,
    Decision,
    FundCall,
    RegisterSequence,
)
from ideasluss.ideas.models import Idea
from tests.conftest import TEST_DATABASE_URL

# A year of its own: the sequence row is created and removed by these tests alone.
YEAR = 2099
NOW = datetime(YEAR, 6, 1, 12, 0)
MODES = ["serial"] + (["parallel"] if TEST_DATABASE_URL else [])


@pytest.fixture
def engine(app):
    engine = create_engine(app.config["SQLALCHEMY_DATABASE_URI"])
    _configure_engine(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def committed(engine):
    """`committed(budgets, per_call, amount)`: calls (one per budget) with `per_call`
    applications in review each, committed; everything is deleted again afterwards."""
    created = SimpleNamespace(users=[], ideas=[], calls=[], applications=[], emails=[])

    def make(budgets, per_call, amount=100_000):
        with Session(engine, expire_on_commit=False) as session:

            def user(*roles):
                email = f"samtidig-{uuid.uuid4().hex[:12]}@example.se"
                person = User(email=email, display_name=f"Samtidig {email[9:15]}")
                person.set_password("x")
                person.set_roles(roles)
                session.add(person)
                created.emails.append(email)
                return person

            chair = user("committee")
            members = [chair, user("committee"), user("committee")]
            session.flush()
            calls = []
            for budget in budgets:
                call = FundCall(
                    title=f"Samtidig utlysning {uuid.uuid4().hex[:6]}",
                    text="Text.",
                    budget=budget,
                    granted_total=0,
                    opens_at=datetime(2020, 1, 1),
                    closes_at=datetime(2030, 1, 1),
                    application_types=["new"],
                    eligible_states=["prestudy"],
                    chair_id=chair.id,
                )
                call.criteria = [Criterion(name="Nytta", description="", weight=1, position=0)]
                call.committee = [CommitteeMember(user_id=m.id) for m in members]
                session.add(call)
                calls.append(call)
            session.flush()
            applications = []
            for call in calls:
                for _ in range(per_call):
                    owner = user("employee")
                    session.flush()
                    idea = Idea(
                        title=f"Samtidig idé {uuid.uuid4().hex[:6]}",
                        state="prestudy",
                        visibility="public",
                        owner_id=owner.id,
                    )
                    session.add(idea)
                    session.flush()
                    application = Application(
                        call_id=call.id,
                        idea_id=idea.id,
                        applicant_id=owner.id,
                        type="new",
                        state="in_review",
                        requested_amount=amount,
                        plan="Plan.",
                        milestones="Milstolpar.",
                        expected_value="Värde.",
                    )
                    application.budget_lines = [BudgetLine(description="Allt", amount=amount)]
                    session.add(application)
                    created.ideas.append(idea.id)
                    applications.append(application)
            session.commit()
            created.users += [
                u.id for u in session.scalars(select(User).where(User.email.in_(created.emails)))
            ]
            created.calls += [c.id for c in calls]
            created.applications += [a.id for a in applications]
            return SimpleNamespace(
                chair_id=chair.id,
                call_ids=[c.id for c in calls],
                application_ids=[a.id for a in applications],
            )

    yield make

    cleanup(engine, created)


def cleanup(engine, created):
    """Delete what `committed` made, and what the decisions wrote about it."""
    ids = {
        "apps": created.applications or [0],
        "ideas": created.ideas or [0],
        "calls": created.calls or [0],
        "users": created.users or [0],
        "emails": created.emails or [""],
        "year": YEAR,
    }
    statements = [
        "DELETE FROM audit_entries WHERE actor_id IN :users "
        "OR (object_type = 'applications' AND object_id IN :apps)",
        "DELETE FROM notifications WHERE idea_id IN :ideas OR user_id IN :users",
        "DELETE FROM outbox_mails WHERE recipient IN :emails",
        "DELETE FROM decisions WHERE application_id IN :apps",
        "DELETE FROM application_budget_lines WHERE application_id IN :apps",
        "DELETE FROM applications WHERE id IN :apps",
        "DELETE FROM fund_criteria WHERE call_id IN :calls",
        "DELETE FROM fund_committee_members WHERE call_id IN :calls",
        "DELETE FROM fund_calls WHERE id IN :calls",
        "DELETE FROM ideas WHERE id IN :ideas",
        "DELETE FROM user_roles WHERE user_id IN :users",
        "DELETE FROM users WHERE id IN :users",
        "DELETE FROM register_sequences WHERE year = :year",
    ]
    with engine.begin() as conn:
        # The audit log is append-only by trigger; only test clean-up may bypass it.
        triggers = []
        if conn.dialect.name == "postgresql":
            conn.execute(text("SET LOCAL session_replication_role = replica"))
        else:
            triggers = conn.execute(
                text(
                    "SELECT name, sql FROM sqlite_master "
                    "WHERE type = 'trigger' AND tbl_name = 'audit_entries'"
                )
            ).all()
            for name, _sql in triggers:
                conn.execute(text(f'DROP TRIGGER "{name}"'))
        for statement in statements:
            names = [n for n in ids if f":{n}" in statement]
            conn.execute(
                text(statement).bindparams(
                    *(bindparam(n, expanding=True) for n in names if n != "year")
                ),
                {n: ids[n] for n in names},
            )
        for _name, sql in triggers:  # SQLite's DDL is transactional: restored in the same go
            conn.execute(text(sql))


@contextmanager
def thread_sessions(engine):
    """db.session as a real session per thread on `engine` (not the test's rolled-back one)."""
    original = db.session
    db.session = scoped_session(sessionmaker(bind=engine), scopefunc=threading.get_ident)
    try:
        yield
    finally:
        db.session = original


def run_decisions(app, engine, mode, tasks):
    """Run `tasks` (application id, chair id, outcome) as decisions, all at once in threads
    (parallel) or one after the other (serial); returns (outcome, app id, number or message)."""
    results, errors = [], []
    barrier = threading.Barrier(len(tasks) if mode == "parallel" else 1, timeout=60)

    def decide(application_id, chair_id, outcome):
        with app.test_request_context():
            try:
                application = db.session.get(Application, application_id)
                chair = db.session.get(User, chair_id)
                barrier.wait()
                try:
                    decision = decide_application(
                        application,
                        chair,
                        outcome,
                        amount=application.requested_amount if outcome == "grant" else None,
                        motivation="Beslut fattat samtidigt som andra.",
                        now=NOW,
                    )
                    number = decision.register_number
                    commit()
                    results.append((decision.outcome, application_id, number))
                except Refused as exc:
                    db.session.rollback()
                    results.append(("refused", application_id, exc.message))
            except Exception as exc:  # reported below, never swallowed
                errors.append(exc)
            finally:
                db.session.remove()

    with thread_sessions(engine):
        if mode == "parallel":
            threads = [threading.Thread(target=decide, args=task) for task in tasks]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(120)
        else:
            for task in tasks:
                decide(*task)
    assert not errors, errors
    assert len(results) == len(tasks)
    return results


def sequence_of(number):
    prefix = f"IF-{YEAR}-"
    assert number.startswith(prefix) and len(number) == len(prefix) + 4
    return int(number[len(prefix) :])


@pytest.mark.parametrize("mode", MODES)
def test_parallel_grants_never_exceed_the_budget(app, engine, committed, mode):
    data = committed(budgets=[500_000], per_call=10, amount=100_000)
    tasks = [(a, data.chair_id, "grant") for a in data.application_ids]
    results = run_decisions(app, engine, mode, tasks)

    granted = [r for r in results if r[0] == "granted"]
    refused = [r for r in results if r[0] == "refused"]
    assert len(granted) == 5 and len(refused) == 5
    assert all("ryms inte i utlysningens budget" in r[2] for r in refused)
    sequences = sorted(sequence_of(r[2]) for r in granted)
    assert sequences == [1, 2, 3, 4, 5]

    with Session(engine) as session:
        call = session.get(FundCall, data.call_ids[0])
        assert call.granted_total == 500_000
        apps = session.scalars(
            select(Application).where(Application.id.in_(data.application_ids))
        ).all()
        assert sum(a.granted_amount or 0 for a in apps) == 500_000
        assert sorted(a.state for a in apps) == ["granted"] * 5 + ["in_review"] * 5
        stored = session.scalars(
            select(Decision).where(Decision.application_id.in_(data.application_ids))
        ).all()
        assert len(stored) == 5
        assert sorted(d.sequence for d in stored) == [1, 2, 3, 4, 5]
        assert len({d.register_number for d in stored}) == 5
        assert session.get(RegisterSequence, YEAR).last_value == 5


@pytest.mark.parametrize("mode", MODES)
def test_parallel_decisions_across_calls_never_repeat_a_number(app, engine, committed, mode):
    data = committed(budgets=[1_000_000, 1_000_000], per_call=5, amount=100_000)
    tasks = [
        (a, data.chair_id, "grant" if i % 2 else "reject")
        for i, a in enumerate(data.application_ids)
    ]
    results = run_decisions(app, engine, mode, tasks)

    assert not [r for r in results if r[0] == "refused"]
    numbers = [r[2] for r in results]
    assert len(set(numbers)) == 10
    assert sorted(sequence_of(n) for n in numbers) == list(range(1, 11))
    with Session(engine) as session:
        totals = [session.get(FundCall, c).granted_total for c in data.call_ids]
        assert sum(totals) == 5 * 100_000
