"""Comments on the idea page: posting with and without htmx, Markdown, editing, flagging."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from ideasluss.core.models import utcnow
from ideasluss.extensions import db
from ideasluss.ideas import discussion, operations
from ideasluss.ideas.discussion import COMMENT_EDIT_WINDOW
from ideasluss.ideas.models import Comment, CommentFlag, Idea
from ideasluss.notifications.models import Notification

HTMX = {"HX-Request": "true"}


def html(response):
    return response.get_data(as_text=True)


def fresh(model, ident):
    db.session.expire_all()
    return db.session.get(model, ident)


def comments_on(idea_id):
    db.session.expire_all()
    return db.session.scalars(
        select(Comment).where(Comment.idea_id == idea_id).order_by(Comment.id)
    ).all()


@pytest.fixture
def commenter(make_user):
    return make_user("resident", name="Kim Kommentar")


# Posting


def test_a_comment_without_javascript_lands_on_the_page(client, auth, make_idea, commenter, save):
    idea = make_idea(state="idea")
    save()
    auth.login(commenter)

    response = client.post(f"/ideas/{idea.id}/comments", data={"body": "Bra idé, *verkligen*."})

    [comment] = comments_on(idea.id)
    assert response.status_code == 302
    assert response.headers["Location"] == f"/ideas/{idea.id}#comment-{comment.id}"
    assert fresh(Idea, idea.id).comment_count == 1
    page = html(client.get(response.headers["Location"]))
    assert "Din kommentar är publicerad." in page
    assert f'id="comment-{comment.id}"' in page and "Bra idé, <em>verkligen</em>." in page
    assert "Kim Kommentar" in page and 'id="comment-count">1<' in page


def test_a_comment_with_htmx_is_appended_and_the_form_reset(
    client, auth, make_idea, commenter, save
):
    idea = make_idea(state="idea")
    save()
    auth.login(commenter)

    response = client.post(
        f"/ideas/{idea.id}/comments", data={"body": "Via htmx"}, headers=HTMX
    )

    [comment] = comments_on(idea.id)
    assert response.status_code == 200
    fragment = html(response).strip()
    assert fragment.startswith(f'<li class="comment" id="comment-{comment.id}">')
    assert "<html" not in fragment and "Via htmx" in fragment
    form = re.search(r'<form class="comment-form" id="comment-form".*?</form>', fragment, re.S)
    assert form and 'hx-swap-oob="true"' in form.group(0)
    assert re.search(r"<textarea[^>]*>\s*</textarea>", form.group(0))
    assert '<span id="comment-count" hx-swap-oob="true">1</span>' in fragment


def test_the_page_has_an_htmx_comment_form_that_works_without_it(
    client, auth, make_idea, commenter, save
):
    idea = make_idea(state="idea")
    save()
    auth.login(commenter)

    page = html(client.get(f"/ideas/{idea.id}"))

    form = re.search(r'<form class="comment-form".*?</form>', page, re.S).group(0)
    assert f'method="post" action="/ideas/{idea.id}/comments"' in form
    assert 'hx-target="#comment-list"' in form and 'hx-swap="beforeend"' in form
    assert 'hx-swap-oob' not in form and '<label for="body">Din kommentar</label>' in form
    assert 'id="comment-list"' in page


def test_an_empty_comment_is_refused_without_javascript(client, auth, make_idea, commenter, save):
    idea = make_idea(state="idea")
    save()
    auth.login(commenter)

    response = client.post(f"/ideas/{idea.id}/comments", data={"body": "   "})

    assert response.status_code == 422
    assert 'class="error-summary"' in html(response)
    assert "Skriv något i kommentaren." in html(response)
    assert comments_on(idea.id) == [] and fresh(Idea, idea.id).comment_count == 0


def test_an_empty_comment_is_refused_with_htmx(client, auth, make_idea, commenter, save):
    idea = make_idea(state="idea")
    save()
    auth.login(commenter)

    response = client.post(f"/ideas/{idea.id}/comments", data={"body": ""}, headers=HTMX)

    assert response.headers["HX-Retarget"] == "#comment-form"
    assert response.headers["HX-Reswap"] == "outerHTML"
    assert html(response).strip().startswith('<form class="comment-form" id="comment-form"')
    assert "Skriv något i kommentaren." in html(response)
    assert comments_on(idea.id) == []


def test_markdown_in_comments_is_sanitised(app, client, auth, make_idea, commenter, save):
    idea = make_idea(state="idea")
    save()
    auth.login(commenter)
    body = (
        "**Fet** text\n\n<script>alert('x')</script>\n\n"
        "[klicka](javascript:alert(1)) och <img src=x onerror=alert(1)>\n\n"
        '<a href="https://example.se" onclick="alert(1)">länk</a>'
    )

    client.post(f"/ideas/{idea.id}/comments", data={"body": body})
    # As another reader sees it (the author's own edit box holds the raw text, escaped).
    page = html(app.test_client().get(f"/ideas/{idea.id}"))

    [comment] = comments_on(idea.id)
    start = page.index(f'id="comment-{comment.id}"')
    shown = page[start : page.index("</li>", start)]
    assert "<strong>Fet</strong>" in shown
    assert "<script" not in shown and "javascript:" not in page
    assert "onerror" not in page and "onclick" not in page and "<img" not in shown
    assert 'href="https://example.se"' in shown


@pytest.mark.parametrize("state", ["draft", "withdrawn", "merged"])
def test_comments_are_closed_on_ideas_that_are_not_listed(
    client, auth, make_idea, make_user, save, state
):
    owner = make_user("employee")
    extra = {"merged_into_id": make_idea(state="idea").id} if state == "merged" else {}
    idea = make_idea(owner=owner, state=state, **extra)
    save()
    auth.login(owner)

    response = client.post(f"/ideas/{idea.id}/comments", data={"body": "Hej"})

    assert response.status_code == 403 and comments_on(idea.id) == []


def test_a_visitor_is_asked_to_sign_in_to_comment(client, make_idea, save):
    idea = make_idea(state="idea")
    save()

    page = html(client.get(f"/ideas/{idea.id}"))
    response = client.post(f"/ideas/{idea.id}/comments", data={"body": "Hej"})

    assert "Logga in för att kommentera" in page and 'class="comment-form"' not in page
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert comments_on(idea.id) == []


def test_a_resident_cannot_comment_on_an_internal_idea(client, auth, make_idea, commenter, save):
    idea = make_idea(state="idea", visibility="internal")
    save()
    auth.login(commenter)

    assert client.post(f"/ideas/{idea.id}/comments", data={"body": "Hej"}).status_code == 404
    assert comments_on(idea.id) == []


# Editing within the window


def _comment(idea, author, body="Första versionen", age=timedelta(0)):
    comment = discussion.add_comment(idea, author, body)
    comment.created_at = utcnow() - age
    db.session.flush()
    return comment


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_the_author_edits_within_the_window(
    client, auth, make_idea, commenter, save, headers
):
    idea = make_idea(state="idea")
    comment = _comment(idea, commenter, age=COMMENT_EDIT_WINDOW - timedelta(minutes=1))
    save()
    auth.login(commenter)

    assert "<summary>Redigera</summary>" in html(client.get(f"/ideas/{idea.id}"))
    response = client.post(
        f"/ideas/{idea.id}/comments/{comment.id}/edit",
        data={"body": "Andra versionen"},
        headers=headers,
    )

    edited = fresh(Comment, comment.id)
    assert edited.body == "Andra versionen" and edited.edited_at is not None
    if headers:
        fragment = html(response).strip()
        assert fragment.startswith(f'<li class="comment" id="comment-{comment.id}">')
        assert "Andra versionen" in fragment and "Kommentaren är ändrad." in fragment
    else:
        assert response.headers["Location"] == f"/ideas/{idea.id}#comment-{comment.id}"
    assert "(ändrad)" in html(client.get(f"/ideas/{idea.id}"))


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_editing_after_the_window_is_refused(client, auth, make_idea, commenter, save, headers):
    idea = make_idea(state="idea")
    comment = _comment(idea, commenter, age=COMMENT_EDIT_WINDOW + timedelta(minutes=1))
    save()
    auth.login(commenter)

    assert "<summary>Redigera</summary>" not in html(client.get(f"/ideas/{idea.id}"))
    response = client.post(
        f"/ideas/{idea.id}/comments/{comment.id}/edit",
        data={"body": "För sent"},
        headers=headers,
        follow_redirects=not headers,
    )

    message = "Kommentaren kan bara ändras under 15 minuter efter att den skrevs."
    assert message in html(response)
    unchanged = fresh(Comment, comment.id)
    assert unchanged.body == "Första versionen" and unchanged.edited_at is None


def test_edit_window_in_the_operation(make_idea, commenter):
    idea = make_idea(state="idea")
    comment = _comment(idea, commenter)
    later = comment.created_at + COMMENT_EDIT_WINDOW + timedelta(seconds=1)

    discussion.edit_comment(comment, commenter, "Rättad", now=comment.created_at)
    with pytest.raises(discussion.Refused):
        discussion.edit_comment(comment, commenter, "För sent", now=later)

    assert comment.body == "Rättad"


def test_nobody_else_edits_a_comment(client, auth, make_idea, make_user, commenter, save):
    idea = make_idea(state="idea")
    comment = _comment(idea, commenter)
    save()
    auth.login(make_user("admin"))

    response = client.post(
        f"/ideas/{idea.id}/comments/{comment.id}/edit", data={"body": "Ändrad av någon annan"}
    )

    assert response.status_code == 403
    assert fresh(Comment, comment.id).body == "Första versionen"


def test_a_comment_belongs_to_its_idea(client, auth, make_idea, commenter, save):
    idea, other = make_idea(state="idea"), make_idea(state="idea")
    comment = _comment(idea, commenter)
    save()
    auth.login(commenter)

    response = client.post(
        f"/ideas/{other.id}/comments/{comment.id}/edit", data={"body": "Fel idé"}
    )

    assert response.status_code == 404


# Flagging


def flags_on(comment_id):
    return db.session.scalar(select(func.count()).where(CommentFlag.comment_id == comment_id))


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_a_reader_flags_a_comment_once(
    client, auth, make_idea, make_user, commenter, save, headers
):
    idea = make_idea(state="idea")
    comment = _comment(idea, commenter)
    reader = make_user("employee")
    save()
    auth.login(reader)

    first = client.post(
        f"/ideas/{idea.id}/comments/{comment.id}/flag",
        data={"reason": "Personangrepp"},
        headers=headers,
        follow_redirects=not headers,
    )
    second = client.post(
        f"/ideas/{idea.id}/comments/{comment.id}/flag",
        data={"reason": "Igen"},
        headers=headers,
        follow_redirects=not headers,
    )

    assert "Tack! En moderator tittar på kommentaren." in html(first)
    assert "Du har redan anmält den här kommentaren." in html(second)
    assert fresh(Comment, comment.id).flag_count == 1 == flags_on(comment.id)
    flag = db.session.scalar(select(CommentFlag).where(CommentFlag.comment_id == comment.id))
    assert (flag.user_id, flag.reason) == (reader.id, "Personangrepp")
    page = html(client.get(f"/ideas/{idea.id}"))
    assert "Du har anmält kommentaren till en moderator." in page


def test_a_flag_needs_no_reason(client, auth, make_idea, make_user, commenter, save):
    idea = make_idea(state="idea")
    comment = _comment(idea, commenter)
    save()
    auth.login(make_user("resident"))

    client.post(f"/ideas/{idea.id}/comments/{comment.id}/flag", data={})

    assert fresh(Comment, comment.id).flag_count == 1


def test_the_author_cannot_flag_their_own_comment(client, auth, make_idea, commenter, save):
    idea = make_idea(state="idea")
    comment = _comment(idea, commenter)
    save()
    auth.login(commenter)

    assert "<summary>Anmäl</summary>" not in html(client.get(f"/ideas/{idea.id}"))
    response = client.post(f"/ideas/{idea.id}/comments/{comment.id}/flag", data={})

    assert response.status_code == 403 and flags_on(comment.id) == 0


def test_a_visitor_cannot_flag(client, make_idea, commenter, save):
    idea = make_idea(state="idea")
    comment = _comment(idea, commenter)
    save()

    assert "<summary>Anmäl</summary>" not in html(client.get(f"/ideas/{idea.id}"))
    response = client.post(f"/ideas/{idea.id}/comments/{comment.id}/flag", data={})

    assert response.status_code == 302 and flags_on(comment.id) == 0


# Hidden comments as readers see them


@pytest.mark.parametrize(
    ("viewer", "sees_text"),
    [("visitor", False), ("author", False), ("employee", False), ("admin", True)],
)
def test_a_hidden_comment_is_shown_only_to_admins(
    client, auth, make_idea, make_user, commenter, save, viewer, sees_text
):
    idea = make_idea(state="idea")
    comment = _comment(idea, commenter, body="Otrevlig text")
    discussion.hide_comment(comment, make_user("admin"), "Kränkande")
    if viewer != "visitor":
        auth.login(commenter if viewer == "author" else make_user(viewer))
    save()

    page = html(client.get(f"/ideas/{idea.id}"))

    assert ("Otrevlig text" in page) == sees_text
    assert ("Kommentaren är dold av en moderator." in page) != sees_text
    assert ("Kränkande" in page) == sees_text
    assert 'id="comment-count">0<' in page


# Notifications


def test_a_new_comment_notifies_owner_team_and_followers_but_not_the_commenter(
    make_idea, make_user
):
    owner, teammate = make_user("employee"), make_user("employee")
    follower, commenter = make_user("resident"), make_user("resident")
    idea = make_idea(owner=owner, state="idea", team=[teammate])
    for person in (follower, commenter):
        operations.follow(idea, person)

    discussion.add_comment(idea, commenter, "Hej alla")

    notes = db.session.scalars(
        select(Notification).where(Notification.idea_id == idea.id, Notification.kind == "comment")
    ).all()
    assert {n.user_id for n in notes} == {owner.id, teammate.id, follower.id}
    assert all(n.actor_id == commenter.id for n in notes)


def test_a_follower_who_may_no_longer_see_the_idea_is_not_notified(make_idea, make_user):
    owner, resident, colleague = make_user("employee"), make_user("resident"), make_user("employee")
    idea = make_idea(owner=owner, state="idea")
    operations.follow(idea, resident)
    operations.follow(idea, colleague)
    idea.visibility = "internal"
    db.session.flush()

    discussion.add_comment(idea, make_user("employee"), "Internt nu")

    notified = set(
        db.session.scalars(
            select(Notification.user_id).where(
                Notification.idea_id == idea.id, Notification.kind == "comment"
            )
        )
    )
    assert notified == {owner.id, colleague.id}
