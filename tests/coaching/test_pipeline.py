"""The transition table, tested through the operations for every move, state and kind of actor."""

import pytest
from sqlalchemy import func, select

from ideasluss.core.errors import Refused
from ideasluss.core.models import AuditEntry
from ideasluss.extensions import db
from ideasluss.ideas.models import GateDecision, Idea
from ideasluss.ideas.operations import merge_ideas, move_idea
from ideasluss.ideas.pipeline import MOVES
from ideasluss.ideas.states import STATES

from .conftest import ACTOR_KINDS, PARALLEL, run_together

OPEN = {"submitted", "idea", "prestudy", "pilot", "implementation"}
COACHES = {"coach", "admin"}
DIRECTOR = {"admin"}
OWNER = {"owner"}

# What the design says, written out by hand (not read from MOVES): from where, to where, who.
EXPECTED = {
    "submit": ({"draft"}, "submitted", OWNER),
    "accept": ({"submitted"}, "idea", COACHES),
    "start_prestudy": ({"idea"}, "prestudy", COACHES),
    "start_pilot": ({"prestudy"}, "pilot", COACHES),
    "start_implementation": ({"pilot"}, "implementation", DIRECTOR),
    "complete": ({"implementation"}, "implemented", DIRECTOR),
    "park": (OPEN, "parked", COACHES),
    "resume": ({"parked"}, "idea", COACHES),  # make_idea parks ideas from "idea"
    "decline": (OPEN | {"parked"}, "declined", COACHES),
    "merge": (OPEN | {"parked"}, "merged", COACHES),
    "withdraw": (OPEN | {"draft", "parked"}, "withdrawn", OWNER),
}
FORWARD = ["accept", "start_prestudy", "start_pilot", "start_implementation", "complete"]
WITHOUT_MOTIVATION = {"submit", "withdraw"}
SOURCE_OF = {
    "accept": "submitted",
    "start_prestudy": "idea",
    "start_pilot": "prestudy",
    "start_implementation": "pilot",
    "complete": "implementation",
    "park": "idea",
    "resume": "parked",
    "decline": "pilot",
}
MOTIVATION = "Motiverat vid grindmötet."


def history(idea_id):
    return db.session.scalars(
        select(GateDecision).where(GateDecision.idea_id == idea_id).order_by(GateDecision.id)
    ).all()


def audits(action, idea_id):
    return db.session.scalars(
        select(AuditEntry).where(
            AuditEntry.action == action,
            AuditEntry.object_type == "ideas",
            AuditEntry.object_id == idea_id,
        )
    ).all()


def state_of(idea_id):
    return db.session.scalar(select(Idea.state).where(Idea.id == idea_id))


def make(code, idea, actor, make_idea, **kwargs):
    """Make move `code` through its operation (merging needs a target and its own operation)."""
    kwargs.setdefault("motivation", MOTIVATION)
    if code == "merge":
        target = make_idea(state="idea")
        return merge_ideas(idea, target, actor, motivation=kwargs["motivation"])
    kwargs.setdefault("checklist", [c.code for c in MOVES[code].checklist])
    return move_idea(idea, code, actor, **kwargs)


def idea_in(state, make_idea, **fields):
    """An idea in `state`; a merged one needs the idea it was merged into."""
    if state == "merged":
        fields["merged_into_id"] = make_idea(state="idea").id
    return make_idea(state=state, **fields)


def test_the_table_has_exactly_the_designed_moves():
    assert set(MOVES) == set(EXPECTED)
    assert {code for code, move in MOVES.items() if move.forward} == set(FORWARD)
    assert {code for code, move in MOVES.items() if not move.needs_motivation} == (
        WITHOUT_MOTIVATION
    )


@pytest.mark.parametrize("kind", ACTOR_KINDS)
@pytest.mark.parametrize("state", list(STATES))
@pytest.mark.parametrize("code", list(EXPECTED))
def test_every_move_from_every_state_by_every_actor(code, state, kind, make_idea, make_actor):
    sources, target, actors = EXPECTED[code]
    idea = idea_in(state, make_idea, visibility="public")
    actor = make_actor(kind, idea)
    allowed = state in sources and kind in actors

    if allowed:
        make(code, idea, actor, make_idea)
        assert state_of(idea.id) == target
        [decision] = history(idea.id)
        assert (decision.move, decision.from_state, decision.to_state) == (code, state, target)
        assert decision.actor_id == actor.id
        assert decision.motivation == MOTIVATION
        assert decision.checklist == {c.code: True for c in MOVES[code].checklist}
        [entry] = audits("idea.moved", idea.id)
        assert entry.actor_id == actor.id
        assert entry.data == {"move": code, "from_state": state, "to_state": target}
    else:
        with pytest.raises(Refused):
            make(code, idea, actor, make_idea)
        assert state_of(idea.id) == state
        assert history(idea.id) == []
        assert audits("idea.moved", idea.id) == []


