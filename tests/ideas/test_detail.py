"""The idea page: every field, who may see it, the pipeline, history, withdrawing, query budget."""

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from ideasluss.core.models import utcnow
from ideasluss.extensions import db
from ideasluss.ideas import discussion, operations
from ideasluss.ideas.models import Attachment, Challenge, Comment, GateDecision, Idea
from ideasluss.notifications.models import NotificationPreference


def html(response):
    return response.get_data(as_text=True)


def fresh(model, ident):
    """The row as the database has it now (requests changed it in their own sessions)."""
    db.session.expire_all()
    return db.session.get(model, ident)


def one_line(text):
    return re.sub(r"\s+", " ", text)


@pytest.fixture
def rich_idea(make_idea, make_user, make_unit):
    """An idea with every field filled in, a team, a coach, a challenge, a file and a decision."""
    unit = make_unit("Trafikkontoret")
    owner = make_user("employee", name="Ella Ek", unit=unit)
    teammate = make_user("employee", name="Tor Team", unit=unit)
    coach = make_user("coach", name="Cia Coach", unit=unit)
    challenge = Challenge(
        title="Tryggare cykelvägar",
        description="Hur gör vi cykelvägarna tryggare på vintern?",
        unit_id=unit.id,
        opens_on=date.today() - timedelta(days=5),
        closes_on=date.today() + timedelta(days=30),
        created_by_id=coach.id,
    )
    db.session.add(challenge)
    db.session.flush()
    idea = make_idea(
        owner=owner,
        title="Sandning med solceller",
        problem="Cyklister halkar **på morgonen**.",
        proposal="Sensorer som larmar när det blir halt.",
        value="Färre olyckor och lägre vårdkostnader.",
        themes=("mobilitet", "trygghet"),
        value_kinds=("social", "economic"),
        unit=unit,
        challenge=challenge,
        coach=coach,
        team=[teammate],
        classification="innovation",
    )
    db.session.add(
        Attachment(
            idea_id=idea.id,
            uploader_id=owner.id,
            filename="kalkyl.pdf",
            content_type="application/pdf",
            size=2048,
            storage_key="k" * 32,
        )
    )
    operations.move_idea(
        idea,
        "accept",
        coach,
        motivation="Tydligt problem och *stort* värde.",
        checklist=("problem", "value", "innovation"),
        expected_state="submitted",
    )
    return idea


def test_the_page_shows_every_field(client, rich_idea, save):
    save()
    idea = db.session.get(Idea, rich_idea.id)
    attachment = db.session.scalar(select(Attachment).where(Attachment.idea_id == idea.id))

    response = client.get(f"/ideas/{idea.id}")

    assert response.status_code == 200
    page = one_line(html(response))
    assert '<h1 id="idea-title">Sandning med solceller</h1>' in page
    assert "Cyklister halkar <strong>på morgonen</strong>." in page
    assert "Sensorer som larmar när det blir halt." in page
    assert "Färre olyckor och lägre vårdkostnader." in page
    assert "Socialt värde" in page and "Ekonomiskt värde" in page
    assert "Miljömässigt värde" not in page
    assert "Mobilitet och trafik" in page and "Trygghet" in page
    assert "Trafikkontoret" in page
    assert "Ella Ek" in page and "Tor Team" in page and "Cia Coach" in page
    assert f'href="/challenges/{idea.challenge_id}"' in page and "Tryggare cykelvägar" in page
    assert "Innovation" in page
    assert f'href="/ideas/{idea.id}/attachments/{attachment.id}"' in page and "kalkyl.pdf" in page
    # The history: the decision, who made it, from and to, the motivation and the ticked gate.
    assert "Godkänn som idé" in page
    assert "Från Inskickad till Idé." in page and "Beslut av Cia Coach." in page
    assert "Tydligt problem och <em>stort</em> värde." in page
    assert "Problemet och vem det gäller är beskrivet" in page
    assert "Idén är väsentligt ny och värdeskapande" in page
    assert "Intern idé" not in page


def test_people_are_shown_by_their_public_name(client, make_idea, make_user, save):
    owner = make_user("resident", name="Hemlig Person", show_name=False)
    idea = make_idea(owner=owner)
    save()

    page = html(client.get(f"/ideas/{idea.id}"))

    assert "Hemlig Person" not in page and "Anonym" in page


