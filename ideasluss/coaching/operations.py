"""Coach operations: triage, coach assignment, mentor notes. They flush and log; callers commit."""

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..accounts.models import User, UserRole
from ..core.audit import log_action
from ..core.errors import Refused
from ..extensions import db
from ..ideas.models import CLASSIFICATIONS, MentorNote
from ..ideas.operations import lock_idea, move_idea
from ..notifications.operations import notify

NOTE_MAX = 5000
# States where an idea has no use for a coach any more (or not yet).
NO_COACH_STATES = frozenset({"draft", "merged", "withdrawn"})

IMPROVEMENT_POINTER = _l(
    "Förslaget är ett förbättringsförslag snarare än en innovation: det förbättrar det som redan "
    "finns men är inte väsentligt nytt. Det hör hemma i enhetens ordinarie arbete med ständiga "
    "förbättringar. Ta upp det med din chef eller på enhetens förbättringstavla, så kan det "
    "genomföras där utan att gå genom idéslussen."
)


def coaches():
    """Every active user holding the coach role, by name (for the coach selects)."""
    return db.session.scalars(
        select(User)
        .where(
            User.id.in_(select(UserRole.user_id).where(UserRole.role == "coach")),
            User.active,
            User.deleted_at.is_(None),
        )
        .order_by(User.display_name, User.id)
    ).all()


def _check_coach(user):
    if user is None or not user.has_role("coach") or not user.is_active:
        raise Refused(_l("Välj en person som är innovationscoach."))


def _check_actor(actor):
    if not actor.is_authenticated or not actor.has_role("coach", "admin"):
        raise Refused(_l("Bara innovationscoacher och administratörer kan göra det här."))


def triage_idea(
    idea,
    coach,
    *,
    classification,
    coach_user=None,
    themes=(),
    value_kinds=(),
    motivation="",
    checklist=(),
    expected_state=None,
):
    """Triage a submitted idea as `coach`.

    An innovation is accepted into the pipeline (move "accept") with its coach, themes, value
    kinds and classification; an improvement suggestion is declined with a pointer to the
    unit's ordinary improvement work.
    """
    _check_actor(coach)
    if classification not in CLASSIFICATIONS:
        raise Refused(_l("Välj om idén är en innovation eller ett förbättringsförslag."))
    motivation = (motivation or "").strip()
    if not motivation:
        raise Refused(_l("Skriv en motivering till beslutet."))
    if classification == "improvement":
        # Kept in the history in Swedish, the language the idea's readers share.
        with force_locale("sv"):
            pointer = str(IMPROVEMENT_POINTER)
        return move_idea(
            idea,
            "decline",
            coach,
            motivation=f"{motivation}\n\n{pointer}",
            expected_state=expected_state,
            classification="improvement",
        )
    _check_coach(coach_user)
    previous_coach = idea.coach_id
    idea = move_idea(
        idea,
        "accept",
        coach,
        motivation=motivation,
        checklist=checklist,
        expected_state=expected_state,
        classification="innovation",
        coach_id=coach_user.id,
    )
    idea.themes = themes
    idea.value_kinds = value_kinds
    db.session.flush()
    if previous_coach != coach_user.id:
        _coach_assigned(idea, coach_user, coach)
    return idea


def _coach_assigned(idea, coach_user, actor):
    log_action("idea.coach_assigned", idea, actor=actor, coach=coach_user.id)
    notify("assigned", idea, actor, recipients={coach_user.id})


def assign_coach(idea, coach_user, actor):
    """Make `coach_user` (who must hold the coach role) the idea's coach and tell them."""
    _check_actor(actor)
    _check_coach(coach_user)
    idea = lock_idea(idea.id)
    if idea.state in NO_COACH_STATES:
        raise Refused(_l("Idén kan inte få en coach när den är %(state)s.", state=idea.state_label))
    if idea.coach_id == coach_user.id:
        return idea
    idea.coach_id = coach_user.id
    db.session.flush()
    _coach_assigned(idea, coach_user, actor)
    return idea


def add_mentor_note(idea, author, body):
    """Add a private mentor note, read by coaches, the idea's team and admins only."""
    _check_actor(author)
    if idea.state == "draft" or not idea.can_view(author):
        raise Refused(_l("Du kan inte skriva anteckningar på den här idén."))
    body = (body or "").strip()
    if not body:
        raise Refused(_l("Skriv något i anteckningen."))
    if len(body) > NOTE_MAX:
        raise Refused(_l("Anteckningen får vara högst %(n)s tecken.", n=NOTE_MAX))
    note = MentorNote(idea_id=idea.id, author_id=author.id, body=body)
    db.session.add(note)
    db.session.flush()
    return note


def mentor_notes(idea):
    """An idea's mentor notes, newest first (callers check `idea.can_see_notes`)."""
    return db.session.scalars(
        select(MentorNote)
        .where(MentorNote.idea_id == idea.id)
        .order_by(MentorNote.created_at.desc(), MentorNote.id.desc())
    ).all()
