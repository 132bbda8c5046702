"""Property: whatever the data, the API never shows an internal idea, a draft (or a merged or
withdrawn idea) or personal data: no e-mail address, no name a person chose to hide, no name of a
deleted account. Each example builds a random data set in a savepoint and rolls it back."""

from datetime import datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ideasluss.accounts.models import User
from ideasluss.core.models import utcnow
from ideasluss.extensions import db
from ideasluss.followup import cache
from ideasluss.ideas.models import THEMES, Comment, GateDecision, Idea, TeamMember, Vote
from ideasluss.ideas.states import LISTED_STATES, STATES

PEOPLE = ["shown resident", "hidden resident", "employee", "deleted"]
SECRET_WORDS = ("Hemlig", "Dold", "Raderad", "@")

idea_specs = st.lists(
    st.fixed_dictionaries(
        {
            "owner": st.sampled_from(PEOPLE),
            "visibility": st.sampled_from(["public", "internal"]),
            "state": st.sampled_from(list(STATES)),
            "theme": st.sampled_from(list(THEMES)),
            "team_mate": st.sampled_from([None, *PEOPLE]),
            "commenter": st.sampled_from([None, *PEOPLE]),
            "voter": st.sampled_from([None, *PEOPLE]),
        }
    ),
    min_size=1,
    max_size=8,
)


def make_people(unit, n):
    """One of each kind; every name and address that must never appear says so."""

    def person(kind, i):
        user = User(
            email=f"person{n}-{i}@example.se",
            display_name={
                "shown resident": f"Synlig {n}-{i}",
                "hidden resident": f"Dold {n}-{i}",
                "employee": f"Medarbetare {n}-{i}",
                "deleted": f"Raderad {n}-{i}",
            }[kind],
            show_name=kind != "hidden resident",
            unit=unit if kind in ("employee", "deleted") else None,
        )
        user.set_roles({"employee"} if kind == "employee" else {"resident"})
        if kind == "deleted":
            user.deleted_at, user.active = utcnow(), False
        db.session.add(user)
        return user

    people = {kind: person(kind, i) for i, kind in enumerate(PEOPLE)}
    db.session.flush()
    return people


def build(specs, unit, n):
    people = make_people(unit, n)
    created = datetime(2026, 3, 1)
    ideas = []
    for i, spec in enumerate(specs):
        state, visibility = spec["state"], spec["visibility"]
        shown = visibility == "public" and state in LISTED_STATES
        idea = Idea(
            title=f"Publik idé {n}-{i}" if shown else f"Hemlig idé {n}-{i}",
            problem=f"Problem {n}-{i}.",
            proposal=f"Förslag {n}-{i}.",
            owner=people[spec["owner"]],
            unit_id=unit.id,
            state=state,
            visibility=visibility,
            created_at=created + timedelta(hours=i),
            parked_from="idea" if state == "parked" else None,
            merged_into_id=ideas[0][0].id if state == "merged" and ideas else None,
        )
        if state == "merged" and not ideas:
            idea.state = "declined"  # nothing to merge into yet
            shown = visibility == "public"
            idea.title = f"Publik idé {n}-{i}" if shown else f"Hemlig idé {n}-{i}"
        idea.themes = [spec["theme"]]
        db.session.add(idea)
        db.session.flush()
        if idea.state != "draft":
            db.session.add(
                GateDecision(
                    idea_id=idea.id,
                    actor_id=idea.owner_id,
                    move="submit",
                    from_state="draft",
                    to_state="submitted",
                    motivation="Hemlig motivering.",
                    created_at=idea.created_at + timedelta(minutes=5),
                )
            )
        if spec["team_mate"] and people[spec["team_mate"]].id != idea.owner_id:
            db.session.add(TeamMember(idea_id=idea.id, user_id=people[spec["team_mate"]].id))
        if spec["commenter"]:
            db.session.add(
                Comment(
                    idea_id=idea.id,
                    author_id=people[spec["commenter"]].id,
                    body="Hemlig kommentar, mejla mig på person@example.se",
                )
            )
        if spec["voter"]:
            db.session.add(Vote(idea_id=idea.id, user_id=people[spec["voter"]].id))
        ideas.append((idea, shown))
    db.session.flush()
    return ideas


def bodies(client, ideas):
    """Every answer the API gives about this data set: (path, status, text)."""
    seen = []
    cursor = None
    listed = []
    for _ in range(50):
        path = "/api/v1/ideas?limit=3" + (f"&cursor={cursor}" if cursor else "")
        response = client.get(path)
        seen.append((path, response.status_code, response.get_data(as_text=True)))
        listed += [item["id"] for item in response.json["items"]]
        cursor = response.json["next_cursor"]
        if cursor is None:
            break
    for path in (
        "/api/v1/ideas.csv",
        "/api/v1/challenges",
        "/api/v1/units",
        "/api/v1/units.csv",
        "/api/v1/indicators",
        "/api/v1/indicators?format=csv",
    ):
        response = client.get(path)
        seen.append((path, response.status_code, response.get_data(as_text=True)))
    for idea, _shown in ideas:
        path = f"/api/v1/ideas/{idea.id}"
        response = client.get(path)
        seen.append((path, response.status_code, response.get_data(as_text=True)))
    return listed, seen


@given(specs=idea_specs)
@settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_the_api_never_shows_what_is_not_public(client, make_unit, specs):
    unit = make_unit()
    nested = db.session.begin_nested()
    try:
        ideas = build(specs, unit, unit.id)
        listed, seen = bodies(client, ideas)

        public_ids = sorted(idea.id for idea, shown in ideas if shown)
        assert listed == public_ids  # every public idea, once, in order; nothing else
        for idea, shown in ideas:
            status = next(s for p, s, _ in seen if p == f"/api/v1/ideas/{idea.id}")
            assert status == (200 if shown else 404)
        for path, status, text in seen:
            assert status in (200, 404), path
            for word in SECRET_WORDS:
                assert word not in text, f"{word!r} in {path}"
    finally:
        nested.rollback()
        cache.invalidate_all()
