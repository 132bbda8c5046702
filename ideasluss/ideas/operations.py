"""Idea operations: they change objects, flush, log and queue notifications; callers commit."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm.attributes import set_committed_value

from ..core.audit import log_action
from ..core.errors import Refused
from ..core.models import utcnow
from ..core.search import index_idea
from ..extensions import db
from ..ip.operations import require_acknowledgement
from ..notifications.operations import coaches_for, notify
from .models import Follow, GateDecision, Idea, TeamMember, Vote
from .pipeline import MOVES
from .states import OPEN_STATES

EDITABLE_FIELDS = ("title", "problem", "proposal", "value", "visibility", "unit_id", "challenge_id")


def lock_idea(idea_id):
    """Load an idea for a change, holding its row until the commit (PostgreSQL)."""
    idea = db.session.scalars(
        select(Idea)
        .where(Idea.id == idea_id)
        .with_for_update(of=Idea)
        .execution_options(populate_existing=True)
    ).first()
    if idea is None:
        raise Refused(_l("Idén finns inte längre."))
    return idea


def _check_fields(user, fields):
    if user.has_role("resident") and not user.is_staff and fields.get("visibility") != "public":
        raise Refused(_l("Idéer från invånare är alltid offentliga."))
    challenge = fields.get("challenge")
    if challenge is not None and not challenge.is_open():
        raise Refused(_l("Utmaningen är stängd och tar inte emot nya idéer."))


def create_idea(owner, *, themes=(), value_kinds=(), team=(), challenge=None, **fields):
    """Save a new idea as a draft owned by `owner`."""
    fields.setdefault("visibility", "public")
    _check_fields(owner, {**fields, "challenge": challenge})
    idea = Idea(owner=owner, state="draft", challenge=challenge, **fields)
    if fields.get("unit_id") is None and owner.unit_id:
        idea.unit_id = owner.unit_id
    idea.themes = themes
    idea.value_kinds = value_kinds
    idea.team = [TeamMember(user_id=u.id) for u in team if u.id != owner.id]
    db.session.add(idea)
    db.session.flush()
    index_idea(idea)
    return idea


def update_idea(idea, actor, *, version, themes, value_kinds, team=None, challenge=None, **fields):
    """Edit an idea; refused when someone else saved it after `version` was read."""
    if not idea.can_edit(actor):
        raise Refused(_l("Du kan inte ändra den här idén."))
    if int(version) != idea.version:
        raise Refused(
            _l(
                "Någon annan har ändrat idén medan du redigerade. Ladda om sidan och gör om "
                "dina ändringar; inget har sparats."
            )
        )
    # A challenge that closed after the idea answered it stays; only a new one must be open.
    kept = challenge is not None and challenge.id == idea.challenge_id
    newly_chosen = None if kept else challenge
    _check_fields(actor, {**fields, "challenge": newly_chosen})
    old_challenge = idea.challenge_id
    for name, value in fields.items():
        setattr(idea, name, value)
    idea.challenge = challenge
    idea.themes = themes
    idea.value_kinds = value_kinds
    if team is not None:
        wanted = {u.id for u in team} - {idea.owner_id}
        idea.team = [m for m in idea.team if m.user_id in wanted] + [
            TeamMember(user_id=uid) for uid in sorted(wanted - idea.team_user_ids)
        ]
    idea.last_activity_at = utcnow()
    db.session.flush()
    if old_challenge != idea.challenge_id and idea.state != "draft":
        _recount_challenge(old_challenge)
        _recount_challenge(idea.challenge_id)
    index_idea(idea)
    return idea


def _recount_challenge(challenge_id):
    from .models import Challenge

    if challenge_id is None:
        return
    from sqlalchemy import func

    count = (
        select(func.count(Idea.id))
        .where(Idea.challenge_id == challenge_id, Idea.state.notin_(("draft", "merged")))
        .scalar_subquery()
    )
    db.session.execute(
        update(Challenge).where(Challenge.id == challenge_id).values(idea_count=count)
    )


def submit_idea(idea, actor, *, acknowledged_ip):
    """Send a draft to the coaches' triage inbox, acknowledging the IP principles in force."""
    for field, label in (
        ("title", _l("rubrik")),
        ("problem", _l("problem")),
        ("proposal", _l("förslag")),
    ):
        if not (getattr(idea, field) or "").strip():
            raise Refused(_l("Fyll i %(field)s innan du skickar in idén.", field=label))
    require_acknowledgement(actor, "idea", idea.id, acknowledged_ip)
    idea = move_idea(idea, "submit", actor, expected_state="draft")
    idea.submitted_at = idea.state_changed_at
    _recount_challenge(idea.challenge_id)
    notify("new_idea", idea, actor, recipients=coaches_for(idea))
    return idea


