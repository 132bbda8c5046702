"""The notifications page, marking read, and the settings page."""

import re

import pytest
from sqlalchemy import select

from ideasluss.extensions import db
from ideasluss.notifications.models import Notification, NotificationPreference
from ideasluss.notifications.operations import kinds_for
from ideasluss.notifications.queries import PER_PAGE, unread_count


def every(user, channel):
    """Form data choosing `channel` for every kind `user` may choose for."""
    return {kind: channel for kind in kinds_for(user)}


def checked(html, name):
    """The value of the checked radio button named `name`."""
    for attrs in re.findall(r"<input ([^>]*)>", html):
        if f'name="{name}"' in attrs and "checked" in attrs.split():
            return re.search(r'value="([^"]*)"', attrs).group(1)
    return None


def items(html):
    return re.findall(r'<li class="notice[^"]*">(.*?)</li>', html, re.S)


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", "/notifications/"),
        ("get", "/notifications/settings"),
        ("post", "/notifications/read"),
        ("post", "/notifications/1/read"),
    ],
)
def test_sign_in_is_required(client, method, url):
    response = getattr(client, method)(url)
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_the_page_shows_my_notifications_only_newest_first(
    client, auth, make_user, make_idea, make_note
):
    me, other = make_user("employee"), make_user("employee")
    first = make_idea(title="Första idén")
    second = make_idea(title="Andra idén")
    secret = make_idea(title="Någon annans idé")
    make_note(me, first, read=True)
    make_note(me, second, kind="comment")
    make_note(other, secret)
    auth.login(me)

    html = client.get("/notifications/").get_data(as_text=True)

    shown = items(html)
    assert len(shown) == 2
    assert "Ny kommentar på ”Andra idén”." in shown[0]
    assert "”Första idén” har flyttats från Inskickad till Idé." in shown[1]
    assert f'href="/ideas/{first.id}"' in shown[1]
    assert "Någon annans idé" not in html


def test_unread_ones_are_marked_in_words_not_only_colour(
    client, auth, make_user, make_idea, make_note
):
    me = make_user("employee")
    make_note(me, make_idea(title="Läst"), read=True)
    unread = make_note(me, make_idea(title="Oläst"))
    auth.login(me)

    read_item, unread_item = reversed(items(client.get("/notifications/").get_data(as_text=True)))

    assert "Ny" in unread_item and "oläst" in unread_item
    assert f'action="/notifications/{unread.id}/read"' in unread_item
    assert "notice-new" not in read_item and "/read" not in read_item


def test_a_notification_about_an_idea_that_became_internal_is_neither_shown_nor_linked(
    client, auth, make_user, make_idea, make_note
):
    resident = make_user("resident")
    visible = make_idea(title="Offentlig idé")
    hidden = make_idea(title="Numera intern idé")
    make_note(resident, visible)
    make_note(resident, hidden)
    hidden.visibility = "internal"
    db.session.flush()
    auth.login(resident)

    html = client.get("/notifications/").get_data(as_text=True)

    assert "Offentlig idé" in html
    assert "Numera intern idé" not in html
    assert f"/ideas/{hidden.id}" not in html


def test_opening_one_marks_it_read_and_goes_to_the_idea(
    client, auth, make_user, make_idea, make_note
):
    me = make_user("employee")
    idea = make_idea()
    note, other = make_note(me, idea), make_note(me, idea)
    auth.login(me)

    response = client.post(f"/notifications/{note.id}/read")

    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/ideas/{idea.id}")
    db.session.expire_all()
    assert note.read_at is not None and other.read_at is None
    assert unread_count(me) == 1


def test_reading_never_changes_state_on_get(client, auth, make_user, make_idea, make_note):
    me = make_user("employee")
    note = make_note(me, make_idea())
    auth.login(me)

    assert client.get(f"/notifications/{note.id}/read").status_code == 405
    db.session.expire_all()
    assert note.read_at is None


def test_someone_elses_notification_is_not_found(client, auth, make_user, make_idea, make_note):
    theirs = make_note(make_user("employee"), make_idea())
    auth.login(make_user("employee"))

    assert client.post(f"/notifications/{theirs.id}/read").status_code == 404
    assert client.post("/notifications/999999999/read").status_code == 404
    db.session.expire_all()
    assert theirs.read_at is None


def test_opening_one_whose_idea_is_now_hidden_goes_back_to_the_list(
    client, auth, make_user, make_idea, make_note
):
    resident = make_user("resident")
    idea = make_idea()
    note = make_note(resident, idea)
    idea.visibility = "internal"
    db.session.flush()
    auth.login(resident)

    response = client.post(f"/notifications/{note.id}/read")

    assert response.headers["Location"].endswith("/notifications/")


def test_mark_all_read_up_to_what_the_page_showed(client, auth, make_user, make_idea, make_note):
    me, other = make_user("employee"), make_user("employee")
    idea = make_idea()
    shown = [make_note(me, idea) for _ in range(3)]
    theirs = make_note(other, idea)
    auth.login(me)
    html = client.get("/notifications/").get_data(as_text=True)
    assert "Markera alla som lästa" in html
    later = make_note(me, idea)  # arrived after the page was rendered

    response = client.post(
        "/notifications/read", data={"upto": str(shown[-1].id)}, follow_redirects=True
    )

    assert "Alla notiser är markerade som lästa." in response.get_data(as_text=True)
    db.session.expire_all()
    assert all(n.read_at is not None for n in shown)
    assert later.read_at is None and theirs.read_at is None

    client.post("/notifications/read")
    db.session.expire_all()
    assert later.read_at is not None
    assert "Markera alla som lästa" not in client.get("/notifications/").get_data(as_text=True)


