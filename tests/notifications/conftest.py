"""Notification fixtures; the idea factories come from the ideas tests."""

import pytest

from ideasluss.extensions import db
from tests.ideas.conftest import make_idea, make_principles  # noqa: F401


@pytest.fixture
def make_note():
    """Write a notification row directly: `make_note(user, idea, kind="state_change", read=False,
    channel="immediate", mailed=True, **params)`."""
    from ideasluss.core.models import utcnow
    from ideasluss.notifications.models import Notification

    def make(
        user, idea, kind="state_change", read=False, channel="immediate", mailed=True, **params
    ):
        if kind == "state_change" and not params:
            params = {"from": "submitted", "to": "idea"}
        note = Notification(
            user_id=user.id,
            idea_id=idea.id,
            kind=kind,
            params=params,
            channel=channel,
            read_at=utcnow() if read else None,
            mailed_at=utcnow() if mailed else None,
        )
        db.session.add(note)
        db.session.flush()
        return note

    return make


@pytest.fixture
def prefer():
    """Save a person's choice of channel for a kind: `prefer(user, kind, channel)`."""
    from ideasluss.notifications.operations import set_preferences

    def choose(user, kind, channel):
        set_preferences(user, {kind: channel})

    return choose


@pytest.fixture
def outbox():
    """The outbox mails written so far (sent or not), for one recipient."""
    from sqlalchemy import select

    from ideasluss.core.models import OutboxMail

    def mails(recipient):
        return db.session.scalars(
            select(OutboxMail).where(OutboxMail.recipient == recipient).order_by(OutboxMail.id)
        ).all()

    return mails
