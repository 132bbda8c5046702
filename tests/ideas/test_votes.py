"""Votes and follows on the idea page: toggles with and without htmx, and exact counts."""

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from types import SimpleNamespace

import pytest
from sqlalchemy import create_engine, delete, func, select
from sqlalchemy.pool import NullPool

from ideasluss import _configure_engine
from ideasluss.accounts.models import Unit, User, UserRole
from ideasluss.core.models import AuditEntry
from ideasluss.extensions import db
from ideasluss.ideas import operations
from ideasluss.ideas.models import Follow, Idea, Vote
from ideasluss.ideas.states import STATES, VOTING_STATES
from ideasluss.notifications.models import Notification
from tests.conftest import TEST_DATABASE_URL

HTMX = {"HX-Request": "true"}


def html(response):
    return response.get_data(as_text=True)


def fresh(model, ident):
    db.session.expire_all()
    return db.session.get(model, ident)


def vote_rows(idea_id):
    return db.session.scalar(select(func.count()).where(Vote.idea_id == idea_id))


@pytest.fixture
def voter(auth, make_user):
    person = make_user("resident")
    return person


def test_voting_without_javascript_redirects_back_to_the_idea(client, auth, make_idea, voter, save):
    idea = make_idea(state="idea")
    save()
    auth.login(voter)

    response = client.post(f"/ideas/{idea.id}/vote", data={"vote": "1"})

    assert response.status_code == 302
    assert response.headers["Location"] == f"/ideas/{idea.id}#vote"
    assert fresh(Idea, idea.id).vote_count == 1 == vote_rows(idea.id)
    page = html(client.get(response.headers["Location"]))
    assert "Din röst är registrerad." in page
    assert 'aria-pressed="true"' in page and "du har röstat" in page

    client.post(f"/ideas/{idea.id}/vote", data={"vote": "0"})

    assert fresh(Idea, idea.id).vote_count == 0 == vote_rows(idea.id)
    assert 'aria-pressed="false"' in html(client.get(f"/ideas/{idea.id}"))


def test_voting_with_htmx_returns_the_vote_box(client, auth, make_idea, voter, save):
    idea = make_idea(state="prestudy")
    save()
    auth.login(voter)

    response = client.post(f"/ideas/{idea.id}/vote", data={"vote": "1"}, headers=HTMX)

    assert response.status_code == 200
    fragment = html(response).strip()
    assert fragment.startswith('<form class="vote-box" id="vote"')
    assert "<html" not in fragment and "<h1" not in fragment
    assert 'hx-target="this"' in fragment and 'hx-swap="outerHTML"' in fragment
    assert 'aria-live="polite"' in fragment and "1 röst" in fragment
    assert 'aria-pressed="true"' in fragment and 'value="0"' in fragment

    response = client.post(f"/ideas/{idea.id}/vote", data={"vote": "0"}, headers=HTMX)

    assert "0 röster" in html(response) and 'aria-pressed="false"' in html(response)
    assert fresh(Idea, idea.id).vote_count == 0 == vote_rows(idea.id)


def test_the_page_offers_a_vote_button_with_a_live_count(client, auth, make_idea, voter, save):
    idea = make_idea(state="idea")
    save()
    auth.login(voter)

    page = html(client.get(f"/ideas/{idea.id}"))

    assert f'hx-post="/ideas/{idea.id}/vote"' in page
    assert 'aria-live="polite"' in page and "0 röster" in page
    assert '<button type="submit" id="vote-button"' in page and 'aria-pressed="false"' in page


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_one_vote_per_person_even_when_posted_twice(client, auth, make_idea, voter, save, headers):
    idea = make_idea(state="idea")
    save()
    auth.login(voter)

    client.post(f"/ideas/{idea.id}/vote", data={"vote": "1"}, headers=headers)
    client.post(f"/ideas/{idea.id}/vote", data={"vote": "1"}, headers=headers)

    assert fresh(Idea, idea.id).vote_count == 1 == vote_rows(idea.id)


def test_a_bare_post_toggles(client, auth, make_idea, voter, save):
    idea = make_idea(state="idea")
    save()
    auth.login(voter)

    client.post(f"/ideas/{idea.id}/vote")
    assert fresh(Idea, idea.id).vote_count == 1
    client.post(f"/ideas/{idea.id}/vote")
    assert fresh(Idea, idea.id).vote_count == 0 == vote_rows(idea.id)


@pytest.mark.parametrize("state", sorted(VOTING_STATES))
def test_voting_is_open_in_the_voting_states(client, auth, make_idea, voter, save, state):
    idea = make_idea(state=state)
    save()
    auth.login(voter)

    assert client.post(f"/ideas/{idea.id}/vote", data={"vote": "1"}).status_code == 302
    assert fresh(Idea, idea.id).vote_count == 1


