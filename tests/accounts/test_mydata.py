"""My data: downloading everything the service holds about me, deleting my account, the
privacy page."""

import json
from datetime import date, datetime

import pytest
from sqlalchemy import select

from ideasluss.accounts.models import User
from ideasluss.core.audit import log_action
from ideasluss.core.models import AuditEntry, OutboxMail
from ideasluss.extensions import db
from ideasluss.followup.exports import export_path
from ideasluss.followup.models import ExportJob
from ideasluss.fund.models import Application, FundCall
from ideasluss.ideas.models import Comment, Follow, GateDecision, Idea, TeamMember, Vote
from ideasluss.ip.models import IpAcknowledgement, IpPrinciples
from ideasluss.notifications.models import Notification, NotificationPreference
from tests.conftest import PASSWORD


@pytest.fixture
def world(make_user, make_unit, save, app):
    """Me (a resident who shows her name) and someone else, each with a bit of everything."""
    me = make_user("resident", name="Maja Mig", email="maja@example.se")
    other = make_user("employee", name="Olle Annan", email="olle@example.se")
    admin = make_user("employee", "admin", name="Ada Admin", email="ada@example.se")

    def idea(owner, title, state="submitted"):
        row = Idea(title=title, problem="Problem.", proposal="Förslag.", owner=owner, state=state)
        db.session.add(row)
        db.session.flush()
        return row

    mine = idea(me, "Majas idé om parkbänkar")
    theirs = idea(other, "Olles idé om cykelställ")
    shared = idea(other, "Olles och Majas gemensamma idé")
    db.session.add(TeamMember(idea_id=shared.id, user_id=me.id))
    db.session.add(
        GateDecision(
            idea_id=mine.id,
            actor_id=me.id,
            move="submit",
            from_state="draft",
            to_state="submitted",
            created_at=datetime(2026, 2, 1),
        )
    )
    db.session.add_all(
        [
            Comment(idea_id=theirs.id, author_id=me.id, body="Majas kommentar"),
            Comment(idea_id=mine.id, author_id=other.id, body="Olles kommentar"),
            Vote(idea_id=theirs.id, user_id=me.id),
            Vote(idea_id=mine.id, user_id=other.id),
            Follow(idea_id=theirs.id, user_id=me.id),
            Follow(idea_id=mine.id, user_id=other.id),
        ]
    )
    theirs.vote_count = 1
    theirs.follower_count = 1
    principles = IpPrinciples(
        version="1.0",
        title="Principer",
        summary="Kort.",
        body="Lång.",
        effective_from=date(2026, 1, 1),
    )
    db.session.add(principles)
    db.session.flush()
    db.session.add_all(
        [
            IpAcknowledgement(
                user_id=me.id, principles_id=principles.id, context="idea", object_id=mine.id
            ),
            IpAcknowledgement(
                user_id=other.id, principles_id=principles.id, context="idea", object_id=theirs.id
            ),
        ]
    )
    call = FundCall(
        title="Utlysning",
        text="Text.",
        budget=100_000,
        opens_at=datetime(2026, 1, 1),
        closes_at=datetime(2026, 12, 1),
    )
    db.session.add(call)
    db.session.flush()
    db.session.add(
        Application(
            call_id=call.id,
            idea_id=mine.id,
            applicant_id=me.id,
            type="new",
            requested_amount=12_345,
            plan="Majas plan",
        )
    )
    db.session.add_all(
        [
            Notification(user_id=me.id, kind="comment", idea_id=mine.id, actor_id=other.id),
            Notification(user_id=other.id, kind="comment", idea_id=theirs.id, actor_id=me.id),
            NotificationPreference(user_id=me.id, kind="comment", channel="digest"),
            OutboxMail(recipient="maja@example.se", subject="Hej Maja", body="Hej Maja Mig"),
            OutboxMail(recipient="olle@example.se", subject="Hej Olle", body="Hej"),
        ]
    )
    log_action("user.password_changed", me, actor=me)
    log_action("idea.moved", theirs, actor=other, secret="Olles data")
    save()
    return {
        "me": me,
        "other": other,
        "admin": admin,
        "mine": mine,
        "theirs": theirs,
        "shared": shared,
    }


