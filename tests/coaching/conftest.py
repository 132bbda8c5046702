"""Coaching test fixtures: the idea factories, actors by kind, and committed data for threads."""

import threading
from contextlib import contextmanager

import pytest
from sqlalchemy import create_engine, text

from ideasluss.extensions import db
from tests.conftest import TEST_DATABASE_URL
from tests.ideas.conftest import make_idea, make_principles  # noqa: F401

ACTOR_KINDS = ("owner", "team", "employee", "resident", "coach", "admin")


@pytest.fixture
def make_actor(make_user):
    """`make_actor(kind, idea)`: the idea's owner, a team member, or a new user of that role."""
    from ideasluss.ideas.models import TeamMember

    def make(kind, idea):
        if kind == "owner":
            return idea.owner
        if kind == "team":
            member = make_user("employee")
            idea.team.append(TeamMember(user_id=member.id))
            db.session.flush()
            return member
        return make_user(kind)

    return make


class Committed:
    """Rows committed for real on a fresh engine, for tests where threads need them."""

    def __init__(self, app, engine):
        self.app = app
        self.engine = engine
        self.user_ids = []
        self.unit_ids = []
        self.idea_ids = []

    @contextmanager
    def session(self):
        """`db.session` bound to the fresh engine in this app context (one connection each)."""
        with self.app.test_request_context():
            yield db.session
            db.session.remove()

    def cleanup(self):
        if not (self.user_ids or self.idea_ids or self.unit_ids):
            return
        ids = {
            "users": self.user_ids or [0],
            "ideas": self.idea_ids or [0],
            "units": self.unit_ids or [0],
        }
        with self.engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                # The audit log is append-only by trigger; only test clean-up may bypass it.
                conn.execute(text("SET LOCAL session_replication_role = replica"))
            statements = [
                "DELETE FROM audit_entries WHERE actor_id IN :users "
                "OR (object_type = 'ideas' AND object_id IN :ideas)",
                "DELETE FROM notifications WHERE idea_id IN :ideas OR user_id IN :users",
                "DELETE FROM gate_decisions WHERE idea_id IN :ideas",
                "DELETE FROM mentor_notes WHERE idea_id IN :ideas",
                "DELETE FROM votes WHERE idea_id IN :ideas",
                "DELETE FROM follows WHERE idea_id IN :ideas",
                "DELETE FROM team_members WHERE idea_id IN :ideas",
                "DELETE FROM idea_themes WHERE idea_id IN :ideas",
                "DELETE FROM ideas WHERE id IN :ideas",
                "DELETE FROM user_roles WHERE user_id IN :users",
                "DELETE FROM users WHERE id IN :users",
                "DELETE FROM units WHERE id IN :units",
            ]
            for statement in statements:
                conn.execute(
                    text(statement).bindparams(
                        *(
                            _expanding(name)
                            for name in ("users", "ideas", "units")
                            if f":{name}" in statement
                        )
                    ),
                    {k: v for k, v in ids.items() if f":{k}" in statement},
                )


def _expanding(name):
    from sqlalchemy import bindparam

    return bindparam(name, expanding=True)


@pytest.fixture
def committed(app):
    """Swap `db.session` for sessions on a fresh engine whose commits are real; clean up after.

    Each app context (each thread) gets its own session and connection. Only for tests that
    need real concurrency (PostgreSQL): the test's own rolled-back transaction is set aside.
    """
    engine = create_engine(app.config["SQLALCHEMY_DATABASE_URI"])
    original = db.session
    db.session = db._make_scoped_session({"bind": engine})
    world = Committed(app, engine)
    try:
        yield world
    finally:
        db.session = original
        world.cleanup()
        engine.dispose()


def run_together(*targets):
    """Run the callables in threads released at the same moment; return results or exceptions."""
    barrier = threading.Barrier(len(targets))
    results = [None] * len(targets)

    def runner(index, target):
        try:
            barrier.wait(timeout=10)
            results[index] = target()
        except BaseException as exc:  # reported to the test, not swallowed
            results[index] = exc

    threads = [threading.Thread(target=runner, args=(i, t)) for i, t in enumerate(targets)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


PARALLEL = bool(TEST_DATABASE_URL)
