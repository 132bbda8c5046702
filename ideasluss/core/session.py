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
