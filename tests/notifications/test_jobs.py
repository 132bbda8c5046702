"""The daily digest: one mail per person, their items only, idempotent, and never a hidden idea."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from ideasluss.extensions import db
from ideasluss.ideas.operations import follow, move_idea
from ideasluss.ideas.pipeline import MOVES
from ideasluss.notifications import jobs
from ideasluss.notifications.models import Notification

ACCEPT = [c.code for c in MOVES["accept"].checklist]


def accept(idea, coach):
    return move_idea(idea, "accept", coach, motivation="En innovation.", checklist=ACCEPT)


@pytest.fixture
def digest_people(make_user, make_idea, prefer):
    """Two people on the daily digest with notifications on different ideas."""
    coach = make_user("employee", "coach")
    anna = make_user("employee", email="anna@example.se", name="Anna")
    bo = make_user("resident", email="bo@example.se", name="Bo")
    for person in (anna, bo):
        prefer(person, "state_change", "digest")
    ideas = {
        "anna1": make_idea(owner=anna, title="Cykelgarage vid Tensta"),
        "anna2": make_idea(owner=anna, title="Läxhjälp på biblioteket"),
        "bo": make_idea(owner=make_user("employee"), title="Parklek i Vasaparken"),
    }
    follow(ideas["bo"], bo)
    for idea in ideas.values():
        accept(idea, coach)
    return anna, bo, ideas


def test_one_mail_per_person_listing_their_items(digest_people, save, run_jobs, mailbox):
    anna, bo, ideas = digest_people
    save()

    assert jobs.send_digests() == 2
    run_jobs()

    (to_anna,) = mailbox.to(anna.email)
    body = to_anna.get_content()
    assert "2 nya notiser" in to_anna["Subject"]
    assert "Cykelgarage vid Tensta" in body and "Läxhjälp på biblioteket" in body
    assert f"http://localhost/ideas/{ideas['anna1'].id}" in body
    assert "Parklek i Vasaparken" not in body
    assert "http://localhost/notifications/settings" in body
    (to_bo,) = mailbox.to(bo.email)
    assert "1 ny notis" in to_bo["Subject"]
    assert "Parklek i Vasaparken" in to_bo.get_content()
    assert "Cykelgarage" not in to_bo.get_content()
    pending = db.session.scalars(
        select(Notification).where(
            Notification.user_id.in_([anna.id, bo.id]), Notification.mailed_at.is_(None)
        )
    ).all()
    assert pending == []


def test_running_twice_sends_one_mail(digest_people, save, run_jobs, mailbox):
    anna, bo, _ideas = digest_people
    save()

    assert jobs.send_digests() == 2
    assert jobs.send_digests() == 0
    run_jobs()

    assert len(mailbox.to(anna.email)) == 1
    assert len(mailbox.to(bo.email)) == 1


def test_the_next_digest_holds_only_what_is_new(digest_people, make_user, save, run_jobs, mailbox):
    anna, _bo, ideas = digest_people
    jobs.send_digests()
    move_idea(
        ideas["anna1"],
        "start_prestudy",
        make_user("employee", "coach"),
        motivation="Dags för förstudie.",
        checklist=[c.code for c in MOVES["start_prestudy"].checklist],
    )
    save()

    assert jobs.send_digests() == 1
    run_jobs()

    first, second = mailbox.to(anna.email)
    assert "1 ny notis" in second["Subject"]
    assert "Förstudie" in second.get_content()


def test_a_digest_skips_ideas_the_person_may_no_longer_see(digest_people, save, run_jobs, mailbox):
    _anna, bo, ideas = digest_people
    ideas["bo"].visibility = "internal"  # became internal before the digest went out
    db.session.flush()
    save()

    assert jobs.send_digests() == 1  # Anna's only
    run_jobs()

    assert mailbox.to(bo.email) == []
    assert db.session.scalars(
        select(Notification.mailed_at).where(Notification.user_id == bo.id)
    ).all() != [None]


def test_immediate_notifications_are_not_in_digests(make_user, make_idea, save, run_jobs, mailbox):
    owner = make_user("employee")
    accept(make_idea(owner=owner), make_user("employee", "coach"))
    save()
    run_jobs()
    mailbox.clear()

    assert jobs.send_digests() == 0
    run_jobs()
    assert mailbox.to(owner.email) == []


def test_the_cli_sends_the_digest(digest_people, runner, save):
    save()
    result = runner.invoke(args=["notifications", "digest"])
    assert result.exit_code == 0, result.output
    assert "2 digest mails queued" in result.output


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        # 05:59 in Stockholm (CET, UTC+1): today at 06:00.
        (datetime(2026, 1, 15, 4, 59, tzinfo=UTC), datetime(2026, 1, 15, 5, 0, tzinfo=UTC)),
        # 06:00 exactly has just happened: tomorrow.
        (datetime(2026, 1, 15, 5, 0, tzinfo=UTC), datetime(2026, 1, 16, 5, 0, tzinfo=UTC)),
        # Summer time (CEST, UTC+2).
        (datetime(2026, 7, 1, 12, 0, tzinfo=UTC), datetime(2026, 7, 2, 4, 0, tzinfo=UTC)),
        # The night the clocks go forward: 06:00 is 04:00 UTC.
        (datetime(2026, 3, 29, 0, 30, tzinfo=UTC), datetime(2026, 3, 29, 4, 0, tzinfo=UTC)),
    ],
)
def test_the_digest_goes_out_at_six_stockholm_time(now, expected):
    assert jobs.next_digest_at(now) == expected


def test_the_daily_job_keeps_one_fixed_id_per_day():
    class Queue:
        def __init__(self):
            self.calls = []

        def enqueue_at(self, when, func, job_id):
            self.calls.append((when, func, job_id))

    queue = Queue()
    jobs.schedule_digest(queue, now=datetime(2026, 1, 15, 3, 0, tzinfo=UTC))
    jobs.schedule_digest(queue, now=datetime(2026, 1, 15, 4, 0, tzinfo=UTC))
    jobs.schedule_digest(queue, now=datetime(2026, 1, 15, 6, 0, tzinfo=UTC))

    ids = [job_id for _when, _func, job_id in queue.calls]
    assert ids == [
        "notifications-digest-2026-01-15",
        "notifications-digest-2026-01-15",  # a restarted worker replaces, never doubles
        "notifications-digest-2026-01-16",
    ]
    assert {func for _when, func, _id in queue.calls} == {jobs.periodic_digest}


def test_the_periodic_job_sends_and_schedules_tomorrow(monkeypatch, digest_people, save):
    anna, bo, _ideas = digest_people
    scheduled = []
    monkeypatch.setattr(jobs, "schedule_digest", lambda: scheduled.append(True))
    save()

    jobs.periodic_digest()

    assert scheduled == [True]
    assert (
        db.session.scalar(
            select(Notification.id).where(
                Notification.user_id.in_([anna.id, bo.id]), Notification.mailed_at.is_(None)
            )
        )
        is None
    )
