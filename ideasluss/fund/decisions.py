"""Decisions: grant within the call's budget or reject, each with a register number (diarienummer).

Locks are always taken in the same order — the application, then the call, then the year's
register sequence — so concurrent decisions queue up instead of deadlocking. On PostgreSQL the
row locks make the budget check and the number unique; the CHECK on the call and the UNIQUE on
(year, sequence) are the last guards.
"""

from datetime import UTC, date
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from sqlalchemy import insert, select, update

from ..accounts.models import User
from ..core.audit import log_action
from ..core.errors import Refused
from ..core.models import utcnow
from ..extensions import db
from .models import Decision, FundCall, RegisterSequence, Review
from .money import parse_sek
from .operations import lock_application, lock_call, move_application
from .permissions import can_act
from .recusal import concerns_the_committee, is_recused, recusal_grounds

LOCAL_TIME = ZoneInfo("Europe/Stockholm")
OUTCOMES = {"grant": "granted", "granted": "granted", "reject": "rejected", "rejected": "rejected"}
MOVE_FOR = {"granted": "grant", "rejected": "reject"}
TEXT_MAX = 10_000


def _signed_in(user):
    return user is not None and getattr(user, "is_authenticated", False)


def is_decider(app, user):
    """The call's chair or an admin, never someone recused (whatever the state)."""
    return (
        _signed_in(user)
        and (user.is_admin or user.id == app.call.chair_id)
        and not is_recused(app, user)
    )


def can_decide(app, user):
    """Whether `user` may decide `app` now: chair or admin, not recused, application in review."""
    return app.state == "in_review" and is_decider(app, user)


def can_view_decision(decision, user):
    """The decision letter: the applicant team, the call's committee and chair, admins."""
    if not _signed_in(user):
        return False
    app = decision.application
    call = app.call
    return (
        user.is_admin
        or app.idea.is_team(user)
        or user.id == app.applicant_id
        or user.id in call.committee_ids
        or user.id == call.chair_id
    )


def format_register_number(year, sequence):
    return f"IF-{year}-{sequence:04d}"


def local_year(moment):
    """The calendar year in Stockholm of a naive UTC datetime (a decision on New Year's Eve
    at 23:30 local time is numbered in the old year)."""
    return moment.replace(tzinfo=UTC).astimezone(LOCAL_TIME).year