def test_an_internal_idea_is_marked(client, auth, make_idea, make_user, save):
    idea = make_idea(visibility="internal")
    reader = make_user("employee")
    save()
    auth.login(reader)

    page = html(client.get(f"/ideas/{idea.id}"))

    assert "Intern idé – syns bara för stadens medarbetare" in page


@pytest.mark.parametrize(
    ("viewer", "status"),
    [("visitor", 404), ("resident", 404), ("employee", 200), ("coach", 200), ("admin", 200)],
)
def test_an_internal_idea_is_404_for_visitors_and_residents(
    client, auth, make_idea, make_user, save, viewer, status
):
    idea = make_idea(visibility="internal", title="Hemligt internt förslag")
    if viewer != "visitor":
        auth.login(make_user(viewer))
    save()

    response = client.get(f"/ideas/{idea.id}")

    assert response.status_code == status
    assert ("Hemligt internt förslag" in html(response)) == (status == 200)


@pytest.mark.parametrize(
    ("viewer", "status"),
    [
        ("visitor", 404),
        ("resident", 404),
        ("employee", 404),
        ("coach", 404),
        ("owner", 200),
        ("team", 200),
        ("admin", 200),
    ],
)
def test_a_draft_is_seen_only_by_its_team_and_admins(
    client, auth, make_idea, make_user, save, viewer, status
):
    owner = make_user("employee")
    teammate = make_user("employee")
    idea = make_idea(owner=owner, state="draft", team=[teammate])
    people = {"owner": owner, "team": teammate}
    if viewer != "visitor":
        auth.login(people.get(viewer) or make_user(viewer))
    save()

    assert client.get(f"/ideas/{idea.id}").status_code == status


def test_an_unknown_idea_is_404(client):
    assert client.get("/ideas/999999").status_code == 404


def test_a_merged_idea_redirects_to_the_idea_it_joined(client, make_idea, make_user, save):
    coach = make_user("coach")
    target = make_idea(state="idea")
    merged = make_idea(state="idea")
    operations.merge_ideas(merged, target, coach, motivation="Samma förslag.")
    save()

    response = client.get(f"/ideas/{merged.id}")

    assert response.status_code in (301, 302)
    assert response.headers["Location"] == f"/ideas/{target.id}"


@pytest.mark.parametrize("state", ["submitted", "idea", "prestudy", "pilot", "implementation"])
def test_the_pipeline_marks_the_current_step_in_text(client, make_idea, save, state):
    idea = make_idea(state=state)
    save()

    page = one_line(html(client.get(f"/ideas/{idea.id}")))

    [current] = re.findall(r'<li class="step current" aria-current="step">(.*?)</li>', page)
    assert str(idea.state_label) in current and "här är idén nu" in current
    assert page.count('aria-current="step"') == 1


def test_a_parked_idea_says_where_it_was_parked_from(client, make_idea, save):
    idea = make_idea(state="parked", parked_from="prestudy")
    save()

    page = one_line(html(client.get(f"/ideas/{idea.id}")))

    assert "Parkerad (från förstudie)" in page
    assert 'aria-current="step"' not in page
    assert "idén lämnade här" in page


def test_a_declined_idea_says_where_it_left_the_main_line(client, make_idea, make_user, save):
    coach = make_user("coach")
    idea = make_idea(state="idea")
    operations.move_idea(idea, "decline", coach, motivation="Finns redan.")
    save()

    page = one_line(html(client.get(f"/ideas/{idea.id}")))

    assert "Avslutad (från idé)" in page


def test_the_history_lists_every_decision_newest_last(client, make_idea, make_user, save):
    coach = make_user("coach", name="Nils Coach")
    idea = make_idea(state="idea")
    operations.move_idea(idea, "park", coach, motivation="Väntar på budget.")
    operations.move_idea(idea, "resume", coach, motivation="Budgeten finns nu.")
    save()

    page = one_line(html(client.get(f"/ideas/{idea.id}")))

    first = page.index("Väntar på budget.")
    second = page.index("Budgeten finns nu.")
    assert first < second
    assert "Från Idé till Parkerad." in page and "Från Parkerad till Idé." in page


# Withdrawing