@pytest.mark.parametrize("state", sorted(set(STATES) - VOTING_STATES))
def test_voting_is_closed_in_other_states(client, auth, make_idea, make_user, save, state):
    owner = make_user("employee")  # the owner may see even a draft
    extra = {"merged_into_id": make_idea(state="idea").id} if state == "merged" else {}
    idea = make_idea(owner=owner, state=state, **extra)
    save()
    auth.login(owner)

    response = client.post(f"/ideas/{idea.id}/vote", data={"vote": "1"})

    assert response.status_code == 403
    assert fresh(Idea, idea.id).vote_count == 0 == vote_rows(idea.id)
    if state != "merged":
        page = html(client.get(f"/ideas/{idea.id}"))
        assert "Det går inte att rösta på idén i det här läget." in page
        assert "vote-button" not in page


def test_a_visitor_is_asked_to_sign_in_to_vote(client, make_idea, save):
    idea = make_idea(state="idea")
    save()

    page = html(client.get(f"/ideas/{idea.id}"))
    response = client.post(f"/ideas/{idea.id}/vote", data={"vote": "1"})

    assert "Logga in för att rösta" in page and "vote-button" not in page
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert vote_rows(idea.id) == 0


def test_a_resident_cannot_vote_on_an_internal_idea(client, auth, make_idea, voter, save):
    idea = make_idea(state="idea", visibility="internal")
    save()
    auth.login(voter)

    assert client.post(f"/ideas/{idea.id}/vote", data={"vote": "1"}).status_code == 404
    assert vote_rows(idea.id) == 0


def test_the_counter_equals_the_rows(client, auth, make_idea, make_user, save):
    idea = make_idea(state="idea")
    people = [make_user("employee") for _ in range(4)]
    save()
    for i, person in enumerate(people):
        auth.login(person)
        client.post(f"/ideas/{idea.id}/vote", data={"vote": "1"})
        if i % 2:
            client.post(f"/ideas/{idea.id}/vote", data={"vote": "0"})
        auth.logout()

    assert fresh(Idea, idea.id).vote_count == vote_rows(idea.id) == 2


@pytest.mark.parametrize("body", [{"vote": "1"}, {}], ids=["explicit", "bare"])
def test_a_vote_reads_the_idea_once_and_moves_the_counter_in_one_statement(
    client, auth, make_idea, make_user, voter, save, query_counter, body
):
    """The box comes back without loading the idea or the voter again after the commit."""
    idea = make_idea(state="idea")
    for _ in range(3):
        operations.vote(idea, make_user("employee"))
    save()
    auth.login(voter)
    url, idea_id = f"/ideas/{idea.id}/vote", idea.id  # read outside the count

    with query_counter() as statements:
        response = client.post(url, data=body, headers=HTMX)

    assert "4 röster" in html(response) and 'aria-pressed="true"' in html(response)
    assert len([s for s in statements if s.startswith("SELECT ideas")]) == 1
    assert len([s for s in statements if s.startswith("UPDATE ideas")]) == 1
    assert not [s for s in statements if s.startswith("SELECT users")][1:]
    assert fresh(Idea, idea_id).vote_count == 4 == vote_rows(idea_id)


# Following


def follow_rows(idea_id):
    return db.session.scalar(select(func.count()).where(Follow.idea_id == idea_id))


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_follow_and_unfollow(client, auth, make_idea, voter, save, headers):
    idea = make_idea(state="idea")
    save()
    auth.login(voter)

    response = client.post(f"/ideas/{idea.id}/follow", data={"follow": "1"}, headers=headers)
    client.post(f"/ideas/{idea.id}/follow", data={"follow": "1"}, headers=headers)

    assert fresh(Idea, idea.id).follower_count == 1 == follow_rows(idea.id)
    if headers:
        fragment = html(response).strip()
        assert fragment.startswith('<form class="follow-box" id="follow"')
        assert 'aria-pressed="true"' in fragment and "du följer idén" in fragment
    else:
        assert response.headers["Location"] == f"/ideas/{idea.id}#follow"

    client.post(f"/ideas/{idea.id}/follow", data={"follow": "0"}, headers=headers)

    assert fresh(Idea, idea.id).follower_count == 0 == follow_rows(idea.id)


