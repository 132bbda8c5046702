"""Who is told what, by which channel; never the actor, never someone who may not see the idea."""

import pytest
from flask_babel import get_locale
from sqlalchemy import select

from ideasluss.core.errors import Refused
from ideasluss.extensions import db
from ideasluss.ideas.operations import follow, move_idea, submit_idea
from ideasluss.ideas.pipeline import MOVES
from ideasluss.notifications import operations
from ideasluss.notifications.models import (
    DEFAULT_CHANNEL,
    KINDS,
    Notification,
    NotificationPreference,
)
from ideasluss.notifications.operations import notify

ACCEPT = [c.code for c in MOVES["accept"].checklist]


def notes_for(user, kind=None):
    stmt = select(Notification).where(Notification.user_id == user.id)
    if kind:
        stmt = stmt.where(Notification.kind == kind)
    return db.session.scalars(stmt.order_by(Notification.id)).all()


def accept(idea, coach):
    return move_idea(idea, "accept", coach, motivation="En innovation.", checklist=ACCEPT)


def test_a_state_change_reaches_owner_team_and_followers_but_not_the_actor(make_user, make_idea):
    owner, mate, follower, stranger = (make_user("employee") for _ in range(4))
    coach = make_user("employee", "coach")
    idea = make_idea(owner=owner, team=[mate])
    follow(idea, follower)
    follow(idea, coach)  # the coach follows, and is the one who moves it

    accept(idea, coach)

    for person in (owner, mate, follower):
        (note,) = notes_for(person)
        assert note.kind == "state_change"
        assert note.params == {"from": "submitted", "to": "idea"}
        assert note.actor_id == coach.id
    assert notes_for(coach) == []
    assert notes_for(stranger) == []


def test_the_owner_withdrawing_is_not_told_of_it(make_user, make_idea):
    owner, follower = make_user("resident"), make_user("resident")
    idea = make_idea(owner=owner)
    follow(idea, follower)

    move_idea(idea, "withdraw", owner)

    assert notes_for(owner) == []
    assert [n.params["to"] for n in notes_for(follower)] == ["withdrawn"]


def test_immediate_writes_a_row_and_a_mail_with_a_link(
    make_user, make_idea, save, run_jobs, mailbox, outbox
):
    owner = make_user("employee", email="agare@example.se")
    coach = make_user("employee", "coach")
    idea = make_idea(owner=owner, title="Solceller på förskolans tak")

    accept(idea, coach)
    (note,) = notes_for(owner)
    assert note.channel == "immediate" and note.mailed_at is not None
    (mail,) = outbox(owner.email)
    assert "Solceller på förskolans tak" in mail.subject
    assert f"/ideas/{idea.id}" in mail.body
    save()
    run_jobs()

    (message,) = mailbox.to(owner.email)
    body = message.get_content()
    assert "Solceller på förskolans tak" in body
    assert f"http://localhost/ideas/{idea.id}" in body


def test_off_creates_nothing(make_user, make_idea, prefer, save, run_jobs, mailbox, outbox):
    owner = make_user("employee")
    prefer(owner, "state_change", "off")
    idea = make_idea(owner=owner)

    accept(idea, make_user("employee", "coach"))
    save()
    run_jobs()

    assert notes_for(owner) == []
    assert outbox(owner.email) == []
    assert mailbox.to(owner.email) == []


def test_digest_writes_the_row_only(make_user, make_idea, prefer, save, run_jobs, mailbox, outbox):
    owner = make_user("employee")
    prefer(owner, "state_change", "digest")
    idea = make_idea(owner=owner)

    accept(idea, make_user("employee", "coach"))
    save()
    run_jobs()

    (note,) = notes_for(owner)
    assert note.channel == "digest" and note.mailed_at is None
    assert outbox(owner.email) == []
    assert mailbox.to(owner.email) == []


def test_the_default_channels(make_user, make_idea):
    coach = make_user("employee", "coach")
    owner = make_user("employee", unit=coach.unit)
    idea = make_idea(owner=owner, state="draft")

    submit_idea(idea, owner, acknowledged_ip=True)

    (note,) = notes_for(coach, "new_idea")
    assert note.channel == "digest"  # a coach's inbox is a daily matter unless they choose


@pytest.mark.parametrize("kind", list(KINDS))
def test_nobody_is_told_about_an_idea_they_may_not_see(kind, make_user, make_idea, outbox):
    resident, employee = make_user("resident"), make_user("employee")
    actor = make_user("employee", "coach")
    idea = make_idea(owner=make_user("employee"))
    follow(idea, resident)
    follow(idea, employee)
    idea.visibility = "internal"  # it became internal after the resident started following
    db.session.flush()

    notify(kind, idea, actor, recipients={resident.id, employee.id})

    assert notes_for(resident) == []
    assert outbox(resident.email) == []
    assert len(notes_for(employee)) == 1