def move_idea(idea, code, actor, *, motivation="", checklist=(), expected_state=None, **extra):
    """Make one move of the transition table, as a gate decision in the idea's history.

    Refused, changing nothing, when the move is unknown, not allowed for `actor`, not possible
    from the idea's state, or stale (the idea left `expected_state` meanwhile: two coaches at
    once, a double click).
    """
    move = MOVES.get(code)
    if move is None:
        raise Refused(_l("Okänt beslut."))
    idea = lock_idea(idea.id)
    if expected_state is not None and idea.state != expected_state:
        raise Refused(
            _l(
                "Idén har redan flyttats till %(state)s av någon annan. Inget har ändrats.",
                state=idea.state_label,
            )
        )
    if idea.state not in move.sources:
        raise Refused(
            _l(
                "Beslutet ”%(move)s” går inte att fatta när idén är %(state)s.",
                move=move.label,
                state=idea.state_label,
            )
        )
    if not move.allowed_for(idea, actor):
        raise Refused(_l("Du har inte behörighet att fatta det här beslutet."))
    motivation = (motivation or "").strip()
    if move.needs_motivation and not motivation:
        raise Refused(_l("Skriv en motivering till beslutet."))
    ticked = set(checklist)
    missing = [c.label for c in move.checklist if c.code not in ticked]
    if missing:
        raise Refused(_l("Grinden kräver: %(items)s.", items="; ".join(str(m) for m in missing)))

    source = idea.state
    target = move.target or idea.parked_from
    idea.parked_from = source if target == "parked" else None
    idea.state = target
    idea.state_changed_at = utcnow()
    idea.last_activity_at = idea.state_changed_at
    for name, value in extra.items():
        setattr(idea, name, value)
    db.session.add(
        GateDecision(
            idea_id=idea.id,
            actor_id=actor.id,
            move=code,
            from_state=source,
            to_state=target,
            motivation=motivation,
            checklist={c.code: True for c in move.checklist},
        )
    )
    db.session.flush()
    log_action("idea.moved", idea, actor=actor, move=code, from_state=source, to_state=target)
    if code != "submit":
        notify("state_change", idea, actor, **{"from": source, "to": target})
    return idea


def merge_ideas(idea, target, actor, *, motivation, expected_state=None):
    """Merge `idea` into `target`: votes (once per person), followers and team move over."""
    if target.id == idea.id:
        raise Refused(_l("En idé kan inte slås samman med sig själv."))
    if target.state not in OPEN_STATES | {"parked"}:
        raise Refused(_l("Idén du slår samman med måste vara öppen."))
    target = lock_idea(target.id)
    idea = move_idea(
        idea,
        "merge",
        actor,
        motivation=motivation,
        expected_state=expected_state,
        merged_into_id=target.id,
    )
    for model in (Vote, Follow):
        moved = select(model.user_id).where(model.idea_id == idea.id)
        already = select(model.user_id).where(model.idea_id == target.id)
        db.session.execute(
            insert(model).from_select(
                ["idea_id", "user_id"],
                select(target.id, model.user_id).where(
                    model.idea_id == idea.id, model.user_id.notin_(already)
                ),
            )
        )
        db.session.execute(delete(model).where(model.idea_id == idea.id, model.user_id.in_(moved)))
    people = idea.team_user_ids | {idea.owner_id}
    for uid in sorted(people - target.team_user_ids - {target.owner_id}):
        target.team.append(TeamMember(user_id=uid))
    db.session.flush()
    _recount(target.id)
    _recount(idea.id)
    log_action("idea.merged", idea, actor=actor, into=target.id)
    return target