def test_a_visitor_is_asked_to_sign_in_to_follow(client, make_idea, save):
    idea = make_idea(state="idea")
    save()

    assert "Logga in för att följa idén" in html(client.get(f"/ideas/{idea.id}"))
    response = client.post(f"/ideas/{idea.id}/follow", data={"follow": "1"})
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_a_resident_cannot_follow_an_internal_idea(client, auth, make_idea, voter, save):
    idea = make_idea(state="idea", visibility="internal")
    save()
    auth.login(voter)

    assert client.post(f"/ideas/{idea.id}/follow", data={"follow": "1"}).status_code == 404
    assert follow_rows(idea.id) == 0


# Many voters at once, through the real app, on committed data

VOTERS = 20


@pytest.fixture
def committed_voters(app):
    """An idea and VOTERS voters committed for real, in a database the threads share.

    The test's own transaction is invisible to other connections, so while this fixture is in
    use every app context gets its own session on a fresh engine; the rows are deleted after.
    """
    engine = create_engine(app.config["SQLALCHEMY_DATABASE_URI"], poolclass=NullPool)
    _configure_engine(engine)
    test_session = db.session
    db.session = db._make_scoped_session({"bind": engine})
    tag = uuid.uuid4().hex[:8]
    world = SimpleNamespace(idea_id=None, user_ids=[], unit_id=None)
    try:
        with app.app_context():
            unit = Unit(name=f"Samtidighetsförvaltningen {tag}", kind="forvaltning")
            people = []
            for i in range(VOTERS + 1):
                person = User(email=f"samtidig-{tag}-{i}@example.se", display_name=f"Röstare {i}")
                person.unit = unit
                person.set_roles({"employee"})
                people.append(person)
            db.session.add_all(people)
            db.session.flush()
            idea = Idea(
                title=f"Samtidig röstning {tag}",
                problem="Många röstar på en gång.",
                proposal="Räkna rätt.",
                owner_id=people[0].id,
                unit_id=unit.id,
                state="idea",
                visibility="public",
            )
            db.session.add(idea)
            db.session.commit()
            world.idea_id, world.unit_id = idea.id, unit.id
            world.user_ids = [p.id for p in people]
            world.voter_ids = world.user_ids[1:]
        yield world
    finally:
        db.session.remove()
        db.session = test_session
        users = world.user_ids
        with engine.begin() as conn:
            if world.idea_id:
                for model in (Vote, Follow, Notification):
                    conn.execute(delete(model).where(model.idea_id == world.idea_id))
                conn.execute(
                    delete(AuditEntry).where(
                        AuditEntry.object_type == "ideas", AuditEntry.object_id == world.idea_id
                    )
                )
                conn.execute(delete(Idea).where(Idea.id == world.idea_id))
            if users:
                conn.execute(delete(UserRole).where(UserRole.user_id.in_(users)))
                conn.execute(delete(User).where(User.id.in_(users)))
            if world.unit_id:
                conn.execute(delete(Unit).where(Unit.id == world.unit_id))
        engine.dispose()


def _committed_counts(app, idea_id):
    with app.app_context():
        counter = db.session.scalar(select(Idea.vote_count).where(Idea.id == idea_id))
        rows = db.session.scalar(select(func.count()).where(Vote.idea_id == idea_id))
        db.session.remove()
    return counter, rows


def _vote_all(app, idea_id, user_ids, on, parallel):
    """Each voter posts from their own client (own session, own connection), at the same time."""
    barrier = threading.Barrier(len(user_ids)) if parallel else None

    def post(i, user_id):
        client = app.test_client()
        with client.session_transaction() as session:
            session["_user_id"] = str(user_id)
            session["_fresh"] = True
        if barrier:
            barrier.wait(timeout=30)
        response = client.post(
            f"/ideas/{idea_id}/vote",
            data={"vote": "1" if on else "0"},
            headers=HTMX if i % 2 else {},
        )
        return response.status_code

    if not parallel:
        return [post(i, uid) for i, uid in enumerate(user_ids)]
    with ThreadPoolExecutor(max_workers=len(user_ids)) as pool:
        return list(pool.map(post, range(len(user_ids)), user_ids))


# Truly parallel voters need a server database; SQLite serialises writers, so it runs serially.
MODES = [pytest.param(False, id="serial")] + (
    [pytest.param(True, id="parallel")] if TEST_DATABASE_URL else []
)


@pytest.mark.parametrize("parallel", MODES)
def test_concurrent_votes_are_counted_exactly(app, committed_voters, parallel):
    world = committed_voters

    statuses = _vote_all(app, world.idea_id, world.voter_ids, True, parallel)

    assert sorted(set(statuses)) == [200, 302]
    assert _committed_counts(app, world.idea_id) == (VOTERS, VOTERS)

    statuses = _vote_all(app, world.idea_id, world.voter_ids, False, parallel)

    assert sorted(set(statuses)) == [200, 302]
    assert _committed_counts(app, world.idea_id) == (0, 0)
