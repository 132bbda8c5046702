"""A few demo-like ideas for the open data API: public and internal, drafts, hidden names."""

from datetime import date, datetime, timedelta
from types import SimpleNamespace

import pytest

from ideasluss.extensions import db
from ideasluss.ideas.models import Adoption, Challenge, Comment, GateDecision, Idea, TeamMember
from tests.followup.conftest import _fresh_accounts_cache, ledger  # noqa: F401  (fixtures)

HISTORY = {
    "submitted": ["submitted"],
    "idea": ["submitted", "idea"],
    "prestudy": ["submitted", "idea", "prestudy"],
    "pilot": ["submitted", "idea", "prestudy", "pilot"],
    "implemented": ["submitted", "idea", "prestudy", "pilot", "implementation", "implemented"],
    "declined": ["submitted", "declined"],
    "parked": ["submitted", "idea", "parked"],
    "withdrawn": ["submitted", "withdrawn"],
    "merged": ["submitted", "merged"],
    "draft": [],
}
MOVES = {
    "submitted": "submit",
    "idea": "accept",
    "prestudy": "start_prestudy",
    "pilot": "start_pilot",
    "implementation": "start_implementation",
    "implemented": "complete",
    "declined": "decline",
    "parked": "park",
    "withdrawn": "withdraw",
    "merged": "merge",
}


@pytest.fixture
def add_idea(make_user):
    """add_idea(owner, state, visibility="public", unit=None, title=..., themes=(), ...)."""
    counter = iter(range(1, 100_000))
    start = datetime(2026, 1, 5, 9, 0)

    def add(owner, state, visibility="public", unit=None, title=None, themes=(), **extra):
        n = next(counter)
        created = start + timedelta(days=n)
        idea = Idea(
            title=title or f"Idé {n}",
            problem=f"Problemet i idé {n}.",
            proposal=f"Förslaget i idé {n}.",
            value=f"Värdet av idé {n}.",
            owner=owner,
            unit_id=(unit or owner.unit).id if (unit or owner.unit) else None,
            state=state,
            visibility=visibility,
            created_at=created,
            updated_at=created,
            **extra,
        )
        if state == "parked":
            idea.parked_from = "idea"
        if HISTORY[state]:
            idea.submitted_at = created + timedelta(hours=1)
            idea.state_changed_at = created + timedelta(hours=len(HISTORY[state]))
        idea.themes = themes
        db.session.add(idea)
        db.session.flush()  # once: a second flush would set updated_at to now
        previous = "draft"
        for i, to_state in enumerate(HISTORY[state]):
            db.session.add(
                GateDecision(
                    idea_id=idea.id,
                    actor_id=owner.id,
                    move=MOVES[to_state],
                    from_state=previous,
                    to_state=to_state,
                    motivation=f"Hemlig motivering {n}.",
                    created_at=created + timedelta(hours=i + 1),
                )
            )
            previous = to_state
        db.session.flush()
        return idea

    return add


@pytest.fixture
def open_data(make_unit, make_user, add_idea, save):
    """Public ideas in several states, internal ideas, drafts, people showing their name and not."""
    trafik = make_unit("Trafikkontoret")
    miljo = make_unit("Miljöförvaltningen")
    shown = make_user("resident", name="Synlig Invånare", email="synlig@example.se")
    hidden = make_user("resident", name="Dold Invånare", email="dold@example.se", show_name=False)
    staff = make_user("employee", unit=trafik, name="Maria Medarbetare", email="maria@stad.se")
    mate = make_user("employee", unit=miljo, name="Teamkamrat Hemlig", email="team@stad.se")
    challenge = Challenge(
        title="Tryggare cykelvägar",
        description="Hur gör vi cykelvägarna tryggare?",
        unit_id=trafik.id,
        opens_on=date(2026, 1, 1),
        closes_on=date(2099, 12, 31),
        created_by_id=staff.id,
    )
    db.session.add(challenge)
    db.session.flush()
    public = [
        add_idea(shown, "submitted", unit=trafik, themes=["mobilitet"], challenge_id=challenge.id),
        add_idea(hidden, "idea", unit=trafik, themes=["trygghet"]),
        add_idea(staff, "prestudy", themes=["mobilitet", "klimat"], value_economic=True),
        add_idea(staff, "pilot", unit=miljo, themes=["klimat"]),
        add_idea(shown, "implemented", unit=miljo, themes=["klimat"]),
        add_idea(hidden, "declined", unit=trafik),
        add_idea(staff, "parked", unit=trafik),
    ]
    internal = [
        add_idea(staff, "idea", visibility="internal", title="Intern idé om löner"),
        add_idea(staff, "implemented", visibility="internal", title="Intern införd idé"),
    ]
    hidden_ideas = [
        add_idea(shown, "draft", title="Utkast som ingen ska se"),
        add_idea(staff, "withdrawn", title="Återtagen idé"),
        add_idea(staff, "merged", title="Sammanslagen idé", merged_into_id=public[0].id),
    ]
    db.session.add(TeamMember(idea_id=public[2].id, user_id=mate.id))
    db.session.add(Adoption(idea_id=public[4].id, unit_id=trafik.id, recorded_by_id=staff.id))
    db.session.add(
        Comment(idea_id=public[0].id, author_id=hidden.id, body="Kontakta dold@example.se")
    )
    db.session.flush()
    save()
    return SimpleNamespace(
        trafik=trafik,
        miljo=miljo,
        shown=shown,
        hidden=hidden,
        staff=staff,
        mate=mate,
        challenge=challenge,
        public=public,
        internal=internal,
        hidden_ideas=hidden_ideas,
    )
