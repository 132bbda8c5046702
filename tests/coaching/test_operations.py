"""Coach operations called directly: triage, assigning a coach and mentor notes."""

import pytest
from sqlalchemy import func, select

from ideasluss.coaching import operations
from ideasluss.core.errors import Refused
from ideasluss.core.models import AuditEntry
from ideasluss.extensions import db
from ideasluss.ideas.models import GateDecision, MentorNote
from ideasluss.ideas.pipeline import MOVES
from ideasluss.notifications.models import Notification

ACCEPT = [c.code for c in MOVES["accept"].checklist]


def count(model, *where):
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def assigned_notes(user):
    return count(Notification, Notification.user_id == user.id, Notification.kind == "assigned")


def test_triage_as_innovation_sets_everything_and_tells_the_new_coach(make_idea, make_user):
    triager, new_coach = make_user("coach"), make_user("coach")
    idea = make_idea(themes=["skola"])

    operations.triage_idea(
        idea,
        triager,
        classification="innovation",
        coach_user=new_coach,
        themes=["klimat", "okänt-tema"],
        value_kinds=["social"],
        motivation="Ett språng.",
        checklist=ACCEPT,
        expected_state="submitted",
    )

    assert (idea.state, idea.classification, idea.coach_id) == ("idea", "innovation", new_coach.id)
    assert idea.themes == ["klimat"] and idea.value_kinds == ["social"]
    assert assigned_notes(new_coach) == 1
    assert count(AuditEntry, AuditEntry.action == "idea.coach_assigned") == 1


def test_a_coach_who_takes_the_idea_themself_gets_no_notification(make_idea, make_user):
    coach = make_user("coach")
    idea = make_idea()

    operations.triage_idea(
        idea,
        coach,
        classification="innovation",
        coach_user=coach,
        motivation="Ja.",
        checklist=ACCEPT,
    )

    assert idea.coach_id == coach.id and assigned_notes(coach) == 0


def test_triage_as_improvement_declines_with_the_pointer(make_idea, make_user):
    idea = make_idea()

    operations.triage_idea(
        idea, make_user("coach"), classification="improvement", motivation="En bra justering."
    )

    [decision] = db.session.scalars(select(GateDecision).where(GateDecision.idea_id == idea.id))
    assert (idea.state, idea.classification) == ("declined", "improvement")
    assert decision.move == "decline" and "ständiga förbättringar" in decision.motivation


@pytest.mark.parametrize(
    ("actor_role", "changes", "message"),
    [
        ("employee", {}, "Bara innovationscoacher"),
        ("coach", {"classification": "okänd"}, "Välj om idén"),
        ("coach", {"motivation": " "}, "Skriv en motivering"),
        ("coach", {"coach_user": None}, "innovationscoach"),
        ("coach", {"coach_user": "employee"}, "innovationscoach"),
        ("coach", {"checklist": ACCEPT[1:]}, "Grinden kräver"),
        ("coach", {"expected_state": "idea"}, "redan flyttats"),
    ],
    ids=[
        "not a coach",
        "bad class",
        "no motivation",
        "no coach",
        "coach not a coach",
        "gate",
        "stale",
    ],
)
def test_refused_triage_changes_nothing(actor_role, changes, message, make_idea, make_user):
    idea = make_idea()
    kwargs = {
        "classification": "innovation",
        "coach_user": make_user("coach"),
        "motivation": "Motivering.",
        "checklist": ACCEPT,
        "expected_state": "submitted",
        **changes,
    }
    if kwargs["coach_user"] == "employee":
        kwargs["coach_user"] = make_user("employee")

    with pytest.raises(Refused, match=message):
        operations.triage_idea(idea, make_user(actor_role), **kwargs)

    assert (idea.state, idea.coach_id, idea.classification) == ("submitted", None, None)
    assert count(GateDecision, GateDecision.idea_id == idea.id) == 0


def test_assigning_a_coach_is_logged_and_told_once(make_idea, make_user):
    admin, coach = make_user("admin"), make_user("coach")
    idea = make_idea(state="pilot")

    operations.assign_coach(idea, coach, admin)
    operations.assign_coach(idea, coach, admin)  # the same again changes nothing

    assert idea.coach_id == coach.id
    assert assigned_notes(coach) == 1
    [entry] = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "idea.coach_assigned")
    )
    assert entry.actor_id == admin.id and entry.data == {"coach": coach.id}


@pytest.mark.parametrize(
    ("actor_role", "coach_role", "state"),
    [
        ("employee", "coach", "idea"),
        ("committee", "coach", "idea"),
        ("coach", "employee", "idea"),
        ("coach", "admin", "idea"),
        ("coach", "coach", "draft"),
        ("coach", "coach", "withdrawn"),
    ],
)
def test_refused_assignments(actor_role, coach_role, state, make_idea, make_user):
    idea = make_idea(state=state)

    with pytest.raises(Refused):
        operations.assign_coach(idea, make_user(coach_role), make_user(actor_role))

    assert idea.coach_id is None and count(AuditEntry) == 0


@pytest.mark.parametrize("role", ["coach", "admin"])
def test_coaches_and_admins_write_mentor_notes(role, make_idea, make_user):
    author = make_user(role)
    idea = make_idea(state="prestudy", visibility="internal")

    note = operations.add_mentor_note(idea, author, "  Ring budgetansvarig.  ")

    assert note.body == "Ring budgetansvarig." and note.author_id == author.id
    assert operations.mentor_notes(idea) == [note]


@pytest.mark.parametrize(
    ("role", "body", "state"),
    [
        ("employee", "Text", "idea"),
        ("resident", "Text", "idea"),
        ("owner", "Text", "idea"),
        ("coach", "   ", "idea"),
        ("coach", "x" * (operations.NOTE_MAX + 1), "idea"),
        ("coach", "Text", "draft"),
    ],
    ids=["employee", "resident", "owner", "empty", "too long", "draft"],
)
def test_refused_mentor_notes(role, body, state, make_idea, make_user):
    idea = make_idea(state=state)
    author = idea.owner if role == "owner" else make_user(role)

    with pytest.raises(Refused):
        operations.add_mentor_note(idea, author, body)

    assert count(MentorNote) == 0