def test_the_owner_withdraws_the_idea_after_confirming(client, auth, make_idea, make_user, save):
    owner = make_user("employee")
    idea = make_idea(owner=owner, state="idea")
    save()
    auth.login(owner)

    page = html(client.get(f"/ideas/{idea.id}"))
    assert "<summary>Ta tillbaka idén</summary>" in page
    response = client.post(f"/ideas/{idea.id}/withdraw", data={"state": "idea"})

    assert response.status_code == 302
    assert fresh(Idea, idea.id).state == "withdrawn"
    [decision] = db.session.scalars(select(GateDecision).where(GateDecision.idea_id == idea.id))
    assert (decision.move, decision.from_state, decision.actor_id) == ("withdraw", "idea", owner.id)
    assert "Du har tagit tillbaka idén." in html(client.get(response.headers["Location"]))


def test_a_stale_withdrawal_is_refused(client, auth, make_idea, make_user, save):
    owner = make_user("employee")
    idea = make_idea(owner=owner, state="prestudy")
    save()
    auth.login(owner)

    response = client.post(
        f"/ideas/{idea.id}/withdraw", data={"state": "idea"}, follow_redirects=True
    )

    assert "Idén har redan flyttats" in html(response)
    assert fresh(Idea, idea.id).state == "prestudy"


@pytest.mark.parametrize("who", ["team", "coach", "admin", "employee"])
def test_only_the_owner_may_withdraw(client, auth, make_idea, make_user, save, who):
    teammate = make_user("employee")
    idea = make_idea(state="idea", team=[teammate])
    auth.login(teammate if who == "team" else make_user(who))
    save()

    assert "Ta tillbaka idén" not in html(client.get(f"/ideas/{idea.id}"))
    response = client.post(f"/ideas/{idea.id}/withdraw", data={"state": "idea"})

    assert response.status_code == 403
    assert fresh(Idea, idea.id).state == "idea"


def test_a_visitor_is_sent_to_sign_in_to_withdraw(client, make_idea, save):
    idea = make_idea(state="idea")
    save()

    response = client.post(f"/ideas/{idea.id}/withdraw")

    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert fresh(Idea, idea.id).state == "idea"


# Comments shown and the query budget


def _fill(idea, n, make_user):
    """`n` people who vote for and comment on `idea`."""
    people = [make_user("employee") for _ in range(n)]
    # Comments first: each would otherwise notify every earlier follower.
    for i, person in enumerate(people):
        discussion.add_comment(idea, person, f"Kommentar nummer {i}")
    for person in people:
        operations.vote(idea, person)
        operations.follow(idea, person)


def test_the_newest_fifty_comments_are_shown_and_older_ones_on_request(
    client, make_idea, make_user, save
):
    idea = make_idea(state="idea")
    author = idea.owner  # the owner is not told of their own comments: no mail to slow this
    for i in range(55):
        comment = discussion.add_comment(idea, author, f"Inlägg {i:02d}")
        comment.created_at = utcnow() - timedelta(minutes=100 - i)
    save()

    page = html(client.get(f"/ideas/{idea.id}"))
    assert "Visa äldre kommentarer" in page
    assert "Inlägg 04" not in page and "Inlägg 05" in page and "Inlägg 54" in page
    assert page.index("Inlägg 05") < page.index("Inlägg 54")

    everything = html(client.get(f"/ideas/{idea.id}?comments=all"))
    assert "Inlägg 00" in everything and "Visa äldre kommentarer" not in everything
    assert everything.count('class="comment"') == 55


@pytest.mark.parametrize("viewer", ["visitor", "employee", "coach", "admin"])
def test_the_page_issues_as_many_queries_for_60_comments_and_votes_as_for_3(
    client, auth, make_idea, make_user, save, query_counter, viewer
):
    small, large = make_idea(state="idea"), make_idea(state="idea")
    coach = make_user("coach")
    for idea in (small, large):
        # Mails are not what this test is about; they only slow it down.
        db.session.add(NotificationPreference(user_id=idea.owner_id, kind="comment", channel="off"))
        operations.move_idea(idea, "park", coach, motivation="Paus.")
        operations.move_idea(idea, "resume", coach, motivation="Vidare.")
    _fill(small, 3, make_user)
    _fill(large, 60, make_user)
    if viewer != "visitor":
        auth.login(make_user(viewer))
    save()
    assert fresh(Idea, large.id).vote_count == 60

    counts = []
    for url in [f"/ideas/{small.id}", f"/ideas/{large.id}"]:  # ids read outside the count
        with query_counter() as statements:
            response = client.get(url)
        assert response.status_code == 200
        counts.append(len(statements))

    assert counts[0] == counts[1]
    assert counts[1] <= 25