@pytest.mark.parametrize("motivation", ["", "   \n "], ids=["empty", "blank"])
@pytest.mark.parametrize("code", sorted(set(EXPECTED) - WITHOUT_MOTIVATION))
def test_a_decision_without_motivation_is_refused(code, motivation, make_idea, make_user):
    coach = make_user("coach", "admin")
    idea = make_idea(state=SOURCE_OF.get(code, "idea"))

    with pytest.raises(Refused, match="motivering"):
        make(code, idea, coach, make_idea, motivation=motivation)

    assert state_of(idea.id) == SOURCE_OF.get(code, "idea")
    assert history(idea.id) == []


@pytest.mark.parametrize(
    ("code", "left_out"),
    [(code, check.code) for code in FORWARD for check in MOVES[code].checklist],
)
def test_a_forward_move_with_an_unticked_gate_item_is_refused(code, left_out, make_idea, make_user):
    director = make_user("coach", "admin")
    idea = make_idea(state=SOURCE_OF[code])
    ticked = [c.code for c in MOVES[code].checklist if c.code != left_out]

    with pytest.raises(Refused, match="Grinden kräver"):
        move_idea(idea, code, director, motivation=MOTIVATION, checklist=ticked)

    assert state_of(idea.id) == SOURCE_OF[code]
    assert history(idea.id) == []


@pytest.mark.parametrize("state", sorted(OPEN))
def test_a_parked_idea_resumes_to_the_state_it_left(state, make_idea, make_user):
    coach = make_user("coach")
    idea = make_idea(state=state)

    move_idea(idea, "park", coach, motivation="Väntar på budget.", expected_state=state)
    assert (idea.state, idea.parked_from) == ("parked", state)
    move_idea(idea, "resume", coach, motivation="Budgeten finns.", expected_state="parked")

    assert state_of(idea.id) == state
    assert idea.parked_from is None
    assert [(d.from_state, d.to_state) for d in history(idea.id)] == [
        (state, "parked"),
        ("parked", state),
    ]


def test_a_double_click_is_refused_and_leaves_one_history_row(make_idea, make_user):
    coach = make_user("coach")
    idea = make_idea(state="idea")
    checklist = [c.code for c in MOVES["start_prestudy"].checklist]

    move_idea(
        idea,
        "start_prestudy",
        coach,
        motivation=MOTIVATION,
        checklist=checklist,
        expected_state="idea",
    )
    with pytest.raises(Refused, match="redan flyttats"):
        move_idea(
            idea,
            "start_prestudy",
            coach,
            motivation=MOTIVATION,
            checklist=checklist,
            expected_state="idea",
        )

    assert state_of(idea.id) == "prestudy"
    assert len(history(idea.id)) == 1


def test_an_unknown_move_is_refused(make_idea, make_user):
    idea = make_idea(state="idea")
    with pytest.raises(Refused):
        move_idea(idea, "teleport", make_user("admin"), motivation=MOTIVATION)
    assert history(idea.id) == []


def _committed_idea(world):
    """A unit, an owner without e-mail, two coaches and an idea in "idea", all committed."""
    from ideasluss.accounts.models import Unit, User
    from ideasluss.core.session import commit

    with world.session() as session:
        unit = Unit(name="Samtidighetsförvaltningen", kind="forvaltning")
        owner = User(email=None, display_name="Ägare", unit=unit)
        owner.set_roles({"employee"})
        coaches = []
        for n in (1, 2):
            coach = User(
                email=f"samtidig-coach-{n}@example.se", display_name=f"Coach {n}", unit=unit
            )
            coach.set_roles({"coach"})
            coaches.append(coach)
        idea = Idea(
            title="Samtidig idé",
            problem="P",
            proposal="F",
            owner=owner,
            unit=unit,
            state="idea",
            visibility="public",
        )
        session.add_all([unit, owner, *coaches, idea])
        session.flush()
        world.unit_ids.append(unit.id)
        world.user_ids.extend([owner.id, *(c.id for c in coaches)])
        world.idea_ids.append(idea.id)
        commit()
        return idea.id, [c.id for c in coaches]


def _start_prestudy(world, idea_id, coach_id):
    from ideasluss.accounts.models import User
    from ideasluss.core.session import commit

    with world.session() as session:
        coach = session.get(User, coach_id)
        idea = session.get(Idea, idea_id)
        try:
            move_idea(
                idea,
                "start_prestudy",
                coach,
                motivation=MOTIVATION,
                checklist=[c.code for c in MOVES["start_prestudy"].checklist],
                expected_state="idea",
            )
        except Refused as exc:
            session.rollback()
            return exc
        commit()
        return "moved"