def _recount(idea_id):
    """Set the vote and follower counters from their rows (after a merge moved them)."""
    from sqlalchemy import func

    db.session.execute(
        update(Idea)
        .where(Idea.id == idea_id)
        .values(
            vote_count=select(func.count()).where(Vote.idea_id == idea_id).scalar_subquery(),
            follower_count=select(func.count()).where(Follow.idea_id == idea_id).scalar_subquery(),
        )
        .execution_options(synchronize_session=False)
    )
    db.session.expire_all()


def _insert_once(model, **values):
    """Insert a row unless one with the same key exists; True when it was inserted.

    ON CONFLICT DO NOTHING rather than catching the error: on PostgreSQL a failed insert would
    need a savepoint around it to keep the transaction usable. RETURNING says whether a row went
    in (the ORM does not report a row count for this statement).
    """
    insert_ = pg_insert if db.engine.dialect.name == "postgresql" else sqlite_insert
    stmt = insert_(model).values(**values).on_conflict_do_nothing().returning(model.idea_id)
    return db.session.execute(stmt).first() is not None


def _toggle(model, counter, idea, user, on, *, touch=False):
    """Insert or delete a (idea, user) row and move the counter by exactly what changed.

    The counter moves in the same statement as a plain `x = x + 1`, so parallel requests never
    lose a count, and a duplicate insert (double click) changes nothing. `touch` also marks
    recent activity (without bumping the idea's edit version).
    """
    if on:
        if not _insert_once(model, idea_id=idea.id, user_id=user.id):
            return False
        delta = 1
    else:
        result = db.session.execute(
            delete(model).where(model.idea_id == idea.id, model.user_id == user.id)
        )
        if result.rowcount == 0:
            return False
        delta = -1
    column = getattr(Idea, counter)
    values = {counter: column + delta}
    if touch:
        values["last_activity_at"] = utcnow()
    count = db.session.execute(
        update(Idea)
        .where(Idea.id == idea.id)
        .values(values)
        .returning(column)
        .execution_options(synchronize_session=False)
    ).scalar_one()
    # The new count as the row now has it, so showing it needs no second query.
    set_committed_value(idea, counter, count)
    if touch:
        set_committed_value(idea, "last_activity_at", values["last_activity_at"])
    return True


def has_voted(idea, user):
    return user.is_authenticated and bool(
        db.session.scalar(
            select(Vote.user_id).where(Vote.idea_id == idea.id, Vote.user_id == user.id)
        )
    )


def vote(idea, user, on=True):
    """Give (or take back) one's vote; one per person, counted exactly."""
    if not idea.can_vote(user):
        raise Refused(_l("Det går inte att rösta på den här idén just nu."))
    return _toggle(Vote, "vote_count", idea, user, on, touch=True)


def is_following(idea, user):
    return user.is_authenticated and bool(
        db.session.scalar(
            select(Follow.user_id).where(Follow.idea_id == idea.id, Follow.user_id == user.id)
        )
    )


def follow(idea, user, on=True):
    """Follow or unfollow an idea to hear when it moves or gets comments."""
    if not user.is_authenticated or not idea.can_view(user):
        raise Refused(_l("Du kan inte följa den här idén."))
    return _toggle(Follow, "follower_count", idea, user, on)
