"""Comment moderation: the admin page, hiding, unhiding and dismissing flags, all audited."""

import pytest
from sqlalchemy import func, select

from ideasluss.core.errors import Refused
from ideasluss.core.models import AuditEntry
from ideasluss.extensions import db
from ideasluss.ideas import discussion
from ideasluss.ideas.models import Comment, CommentFlag, Idea


def html(response):
    return response.get_data(as_text=True)


def fresh(model, ident):
    db.session.expire_all()
    return db.session.get(model, ident)


def audit(action, comment):
    return db.session.scalars(
        select(AuditEntry).where(
            AuditEntry.action == action,
            AuditEntry.object_type == "comments",
            AuditEntry.object_id == comment.id,
        )
    ).all()


@pytest.fixture
def admin(make_user):
    return make_user("admin", name="Ada Admin")


@pytest.fixture
def flagged(make_idea, make_user):
    """A comment on a public idea that two readers have flagged."""
    idea = make_idea(state="idea", title="Idé med en het diskussion")
    comment = discussion.add_comment(idea, make_user("resident", name="Rolf"), "Dumma förslag!")
    discussion.flag_comment(comment, make_user("employee", name="Fia"), "Nedsättande ton")
    discussion.flag_comment(comment, make_user("resident", name="Gus"), "")
    return comment


def test_the_moderation_page_lists_flagged_and_hidden_comments(
    client, auth, admin, flagged, make_idea, make_user, save
):
    hidden = discussion.add_comment(make_idea(state="idea"), make_user("resident"), "Reklam!")
    discussion.hide_comment(hidden, admin, "Reklam")
    save()
    auth.login(admin)

    response = client.get("/admin/moderation/")

    assert response.status_code == 200
    page = html(response)
    assert "Anmälda kommentarer (1)" in page and "Dolda kommentarer (1)" in page
    assert f'href="/ideas/{flagged.idea_id}#comment-{flagged.id}"' in page
    assert "Idé med en het diskussion" in page and "Dumma förslag!" in page
    assert "Fia" in page and "Nedsättande ton" in page and "inget skäl angivet" in page
    assert f'action="/admin/moderation/comments/{flagged.id}/hide"' in page
    assert f'action="/admin/moderation/comments/{flagged.id}/dismiss"' in page
    assert f'action="/admin/moderation/comments/{hidden.id}/unhide"' in page
    assert "Reklam!" in page and "Ada Admin" in page


@pytest.mark.parametrize("role", ["resident", "employee", "coach", "committee"])
def test_moderation_is_for_admins_only(client, auth, make_user, flagged, save, role):
    save()
    auth.login(make_user(role))

    assert client.get("/admin/moderation/").status_code == 403
    for action in ("hide", "unhide", "dismiss"):
        response = client.post(
            f"/admin/moderation/comments/{flagged.id}/{action}", data={"reason": "Nej"}
        )
        assert response.status_code == 403
    comment = fresh(Comment, flagged.id)
    assert comment.hidden_at is None and comment.flag_count == 2


def test_a_visitor_is_sent_to_sign_in(client, flagged, save):
    save()

    response = client.get("/admin/moderation/")

    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_an_admin_hides_a_comment_with_a_reason(client, auth, admin, flagged, save):
    save()
    auth.login(admin)
    back = f"/ideas/{flagged.idea_id}#comment-{flagged.id}"

    response = client.post(
        f"/admin/moderation/comments/{flagged.id}/hide",
        data={"reason": "Personangrepp", "next": back},
    )

    assert response.status_code == 302 and response.headers["Location"] == back
    comment = fresh(Comment, flagged.id)
    assert comment.hidden_at is not None and comment.hidden_by_id == admin.id
    assert comment.hidden_reason == "Personangrepp"
    assert fresh(Idea, flagged.idea_id).comment_count == 0
    [entry] = audit("comment.hidden", comment)
    assert entry.actor_id == admin.id and entry.data["reason"] == "Personangrepp"
    page = html(client.get("/admin/moderation/"))
    assert "Anmälda kommentarer (0)" in page and "Dolda kommentarer (1)" in page


def test_hiding_needs_a_reason(client, auth, admin, flagged, save):
    save()
    auth.login(admin)

    response = client.post(
        f"/admin/moderation/comments/{flagged.id}/hide", data={"reason": " "},
        follow_redirects=True,
    )

    assert "Skriv varför kommentaren döljs." in html(response)
    assert fresh(Comment, flagged.id).hidden_at is None
    assert audit("comment.hidden", flagged) == []


def test_hiding_twice_is_refused_and_the_count_stays_exact(admin, flagged):
    idea = db.session.get(Idea, flagged.idea_id)
    discussion.hide_comment(flagged, admin, "Första")

    with pytest.raises(Refused):
        discussion.hide_comment(flagged, admin, "Andra")

    db.session.refresh(idea)
    assert idea.comment_count == 0
    assert len(audit("comment.hidden", flagged)) == 1


def test_an_admin_unhides_a_comment(client, auth, admin, flagged, save):
    discussion.hide_comment(flagged, admin, "Misstag")
    save()
    auth.login(admin)

    response = client.post(f"/admin/moderation/comments/{flagged.id}/unhide")

    assert response.status_code == 302 and response.headers["Location"] == "/admin/moderation/"
    comment = fresh(Comment, flagged.id)
    assert comment.hidden_at is None and comment.hidden_reason is None
    assert comment.flag_count == 0
    assert fresh(Idea, flagged.idea_id).comment_count == 1
    [entry] = audit("comment.unhidden", comment)
    assert entry.actor_id == admin.id
    assert "Dumma förslag!" in html(client.get(f"/ideas/{flagged.idea_id}"))


def test_an_admin_dismisses_the_flags(client, auth, admin, flagged, save):
    save()
    auth.login(admin)

    response = client.post(f"/admin/moderation/comments/{flagged.id}/dismiss")

    assert response.status_code == 302
    comment = fresh(Comment, flagged.id)
    assert comment.flag_count == 0 and comment.hidden_at is None
    assert (
        db.session.scalar(select(func.count()).where(CommentFlag.comment_id == comment.id)) == 0
    )
    [entry] = audit("comment.flags_dismissed", comment)
    assert entry.data["flags"] == 2 and entry.data["reasons"] == ["Nedsättande ton"]
    assert "Anmälda kommentarer (0)" in html(client.get("/admin/moderation/"))


def test_an_admin_hides_from_the_idea_page(client, auth, admin, flagged, make_user, save):
    reader = make_user("employee")
    save()
    auth.login(reader)
    assert "Dölj (moderator)" not in html(client.get(f"/ideas/{flagged.idea_id}"))
    auth.logout()
    auth.login(admin)

    page = html(client.get(f"/ideas/{flagged.idea_id}"))

    assert "Dölj (moderator)" in page
    assert f'action="/admin/moderation/comments/{flagged.id}/hide"' in page
    assert f'value="/ideas/{flagged.idea_id}#comment-{flagged.id}"' in page


def test_moderation_operations_refuse_non_admins(make_user, flagged):
    coach = make_user("coach")

    for operation, args in (
        (discussion.hide_comment, ("Nej",)),
        (discussion.unhide_comment, ()),
        (discussion.dismiss_flags, ()),
    ):
        with pytest.raises(Refused):
            operation(flagged, coach, *args)

    assert flagged.flag_count == 2 and flagged.hidden_at is None