@pytest.mark.parametrize("mode", ["one after the other"] + (["at once"] if PARALLEL else []))
def test_two_coaches_at_once_one_wins(mode, request, make_idea, make_user):
    """Two coaches start the förstudie together: one succeeds, one is refused, one history row."""
    if mode == "at once":
        world = request.getfixturevalue("committed")
        idea_id, (first, second) = _committed_idea(world)
        results = run_together(
            lambda: _start_prestudy(world, idea_id, first),
            lambda: _start_prestudy(world, idea_id, second),
        )
        with world.session() as session:
            rows = session.scalars(select(GateDecision).where(GateDecision.idea_id == idea_id))
            rows = rows.all()
            state = session.scalar(select(Idea.state).where(Idea.id == idea_id))
    else:
        idea = make_idea(state="idea")
        coaches = [make_user("coach"), make_user("coach")]
        idea_id = idea.id
        results = []
        for coach in coaches:
            try:
                move_idea(
                    idea,
                    "start_prestudy",
                    coach,
                    motivation=MOTIVATION,
                    checklist=[c.code for c in MOVES["start_prestudy"].checklist],
                    expected_state="idea",
                )
                results.append("moved")
            except Refused as exc:
                results.append(exc)
        rows, state = history(idea_id), state_of(idea_id)

    assert sorted(map(type, results), key=str) == sorted([str, Refused], key=str)
    [refusal] = [r for r in results if isinstance(r, Refused)]
    assert "redan flyttats" in refusal.message
    assert state == "prestudy"
    assert len(rows) == 1


# Merging


def test_merging_moves_votes_once_per_person_followers_and_team(make_idea, make_user):
    from ideasluss.ideas.models import Follow, TeamMember, Vote

    coach = make_user("coach")
    both, only_dup, only_target = make_user(), make_user("resident"), make_user()
    co_innovator = make_user()
    duplicate = make_idea(state="submitted", team=[co_innovator])
    target = make_idea(state="prestudy")
    for idea, voters in ((duplicate, [both, only_dup]), (target, [both, only_target])):
        for voter in voters:
            db.session.add(Vote(idea_id=idea.id, user_id=voter.id))
            db.session.add(Follow(idea_id=idea.id, user_id=voter.id))
        idea.vote_count = idea.follower_count = len(voters)
    db.session.flush()

    result = merge_ideas(
        duplicate, target, coach, motivation="Samma idé om matsvinn.", expected_state="submitted"
    )

    assert result.id == target.id
    merged = db.session.get(Idea, duplicate.id)
    kept = db.session.get(Idea, target.id)
    assert (merged.state, merged.merged_into_id) == ("merged", target.id)
    voters = set(db.session.scalars(select(Vote.user_id).where(Vote.idea_id == target.id)))
    assert voters == {both.id, only_dup.id, only_target.id}
    followers = set(db.session.scalars(select(Follow.user_id).where(Follow.idea_id == target.id)))
    assert followers == {both.id, only_dup.id, only_target.id}
    assert (kept.vote_count, kept.follower_count) == (3, 3)
    assert (merged.vote_count, merged.follower_count) == (0, 0)
    left = db.session.scalar(select(func.count()).where(Vote.idea_id == duplicate.id))
    assert left == 0
    team = set(
        db.session.scalars(select(TeamMember.user_id).where(TeamMember.idea_id == target.id))
    )
    assert team == {duplicate.owner_id, co_innovator.id}
    [entry] = audits("idea.merged", duplicate.id)
    assert entry.data == {"into": target.id} and entry.actor_id == coach.id
    [decision] = history(duplicate.id)
    assert (decision.from_state, decision.to_state) == ("submitted", "merged")


@pytest.mark.parametrize("target_state", ["declined", "merged", "withdrawn", "implemented"])
def test_merging_into_a_closed_idea_is_refused(target_state, make_idea, make_user):
    duplicate = make_idea(state="submitted")
    target = idea_in(target_state, make_idea)

    with pytest.raises(Refused):
        merge_ideas(duplicate, target, make_user("coach"), motivation=MOTIVATION)

    assert state_of(duplicate.id) == "submitted"
    assert history(duplicate.id) == []


def test_an_idea_cannot_be_merged_into_itself(make_idea, make_user):
    idea = make_idea(state="idea")
    with pytest.raises(Refused):
        merge_ideas(idea, idea, make_user("coach"), motivation=MOTIVATION)
    assert history(idea.id) == []
