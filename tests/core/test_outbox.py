"""E-mail goes through a database outbox: written with the change, sent after the commit."""

import pytest
from redis import Redis
from redis.backoff import NoBackoff
from redis.retry import Retry
from sqlalchemy import select

from ideasluss.accounts import operations
from ideasluss.accounts.models import User
from ideasluss.core.mail import MAX_ATTEMPTS, send_mail
from ideasluss.core.models import OutboxMail, utcnow
from ideasluss.core.session import commit
from ideasluss.extensions import db
from tests.conftest import free_port


@pytest.fixture(autouse=True)
def _request(app):
    """The mails here are invitations, whose links need a request to be built."""
    with app.test_request_context():
        yield


def outbox():
    return db.session.scalars(select(OutboxMail).order_by(OutboxMail.id)).all()


def invite(email, make_unit):
    """A change that sends mail: an administrator creates an account, which mails an invitation."""
    return operations.create_user(email, "Ny Medarbetare", {"employee"}, unit=make_unit())


def test_the_mail_is_written_with_the_change_and_sent_only_after_commit(
    make_unit, mailbox, run_jobs
):
    invite("ny@example.se", make_unit)

    [mail] = outbox()
    assert (mail.recipient, mail.sent_at) == ("ny@example.se", None)
    assert mailbox.messages == []

    commit()
    run_jobs()

    [message] = mailbox.to("ny@example.se")
    assert message["Subject"] == "Välkommen till Idéslussen"
    assert "Hej Ny Medarbetare!" in message.get_content()
    db.session.refresh(mail)
    assert mail.sent_at is not None and mail.attempts == 1


def test_a_rolled_back_change_leaves_no_mail_and_sends_none(make_unit, mailbox, run_jobs):
    invite("ny@example.se", make_unit)
    assert len(outbox()) == 1

    db.session.rollback()
    commit()
    run_jobs()

    assert outbox() == [] and User.by_email("ny@example.se") is None
    assert mailbox.messages == []


def test_sending_the_same_mail_twice_sends_it_once(make_unit, mailbox, run_jobs):
    invite("ny@example.se", make_unit)
    commit()
    run_jobs()
    [mail] = outbox()

    assert send_mail(mail.id) is False

    assert len(mailbox.to("ny@example.se")) == 1
    db.session.refresh(mail)
    assert mail.attempts == 1


def test_mail_written_while_redis_is_down_goes_out_with_the_sweep(
    app, make_unit, mailbox, run_jobs, runner, monkeypatch, caplog
):
    closed = f"redis://127.0.0.1:{free_port()}/0"
    with monkeypatch.context() as m:
        m.setitem(app.config, "REDIS_URL", closed)
        down = Redis.from_url(closed, retry=Retry(NoBackoff(), 0))
        m.setitem(app.extensions, "ideasluss_redis", down)
        invite("ny@example.se", make_unit)
        commit()  # the change is saved although the job could not be queued
    run_jobs()

    assert "Could not queue send_mail" in caplog.text
    assert User.by_email("ny@example.se") is not None
    [mail] = outbox()
    assert mail.sent_at is None and mailbox.messages == []

    result = runner.invoke(args=["outbox", "flush"])

    assert result.exit_code == 0 and result.output.strip() == "1 sent"
    assert len(mailbox.to("ny@example.se")) == 1
    db.session.refresh(mail)
    assert mail.sent_at is not None


def test_mail_the_smtp_server_refused_is_retried_by_the_sweep(
    app, make_unit, mailbox, run_jobs, runner, monkeypatch
):
    with monkeypatch.context() as m:
        m.setitem(app.config, "MAIL_PORT", free_port())  # nothing listens there
        invite("ny@example.se", make_unit)
        commit()
        run_jobs()
    [mail] = outbox()
    db.session.refresh(mail)
    assert mail.sent_at is None and mail.attempts == 1 and mail.last_error

    assert runner.invoke(args=["outbox", "flush"]).output.strip() == "1 sent"

    assert len(mailbox.to("ny@example.se")) == 1
    db.session.refresh(mail)
    assert mail.sent_at is not None and mail.attempts == 2


def test_flush_sends_every_unsent_mail_once_and_gives_up_on_hopeless_ones(mailbox, runner):
    db.session.add_all(
        [
            OutboxMail(recipient="a@example.se", subject="Hej A", body="Första"),
            OutboxMail(recipient="b@example.se", subject="Hej B", body="Andra"),
            OutboxMail(
                recipient="trasig@example.se", subject="Ger upp", body="x", attempts=MAX_ATTEMPTS
            ),
            OutboxMail(
                recipient="c@example.se", subject="Redan skickat", body="x", sent_at=utcnow()
            ),
        ]
    )
    commit()

    first = runner.invoke(args=["outbox", "flush"])
    second = runner.invoke(args=["outbox", "flush"])

    assert (first.output.strip(), second.output.strip()) == ("2 sent", "0 sent")
    assert sorted(m["To"] for m in mailbox.messages) == ["a@example.se", "b@example.se"]
    assert mailbox.to("a@example.se")[0].get_content().strip() == "Första"
