"""The request boundary: commit once, then run what was waiting for the commit (jobs, mail)."""

from sqlalchemy import event
from sqlalchemy.orm import Session

from ..extensions import db


def after_commit(func, *args):
    """Run `func(*args)` once the current transaction has committed; forgotten on rollback."""
    db.session.info.setdefault("pending_after_commit", []).append((func, args))


def commit():
    """Commit the session, then run the callbacks the committed changes asked for."""
    db.session.commit()
    ready = db.session.info.pop("ready_after_commit", [])
    for func, args in ready:
        func(*args)


@event.listens_for(Session, "after_commit")
def _promote(session):
    pending = session.info.pop("pending_after_commit", [])
    if pending:
        session.info.setdefault("ready_after_commit", []).extend(pending)


@event.listens_for(Session, "after_soft_rollback")
def _forget(session, previous_transaction):
    # A rolled-back savepoint (a refused double click) keeps what the outer transaction queued.
    if not previous_transaction.nested:
        session.info.pop("pending_after_commit", None)


# A request that only read ends with COMMIT instead of ROLLBACK. Both end the transaction the
# same way, but psycopg forgets its prepared statements on every ROLLBACK, so PostgreSQL would
# parse and plan every query of every request anew (about a millisecond for a list page's).
# Anything that may have written (a flush, a statement other than SELECT, unflushed changes)
# still rolls back.
WROTE = "may_have_written"


@event.listens_for(Session, "after_flush")
def _flushed(session, flush_context):
    session.info[WROTE] = True


@event.listens_for(Session, "do_orm_execute")
def _executed(state):
    if not state.is_select:
        state.session.info[WROTE] = True


@event.listens_for(Session, "after_transaction_end")
def _ended(session, transaction):
    if transaction.parent is None:
        session.info.pop(WROTE, None)


def init_app(app):
    # Registered after Flask-SQLAlchemy's teardown, so it runs before the session is removed.
    @app.teardown_appcontext
    def end_read_only_transaction(exc):
        if exc is not None or not db.session.registry.has():
            return
        session = db.session()
        if (
            session.in_transaction()
            and not session.info.get(WROTE)
            and not (session.new or session.dirty or session.deleted)
        ):
            session.commit()