def test_the_nav_badge_counts_unread(client, auth, make_user, make_idea, make_note):
    me = make_user("employee")
    for _ in range(3):
        make_note(me, make_idea())
    auth.login(me)

    html = client.get("/notifications/").get_data(as_text=True)

    assert re.search(r'class="badge">3<span class="visually-hidden"> olästa', html)


def test_keyset_pages(client, auth, make_user, make_idea, make_note):
    me = make_user("employee")
    idea = make_idea()
    notes = [make_note(me, idea) for _ in range(PER_PAGE + 5)]
    auth.login(me)

    first = client.get("/notifications/").get_data(as_text=True)
    assert len(items(first)) == PER_PAGE
    older = re.search(r'href="(/notifications/\?before=(\d+))" rel="next"', first)
    assert older and int(older.group(2)) == notes[5].id

    second = client.get(older.group(1).replace("&amp;", "&")).get_data(as_text=True)
    assert len(items(second)) == 5
    assert 'rel="next"' not in second
    assert 'href="/notifications/"' in second
    assert client.get("/notifications/?before=nonsense").status_code == 200


def test_hidden_ideas_do_not_shorten_a_page(client, auth, make_user, make_idea, make_note):
    resident = make_user("resident")
    visible, hidden = make_idea(), make_idea()
    for n in range(PER_PAGE + 3):
        make_note(resident, visible if n % 2 else hidden)
    hidden.visibility = "internal"
    db.session.flush()
    auth.login(resident)

    html = client.get("/notifications/").get_data(as_text=True)

    assert len(items(html)) == (PER_PAGE + 3) // 2
    assert 'rel="next"' not in html


def test_the_page_issues_the_same_queries_however_many_notifications(
    client, auth, make_user, make_idea, make_note, query_counter
):
    me = make_user("employee")
    auth.login(me)

    def count():
        with query_counter() as statements:
            assert client.get("/notifications/").status_code == 200
        return len(statements)

    make_note(me, make_idea(team=[make_user("employee")]))
    few = count()
    for _ in range(PER_PAGE):
        make_note(me, make_idea(team=[make_user("employee")]), kind="comment")
    assert count() == few


def test_settings_show_a_radio_group_per_kind(client, auth, make_user):
    auth.login(make_user("employee"))

    html = client.get("/notifications/settings").get_data(as_text=True)

    assert html.count("<fieldset") == html.count("<legend>") >= 3
    assert "Daglig sammanfattning" in html and "Direkt" in html and "Av" in html
    assert "En ny idé kommer in till triage" not in html
    assert checked(html, "state_change") == "immediate"


def test_coaches_also_choose_for_new_ideas(client, auth, make_user):
    auth.login(make_user("employee", "coach"))

    html = client.get("/notifications/settings").get_data(as_text=True)

    assert "En ny idé kommer in till triage" in html
    assert checked(html, "new_idea") == "digest"


def test_saving_settings(client, auth, make_user):
    me = make_user("employee")
    auth.login(me)

    response = client.post(
        "/notifications/settings",
        data={**every(me, "off"), "state_change": "digest", "assigned": "immediate"},
        follow_redirects=True,
    )

    assert "Dina val för notiser är sparade." in response.get_data(as_text=True)
    saved = dict(
        db.session.execute(
            select(NotificationPreference.kind, NotificationPreference.channel).where(
                NotificationPreference.user_id == me.id
            )
        ).all()
    )
    assert saved["state_change"] == "digest" and saved["comment"] == "off"
    assert "new_idea" not in saved
    html = client.get("/notifications/settings").get_data(as_text=True)
    assert checked(html, "comment") == "off"


def test_bad_settings_are_refused_with_a_message(client, auth, make_user):
    me = make_user("employee")
    auth.login(me)

    response = client.post(
        "/notifications/settings", data={"state_change": "hourly", "comment": "off"}
    )

    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Det finns fel i formuläret" in html
    assert "Välj hur du vill få den här notisen." in html  # the kinds left unanswered
    assert (
        db.session.scalars(
            select(NotificationPreference).where(NotificationPreference.user_id == me.id)
        ).all()
        == []
    )


def test_a_non_coach_cannot_sneak_in_new_idea(client, auth, make_user):
    me = make_user("employee")
    auth.login(me)
    client.post("/notifications/settings", data={**every(me, "off"), "new_idea": "immediate"})

    kinds = db.session.scalars(
        select(NotificationPreference.kind).where(NotificationPreference.user_id == me.id)
    ).all()
    assert "new_idea" not in kinds


def test_settings_are_honoured(client, auth, make_user, make_idea):
    from ideasluss.ideas.operations import move_idea
    from ideasluss.ideas.pipeline import MOVES

    owner = make_user("employee")
    auth.login(owner)
    client.post(
        "/notifications/settings",
        data=every(owner, "off"),
    )
    idea = make_idea(owner=owner)

    move_idea(
        idea,
        "accept",
        make_user("employee", "coach"),
        motivation="Bra.",
        checklist=[c.code for c in MOVES["accept"].checklist],
    )

    assert (
        db.session.scalars(select(Notification).where(Notification.user_id == owner.id)).all() == []
    )