@pytest.mark.parametrize("channel", ["immediate", "digest"])
def test_a_resident_following_an_idea_that_became_internal_hears_no_more(
    channel, make_user, make_idea, prefer, save, run_jobs, mailbox, outbox
):
    resident = make_user("resident")
    prefer(resident, "state_change", channel)
    idea = make_idea(owner=make_user("employee"))
    follow(idea, resident)
    idea.visibility = "internal"
    db.session.flush()

    accept(idea, make_user("employee", "coach"))
    save()
    run_jobs()

    assert notes_for(resident) == []
    assert outbox(resident.email) == []
    assert mailbox.to(resident.email) == []


def test_drafts_tell_nobody_outside_the_team(make_user, make_idea):
    owner, coach = make_user("employee"), make_user("employee", "coach")
    idea = make_idea(owner=owner, state="draft")

    notify("assigned", idea, owner, recipients={coach.id})

    assert notes_for(coach) == []


def test_inactive_people_are_not_told(make_user, make_idea):
    owner = make_user("employee")
    owner.active = False
    idea = make_idea(owner=owner)

    accept(idea, make_user("employee", "coach"))

    assert notes_for(owner) == []


def test_a_new_idea_reaches_the_coaches_of_its_unit(make_user, make_unit, make_idea):
    unit, other = make_unit(), make_unit()
    unit_coach = make_user("employee", "coach", unit=unit)
    other_coach = make_user("employee", "coach", unit=other)
    owner = make_user("resident")
    idea = make_idea(owner=owner, unit=unit, state="draft")

    submit_idea(idea, owner, acknowledged_ip=True)

    assert [n.kind for n in notes_for(unit_coach)] == ["new_idea"]
    assert notes_for(other_coach) == []
    assert notes_for(owner) == []


def test_a_new_idea_in_a_unit_without_coaches_reaches_every_coach(make_user, make_unit, make_idea):
    coaches = [make_user("employee", "coach", unit=make_unit()) for _ in range(2)]
    employee = make_user("employee", unit=coaches[0].unit)
    owner = make_user("employee", unit=make_unit())
    idea = make_idea(owner=owner, state="draft")

    submit_idea(idea, owner, acknowledged_ip=True)

    for coach in coaches:
        assert [n.kind for n in notes_for(coach)] == ["new_idea"]
    assert notes_for(employee) == []


def test_a_coach_who_submits_is_not_told_of_their_own_idea(make_user, make_idea):
    coach = make_user("employee", "coach")
    idea = make_idea(owner=coach, state="draft")

    submit_idea(idea, coach, acknowledged_ip=True)

    assert notes_for(coach) == []


def test_mail_is_written_in_the_recipients_language(monkeypatch, make_user, make_idea):
    english, swedish = make_user("employee"), make_user("employee")
    english.locale = "en"
    idea = make_idea(owner=english, team=[swedish])
    seen = {}
    real = operations.queue_mail

    def spy(recipient, subject, template, **context):
        seen[recipient] = str(get_locale())
        return real(recipient, subject, template, **context)

    monkeypatch.setattr(operations, "queue_mail", spy)
    accept(idea, make_user("employee", "coach"))

    assert seen == {english.email: "en", swedish.email: "sv"}


def test_muted_writes_rows_without_mail(make_user, make_idea, outbox):
    owner = make_user("employee")
    idea = make_idea(owner=owner)
    with operations.muted() as created:
        accept(idea, make_user("employee", "coach"))
    assert [n.user_id for n in created] == [owner.id]
    assert created[0].mailed_at is not None
    assert outbox(owner.email) == []


def test_preferences_are_saved_per_kind_and_refuse_what_does_not_exist(make_user):
    person = make_user("employee")
    assert operations.preferences(person) == {
        kind: DEFAULT_CHANNEL[kind] for kind in KINDS if kind != "new_idea"
    }

    operations.set_preferences(person, {"comment": "digest", "assigned": "off"})
    operations.set_preferences(person, {"comment": "off"})

    rows = db.session.scalars(
        select(NotificationPreference).where(NotificationPreference.user_id == person.id)
    ).all()
    assert {r.kind: r.channel for r in rows} == {"comment": "off", "assigned": "off"}
    with pytest.raises(Refused):
        operations.set_preferences(person, {"new_idea": "immediate"})  # not a coach
    with pytest.raises(Refused):
        operations.set_preferences(person, {"comment": "hourly"})
    assert operations.kinds_for(make_user("employee", "coach")) == list(KINDS)


def test_marking_read(make_user, make_idea, make_note):
    me, other = make_user("employee"), make_user("employee")
    idea = make_idea()
    mine = [make_note(me, idea) for _ in range(3)]
    theirs = make_note(other, idea)

    operations.mark_read(mine[0])
    first = mine[0].read_at
    operations.mark_read(mine[0])
    assert mine[0].read_at == first
    assert operations.mark_all_read(me, upto=mine[1].id) == 1
    db.session.expire_all()
    assert [n.read_at is not None for n in mine] == [True, True, False]
    assert theirs.read_at is None
