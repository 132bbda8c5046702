"""E-mail through a database outbox, so that nothing is lost while the queue is down."""

import logging
import smtplib
from email.message import EmailMessage

from flask import current_app, render_template
from sqlalchemy import select

from ..extensions import db
from .jobs import enqueue, job
from .models import OutboxMail, utcnow
from .session import after_commit

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 10


def queue_mail(recipient, subject, template, **context):
    """Write a mail to the outbox in the current transaction; it is sent after the commit."""
    body = render_template(template, **context)
    mail = OutboxMail(recipient=recipient, subject=subject, body=body)
    db.session.add(mail)
    db.session.flush()
    after_commit(enqueue, send_mail, mail.id)
    return mail


def _deliver(mail):
    cfg = current_app.config
    if not cfg.get("MAIL_SERVER"):
        log.info("Mail to %s: %s\n%s", mail.recipient, mail.subject, mail.body)
        return
    message = EmailMessage()
    message["From"] = cfg["MAIL_FROM"]
    message["To"] = mail.recipient
    message["Subject"] = mail.subject
    message.set_content(mail.body)
    with smtplib.SMTP(cfg["MAIL_SERVER"], cfg["MAIL_PORT"], timeout=20) as smtp:
        if cfg.get("MAIL_USE_TLS"):
            smtp.starttls()
        if cfg.get("MAIL_USERNAME"):
            smtp.login(cfg["MAIL_USERNAME"], cfg["MAIL_PASSWORD"])
        smtp.send_message(message)


@job
def send_mail(mail_id):
    """Send one outbox mail unless it has gone already; safe to run twice."""
    mail = db.session.scalars(
        select(OutboxMail)
        .where(OutboxMail.id == mail_id, OutboxMail.sent_at.is_(None))
        .with_for_update(skip_locked=True)
    ).first()
    if mail is None:
        db.session.rollback()
        return False
    try:
        _deliver(mail)
    except (OSError, smtplib.SMTPException) as exc:
        mail.attempts += 1
        mail.last_error = str(exc)[:2000]
        db.session.commit()
        raise
    mail.sent_at = utcnow()
    mail.attempts += 1
    db.session.commit()
    return True


@job
def flush_outbox():
    """Send every mail still waiting in the outbox; returns how many went out."""
    ids = db.session.scalars(
        select(OutboxMail.id)
        .where(OutboxMail.sent_at.is_(None), OutboxMail.attempts < MAX_ATTEMPTS)
        .order_by(OutboxMail.id)
    ).all()
    db.session.rollback()
    sent = 0
    for mail_id in ids:
        try:
            sent += bool(send_mail(mail_id))
        except (OSError, smtplib.SMTPException):
            log.warning("Outbox mail %s not sent; will retry", mail_id)
    return sent