def test_my_data_needs_sign_in(client):
    response = client.get("/account/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert client.get("/account/data.json").status_code == 302


def test_download_holds_my_things_and_nothing_of_others(client, auth, world):
    auth.login(world["me"])
    response = client.get("/account/data.json")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment; filename=")
    assert response.headers["Content-Type"].startswith("application/json")
    data = json.loads(response.data)

    assert data["profile"]["email"] == "maja@example.se"
    assert data["profile"]["display_name"] == "Maja Mig" and data["profile"]["roles"] == [
        "resident"
    ]
    assert {(i["title"], i["relation"]) for i in data["ideas"]} == {
        ("Majas idé om parkbänkar", "owner"),
        ("Olles och Majas gemensamma idé", "team"),
    }
    assert [c["body"] for c in data["comments"]] == ["Majas kommentar"]
    assert [v["idea_id"] for v in data["votes"]] == [world["theirs"].id]
    assert [f["idea_id"] for f in data["follows"]] == [world["theirs"].id]
    assert [a["principles_version"] for a in data["ip_acknowledgements"]] == ["1.0"]
    assert [(a["requested_amount"], a["plan"]) for a in data["fund_applications"]] == [
        (12_345, "Majas plan")
    ]
    assert [n["idea_id"] for n in data["notifications"]] == [world["mine"].id]
    assert data["notification_preferences"] == {"comment": "digest"}
    assert [a["action"] for a in data["audit_log"]] == ["user.password_changed"]
    assert set(data["audit_log"][0]) == {"action", "at"}

    text = response.get_data(as_text=True)
    for foreign in ("olle@example.se", "Olles kommentar", "Olles idé om cykelställ", "Olles data"):
        assert foreign not in text


def test_the_page_offers_download_and_deletion(client, auth, world):
    auth.login(world["me"])
    page = client.get("/account/").text
    assert 'href="/account/data.json"' in page
    assert 'action="/account/delete"' in page and 'name="csrf_token"' in page
    assert 'type="password"' in page and 'type="checkbox"' in page


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"confirm": "y", "password": "fel lösenord"}, "Lösenordet stämmer inte."),
        ({"password": PASSWORD}, "Kryssa i att du förstår"),
        ({"confirm": "y"}, "Skriv ditt lösenord."),
    ],
)
def test_deletion_needs_the_tick_and_the_password(client, auth, world, form, message):
    auth.login(world["me"])
    response = client.post("/account/delete", data=form)
    assert response.status_code == 400
    assert message in response.text and 'role="alert"' in response.text
    db.session.expire_all()
    me = db.session.get(User, world["me"].id)
    assert me.email == "maja@example.se" and me.deleted_at is None


def test_deleting_my_account(client, auth, world, make_user, run_jobs, save):
    me, theirs = world["me"], world["theirs"]
    my_id = me.id
    export = ExportJob(
        user_id=my_id,
        kind="ideas",
        format="csv",
        params={},
        status="done",
        filename="x.csv",
        storage_key="d" * 32,
    )
    db.session.add(export)
    save()
    export_id, path = export.id, export_path(export)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("id;title\n")

    auth.login(me)
    response = client.post("/account/delete", data={"confirm": "y", "password": PASSWORD})
    assert response.status_code == 302
    run_jobs()

    # The session has ended and signing in again is refused.
    assert client.get("/account/").status_code == 302
    assert auth.login("maja@example.se").status_code == 200  # the form again, with an error
    assert client.get("/account/").status_code == 302

    db.session.expire_all()
    me = db.session.get(User, my_id)
    assert me.email is None and me.password_hash is None
    assert me.display_name == "Anonym" and me.show_name is False
    assert me.deleted_at is not None and me.roles == set()
    assert me.public_name == "Anonym"
    assert db.session.scalars(select(Notification).where(Notification.user_id == my_id)).all() == []
    assert (
        db.session.scalars(
            select(NotificationPreference).where(NotificationPreference.user_id == my_id)
        ).all()
        == []
    )
    assert db.session.scalars(select(Follow).where(Follow.user_id == my_id)).all() == []
    assert db.session.get(Idea, theirs.id).follower_count == 0
    # Votes stay, so the counts stay exact; they no longer point at anyone anybody knows.
    assert db.session.scalars(select(Vote).where(Vote.user_id == my_id)).all() != []
    assert db.session.get(Idea, theirs.id).vote_count == 1
    # My idea and comment stay, shown as "Anonym".
    assert db.session.get(Idea, world["mine"].id).owner.public_name == "Anonym"
    assert db.session.scalars(select(Comment).where(Comment.author_id == my_id)).one()
    # Mail to my address is gone from the outbox; others' stays.
    recipients = db.session.scalars(select(OutboxMail.recipient)).all()
    assert "maja@example.se" not in recipients and "olle@example.se" in recipients
    assert db.session.get(ExportJob, export_id) is None and not path.exists()
    # The audit log says it happened, and nothing of what was erased.
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "user.deleted")).one()
    assert (entry.actor_id, entry.object_type, entry.object_id) == (my_id, "users", my_id)
    assert entry.data == {}


def test_my_idea_and_comment_show_as_anonym(client, auth, world):
    auth.login(world["me"])
    client.post("/account/delete", data={"confirm": "y", "password": PASSWORD})
    page = client.get(f"/ideas/{world['mine'].id}").text
    assert "Maja Mig" not in page and "Anonym" in page
    page = client.get(f"/ideas/{world['theirs'].id}").text
    assert "Maja Mig" not in page and "Majas kommentar" in page


def test_the_last_administrator_cannot_leave(client, auth, world):
    admin = world["admin"]
    auth.login(admin)
    response = client.post("/account/delete", data={"confirm": "y", "password": PASSWORD})
    assert response.status_code == 400
    assert "enda administratören" in response.text
    db.session.expire_all()
    assert db.session.get(User, admin.id).deleted_at is None


def test_the_privacy_page(client):
    page = client.get("/privacy")
    assert page.status_code == 200
    text = page.text
    for words in ("allmänt intresse", "myndighetsutövning", "samtycke", "90 dagar", "ett dygn"):
        assert words in text
    assert 'href="/privacy"' in client.get("/").text  # in the footer