def test_the_page_reads_the_idea_its_history_and_its_comments_in_three_statements(
    client, make_idea, make_user, save, query_counter
):
    """Whether there are attachments or fund applications at all comes with the idea; their
    lists are read only when there is something to show."""
    coach = make_user("coach")
    idea = make_idea(state="idea", themes=("klimat",), team=[make_user("employee", name="Tea")])
    operations.move_idea(idea, "park", coach, motivation="Paus.")
    operations.move_idea(idea, "resume", coach, motivation="Vidare.")
    discussion.add_comment(idea, idea.owner, "Första **kommentaren**")
    save()
    url = f"/ideas/{idea.id}"  # read outside the count

    with query_counter() as statements:
        page = html(client.get(url))

    assert len(statements) == 3
    assert "Inga bilagor." in page and "Tea" in page and "Klimat och miljö" in page
    assert "<strong>kommentaren</strong>" in page and "Vidare." in page

    db.session.add(
        Attachment(
            idea_id=idea.id,
            uploader_id=idea.owner_id,
            filename="kalkyl.pdf",
            content_type="application/pdf",
            size=2048,
            storage_key="s" * 32,
        )
    )
    save()

    with query_counter() as statements:
        page = html(client.get(url))

    assert len(statements) == 4 and "kalkyl.pdf" in page


def test_the_readers_votes_follows_and_flags_come_with_the_idea_and_its_comments(
    client, auth, make_idea, make_user, save, query_counter
):
    reader, other = make_user("resident"), make_user("employee")
    idea = make_idea(state="idea")
    flagged = discussion.add_comment(idea, other, "Anmäld")
    unflagged = discussion.add_comment(idea, other, "Inte anmäld")
    own = discussion.add_comment(idea, reader, "Min egen")
    discussion.flag_comment(flagged, reader)
    operations.vote(idea, reader)
    operations.follow(idea, reader)
    save()
    auth.login(reader)
    url, base = f"/ideas/{idea.id}", f"/ideas/{idea.id}/comments"  # read outside the count
    ids = flagged.id, unflagged.id, own.id

    with query_counter() as statements:
        page = html(client.get(url))

    asked_alone = ("SELECT votes", "SELECT follows", "SELECT comment_flags")
    assert not [s for s in statements if s.lstrip().startswith(asked_alone)]
    assert "du har röstat" in page and "du följer idén" in page
    assert page.count("Du har anmält kommentaren till en moderator.") == 1
    assert f'action="{base}/{ids[0]}/flag"' not in page
    assert f'action="{base}/{ids[1]}/flag"' in page
    assert f'hx-post="{base}/{ids[2]}/edit"' in page
    assert f'action="{base}/{ids[2]}/flag"' not in page


def test_comment_count_equals_visible_comments(make_idea, make_user):
    idea = make_idea(state="idea")
    admin = make_user("admin")
    comments = [discussion.add_comment(idea, make_user("employee"), "Hej") for _ in range(3)]
    discussion.hide_comment(comments[0], admin, "Olämpligt")

    visible = db.session.scalar(
        select(func.count()).where(Comment.idea_id == idea.id, Comment.hidden_at.is_(None))
    )
    db.session.refresh(idea)
    assert idea.comment_count == visible == 2


@pytest.mark.parametrize(("who", "shown"), [("owner", True), ("team", True), ("other", False)])
def test_the_team_gets_an_edit_link(client, auth, make_idea, make_user, save, who, shown):
    owner, teammate = make_user("employee"), make_user("employee")
    idea = make_idea(owner=owner, state="idea", team=[teammate])
    auth.login({"owner": owner, "team": teammate}.get(who) or make_user("employee"))
    save()

    page = html(client.get(f"/ideas/{idea.id}"))

    assert (f'href="/ideas/{idea.id}/edit"' in page) == shown