def take_register_number(year):
    """The next sequence number of `year`, holding the year's row locked until the commit.

    The row is created if missing without a race: INSERT … ON CONFLICT DO NOTHING
    (PostgreSQL) or INSERT OR IGNORE (SQLite), then locked with SELECT … FOR UPDATE.
    """
    table = RegisterSequence.__table__
    if db.session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        create = (
            pg_insert(table)
            .values(year=year, last_value=0)
            .on_conflict_do_nothing(index_elements=["year"])
        )
    else:
        create = insert(table).values(year=year, last_value=0).prefix_with("OR IGNORE")
    db.session.execute(create)
    sequence = db.session.scalars(
        select(RegisterSequence)
        .where(RegisterSequence.year == year)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()
    sequence.last_value += 1
    db.session.flush()
    return sequence.last_value


def _grant_within_budget(call_id, amount):
    """Lock the call, check the remaining budget and raise granted_total in one transaction."""
    call = lock_call(call_id)
    if call.granted_total + amount > call.budget:
        raise Refused(
            _l(
                "Beloppet ryms inte i utlysningens budget. Kvar att bevilja: %(remaining)s. "
                "Inget beslut har fattats.",
                remaining=_sek(call.remaining),
            )
        )
    # The condition repeats the check in the statement itself: a second guard besides the lock.
    result = db.session.execute(
        update(FundCall)
        .where(FundCall.id == call.id, FundCall.granted_total + amount <= FundCall.budget)
        .values(granted_total=FundCall.granted_total + amount)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        db.session.expire(call, ["granted_total"])
        raise Refused(
            _l(
                "Beloppet ryms inte i utlysningens budget. Kvar att bevilja: %(remaining)s. "
                "Inget beslut har fattats.",
                remaining=_sek(call.remaining),
            )
        )
    db.session.expire(call, ["granted_total"])
    return call


def _sek(amount):
    from ..core.templating import format_sek

    return format_sek(amount)


def _check_texts(motivation, conditions):
    motivation = (motivation or "").strip()
    conditions = (conditions or "").strip()
    if not motivation:
        raise Refused(_l("Skriv en motivering till beslutet."))
    if len(motivation) > TEXT_MAX or len(conditions) > TEXT_MAX:
        raise Refused(_l("Motivering och villkor får vara högst %(max)s tecken.", max=TEXT_MAX))
    return motivation, conditions


def decide_application(
    app,
    actor,
    outcome,
    amount=None,
    motivation="",
    conditions="",
    report_due_on=None,
    *,
    now=None,
):
    """Grant (an amount at most the requested, within the call's remaining budget) or reject
    `app`, as the call's chair or an admin who is not recused; the decision gets the next
    register number of the year. Refused, changing nothing, otherwise."""
    outcome = OUTCOMES.get(outcome)
    if outcome is None:
        raise Refused(_l("Välj om ansökan ska beviljas eller avslås."))
    motivation, conditions = _check_texts(motivation, conditions)
    now = now or utcnow()
    if outcome == "granted":
        amount = parse_sek(amount)
        if report_due_on is not None and report_due_on <= now.date():
            raise Refused(_l("Slutrapportens sista dag ska ligga i framtiden."))
    else:
        amount, conditions, report_due_on = None, "", None
    # Everything below happens or nothing does: a refusal rolls back to this savepoint.
    with db.session.begin_nested():
        return _decide(app, actor, outcome, amount, motivation, conditions, report_due_on, now)


def _decide(app, actor, outcome, amount, motivation, conditions, report_due_on, now):
    app = lock_application(app.id)
    if app.state != "in_review":
        raise Refused(
            _l(
                "Ansökan är %(state)s och kan inte avgöras nu. Inget har ändrats.",
                state=str(app.state_label).lower(),
            )
        )
    if _signed_in(actor) and is_recused(app, actor):
        raise Refused(_l("Du är jävig och kan inte fatta beslut om den här ansökan."))
    if not can_act(app, actor, MOVE_FOR[outcome]):
        raise Refused(
            _l("Bara utlysningens ordförande eller en administratör kan fatta beslut om anslag.")
        )
    if outcome == "granted":
        if amount > app.requested_amount:
            raise Refused(
                _l(
                    "Det beviljade beloppet kan inte vara större än det sökta (%(requested)s).",
                    requested=_sek(app.requested_amount),
                )
            )
        _grant_within_budget(app.call_id, amount)

    year = local_year(now)
    sequence = take_register_number(year)
    register_number = format_register_number(year, sequence)

    call = app.call
    grounds = recusal_grounds(app)
    # Recorded as recused: those who could otherwise have taken part (committee, chair, admins)
    # and anyone who declared jäv; an owner outside the committee had no part to leave.
    recused = sorted(uid for uid, g in grounds.items() if concerns_the_committee(call, g))
    reviewers = set(
        db.session.scalars(select(Review.reviewer_id).where(Review.application_id == app.id))
    )
    participants = sorted((reviewers - set(grounds)) | {actor.id})

    move_application(
        app,
        MOVE_FOR[outcome],
        actor,
        comment=motivation,
        expected_state="in_review",
        granted_amount=amount,
        report_due_on=report_due_on,
    )
    decision = Decision(
        application_id=app.id,
        register_number=register_number,
        year=year,
        sequence=sequence,
        outcome=outcome,
        amount=amount,
        motivation=motivation,
        conditions=conditions,
        decided_by_id=actor.id,
        decided_at=now,
        participants=participants,
        recused=recused,
    )
    db.session.add(decision)
    db.session.flush()
    log_action(
        "application.decided",
        app,
        actor=actor,
        decision=decision.id,
        register_number=register_number,
        outcome=outcome,
        amount=amount,
        call_id=app.call_id,
        participants=participants,
        recused=recused,
    )
    return decision


def decision_people(decision):
    """(participants, recused grounds) of a decision for the letter: users in one query each."""
    ids = set(decision.participants or ()) | set(decision.recused or ())
    users = {}
    if ids:
        users = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(ids)))}
    participants = [users[i] for i in decision.participants or () if i in users]
    grounds = recusal_grounds(decision.application)
    recused = []
    for user_id in decision.recused or ():
        if user_id in users:
            recused.append((users[user_id], grounds.get(user_id)))
    key = lambda u: (u.public_name.lower(), u.id)  # noqa: E731
    participants.sort(key=key)
    recused.sort(key=lambda pair: key(pair[0]))
    return participants, recused


def report_due_default(now=None):
    """A sensible default for the final report: a year from the decision."""
    today = (now or utcnow()).date()
    try:
        return today.replace(year=today.year + 1)
    except ValueError:  # 29 February
        return date(today.year + 1, 3, 1)
