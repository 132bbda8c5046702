"""The coach's pages under /coach: triage inbox, my ideas, the board, decisions, notes, merging."""

import math
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import NamedTuple

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import format_date, get_timezone
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import false, func, select
from sqlalchemy.orm import raiseload

from ..accounts.models import Unit, User
from ..core import search
from ..core.errors import Refused
from ..core.models import utcnow
from ..core.permissions import get_or_404
from ..core.session import commit
from ..core.templating import link_by_id
from ..extensions import db, htmx, login_manager
from ..ideas.models import Idea
from ..ideas.operations import merge_ideas, move_idea
from ..ideas.pipeline import MOVES, moves_for
from ..ideas.states import MAIN_LINE, OPEN_STATES, STATES
from . import operations
from .forms import AssignForm, DecisionForm, MergeForm, NoteForm, TriageForm

bp = Blueprint("coach", __name__, url_prefix="/coach")

COACH_ROLES = ("coach", "admin")
BOARD_COLUMNS = ("idea", "prestudy", "pilot", "implementation", "parked")
BOARD_LIMIT = 300
MERGE_CANDIDATES = 20
# Submitting needs the IP acknowledgement and merging a target: they have their own forms.
DECIDED_ELSEWHERE = {"submit", "merge"}
SCOPES = {"mine": _l("Mina idéer"), "unit": _l("Min enhet"), "all": _l("Alla")}


@bp.before_request
def require_coach():
    """Every page under /coach is for coaches and administrators (sign-in first)."""
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if not current_user.has_role(*COACH_ROLES):
        abort(403)
    return None


def days_since(moment, now=None):
    """Whole days from `moment` until now (0 for none)."""
    if moment is None:
        return 0
    return max(((now or utcnow()) - moment).days, 0)


@bp.app_template_filter("days_since")
def days_since_filter(moment):
    return days_since(moment)


def in_state_since(idea):
    return idea.state_changed_at or idea.submitted_at or idea.created_at


def _scope(default):
    scope = request.args.get("scope", default)
    return scope if scope in SCOPES else default


def _scoped(stmt, scope):
    if scope == "mine":
        return stmt.where(Idea.coach_id == current_user.id)
    if scope == "unit":
        # Someone without a unit has no unit's ideas (rather than the ideas without a unit).
        return stmt.where(Idea.unit_id == current_user.unit_id if current_user.unit_id else false())
    return stmt


def _idea_for_coach(idea_id):
    idea = get_or_404(Idea, idea_id)
    if not idea.can_view(current_user):
        abort(404)
    return idea


def _coach_choices(field):
    field.choices = [(u.id, u.public_name) for u in operations.coaches()]


def _coach_by_id(user_id):
    return db.session.get(User, user_id) if user_id else None


def _refused(exc):
    """Undo whatever the refused operation had begun; nothing is changed."""
    db.session.rollback()
    return exc.message


# The triage inbox


def _day_formatter():
    """The `date` filter (medium format, in the user's time zone) for a list: the time zone
    and locale are looked up once and each day is formatted once."""
    tz = get_timezone()
    days = {}

    def day(moment):
        if not moment:
            return ""
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        # As flask_babel.to_user_timezone, whose normalize() after astimezone() changes nothing.
        local = moment.astimezone(tz).date()
        text = days.get(local)
        if text is None:
            text = days[local] = format_date(local, "medium")
        return text

    return day


INBOX_PER_PAGE = 50


class _Owner(NamedTuple):
    """The columns `User.public_name` reads."""

    display_name: str
    show_name: bool
    deleted_at: datetime | None


@dataclass(slots=True)
class InboxIdea:
    """One row of the inbox, read as columns (neither the idea's texts nor the owner's account
    are loaded) and with its links and date written out once here rather than in Jinja."""

    title: str
    internal: bool
    url: str
    triage_url: str
    submitted: str  # the `date` filter's text
    age: int  # whole days since it was submitted
    unit_name: str
    owner_name: str


@dataclass
class InboxPage:
    """One page of the inbox, with what the `pager` macro reads (as Flask-SQLAlchemy's)."""

    items: list
    page: int
    per_page: int
    total: int

    @property
    def pages(self):
        return math.ceil(self.total / self.per_page) if self.total else 0

    @property
    def has_prev(self):
        return self.page > 1

    @property
    def prev_num(self):
        return self.page - 1 if self.has_prev else None

    @property
    def has_next(self):
        return self.page < self.pages

    @property
    def next_num(self):
        return self.page + 1 if self.has_next else None


def _inbox_page(scope):
    """The page of submitted ideas asked for, oldest first, and how many there are: two plain
    column queries (an ORM load and Flask-SQLAlchemy's count of it cost several times more)."""
    number = request.args.get("page", 1, type=int)
    if number < 1:
        abort(404)
    waiting = Idea.state == "submitted"
    total = db.session.scalar(_scoped(select(func.count()).where(waiting), scope))
    rows = db.session.execute(
        _scoped(
            select(
                Idea.id,
                Idea.title,
                Idea.visibility,
                Idea.submitted_at,
                Unit.name,
                User.display_name,
                User.show_name,
                User.deleted_at,
            )
            .join(User, User.id == Idea.owner_id)
            .outerjoin(Unit, Unit.id == Idea.unit_id)
            .where(waiting),
            scope,
        )
        .order_by(Idea.submitted_at, Idea.id)
        .limit(INBOX_PER_PAGE)
        .offset((number - 1) * INBOX_PER_PAGE)
    ).all()
    if not rows and number != 1:
        abort(404)
    public_name = User.public_name.fget
    idea_url = link_by_id("ideas.detail", "idea_id")
    triage_url = link_by_id("coach.triage", "idea_id")
    day = _day_formatter()
    now = utcnow()
    items = [
        InboxIdea(
            title=title,
            internal=visibility == "internal",
            url=idea_url(idea_id),
            triage_url=triage_url(idea_id),
            submitted=day(submitted_at),
            age=days_since(submitted_at, now),
            unit_name="–" if unit is None else unit,
            owner_name=public_name(_Owner(*owner)),
        )
        for idea_id, title, visibility, submitted_at, unit, *owner in rows
    ]
    return InboxPage(items, number, INBOX_PER_PAGE, total)


@bp.get("/")
def inbox():
    """Submitted ideas waiting for triage, oldest first, with their age in days."""
    scope = _scope("all")
    return render_template(
        "coaching/inbox.html",
        page=_inbox_page(scope),
        scope=scope,
        scopes={k: v for k, v in SCOPES.items() if k != "mine"},
    )


@bp.route("/ideas/<int:idea_id>/triage", methods=["GET", "POST"])
def triage(idea_id):
    """Classify a submitted idea: accept an innovation with its coach, or decline a suggestion."""
    idea = _idea_for_coach(idea_id)
    form = TriageForm(
        expected_state=idea.state,
        themes=idea.themes,
        value_kinds=idea.value_kinds,
        coach_id=idea.coach_id or (current_user.id if current_user.has_role("coach") else None),
    )
    _coach_choices(form.coach_id)
    refused = None
    if request.method == "GET" and idea.state != "submitted":
        flash(_("Idén är redan triagerad. Här kan du fatta nästa beslut."), "warning")
        return redirect(url_for("coach.decide", idea_id=idea.id))
    if form.validate_on_submit():
        try:
            operations.triage_idea(
                idea,
                current_user,
                classification=form.classification.data,
                coach_user=_coach_by_id(form.coach_id.data),
                themes=form.themes.data,
                value_kinds=form.value_kinds.data,
                motivation=form.motivation.data,
                checklist=form.checklist.data,
                expected_state=form.expected_state.data or None,
            )
        except Refused as exc:
            refused = _refused(exc)
        else:
            commit()
            if form.classification.data == "innovation":
                flash(_("Idén är godkänd som innovation och har fått en coach."), "success")
            else:
                flash(_("Idén är avslutad som förbättringsförslag med en hänvisning."), "success")
            return redirect(url_for("coach.inbox"))
    return render_template("coaching/triage.html", idea=idea, form=form, refused=refused)


# Gate decisions


@bp.route("/ideas/<int:idea_id>/decide", methods=["GET", "POST"])
def decide(idea_id):
    """The gate decision form: the moves the person may make now, their checklists, a motivation."""
    idea = _idea_for_coach(idea_id)
    moves = moves_for(idea, current_user)
    form = DecisionForm(expected_state=idea.state, move=request.args.get("move"))
    form.move.choices = [(m.code, m.label) for m in moves]
    refused = None
    if form.validate_on_submit():
        move = MOVES.get(form.move.data)
        if move is None or move.code in DECIDED_ELSEWHERE:
            form.move.errors.append(_("Välj ett av besluten i listan."))
        else:
            try:
                move_idea(
                    idea,
                    move.code,
                    current_user,
                    motivation=form.motivation.data,
                    checklist=request.form.getlist(f"checklist-{move.code}"),
                    expected_state=form.expected_state.data or None,
                )
            except Refused as exc:
                refused = _refused(exc)
            else:
                commit()
                flash(
                    _("Beslutet är fattat: idén är nu %(state)s.", state=STATES[idea.state]),
                    "success",
                )
                return redirect(url_for("ideas.detail", idea_id=idea.id))
    ticked = set(request.form.getlist(f"checklist-{form.move.data}")) if form.move.data else set()
    return render_template(
        "coaching/decide.html",
        idea=idea,
        form=form,
        moves=moves,
        ticked=ticked,
        refused=refused,
        can_merge=current_user.has_role(*COACH_ROLES) and "merge" in _source_moves(idea),
    )


def _source_moves(idea):
    return {code for code, move in MOVES.items() if idea.state in move.sources}


# Merging


@bp.route("/ideas/<int:idea_id>/merge", methods=["GET", "POST"])
def merge(idea_id):
    """Merge a duplicate into another idea: pick the target by number or by searching titles."""
    idea = _idea_for_coach(idea_id)
    form = MergeForm(expected_state=idea.state)
    if request.method == "GET" and request.args.get("target", type=int):
        form.target_id.data = request.args.get("target", type=int)
    q = request.args.get("q", "").strip()
    candidates = _merge_candidates(idea, q) if q else []
    refused = None
    if form.validate_on_submit():
        target = db.session.get(Idea, form.target_id.data)
        if target is None or not target.can_view(current_user):
            form.target_id.errors.append(_("Det finns ingen idé med det numret."))
        else:
            try:
                target = merge_ideas(
                    idea,
                    target,
                    current_user,
                    motivation=form.motivation.data,
                    expected_state=form.expected_state.data or None,
                )
            except Refused as exc:
                refused = _refused(exc)
            else:
                commit()
                flash(_("Idéerna är sammanslagna. Det här är idén som finns kvar."), "success")
                return redirect(url_for("ideas.detail", idea_id=target.id))
    target = None
    if form.target_id.data and not form.target_id.errors:
        target = db.session.get(Idea, form.target_id.data)
        if target is not None and not target.can_view(current_user):
            target = None
    return render_template(
        "coaching/merge.html",
        idea=idea,
        form=form,
        q=q,
        candidates=candidates,
        target=target,
        refused=refused,
        mergeable="merge" in _source_moves(idea),
    )


def _merge_candidates(idea, q):
    """Open ideas the coach may see whose text shares a word with `q` (or whose number it is)."""
    states = OPEN_STATES | {"parked"}
    stmt = (
        select(Idea)
        .where(Idea.id != idea.id, Idea.state.in_(states))
        .options(raiseload(Idea.theme_rows), raiseload(Idea.team))
    )
    found = []
    if q.isdigit():
        by_number = db.session.scalars(stmt.where(Idea.id == int(q))).first()
        if by_number is not None:
            found.append(by_number)
    match = search.matching(Idea.id, q, any_term=True)
    if match is not None:
        where, rank = match
        found += db.session.scalars(
            stmt.where(where).order_by(rank, Idea.id.desc()).limit(MERGE_CANDIDATES)
        ).all()
    seen = set()
    result = []
    for candidate in found:
        if candidate.id not in seen and candidate.can_view(current_user):
            seen.add(candidate.id)
            result.append(candidate)
    return result


# My ideas and the board


@bp.get("/mine")
def mine():
    """The ideas I coach, grouped by state, with how long each has been in its state."""
    ideas = db.session.scalars(
        select(Idea)
        .where(Idea.coach_id == current_user.id)
        .options(raiseload(Idea.theme_rows), raiseload(Idea.team))
        .order_by(Idea.state_changed_at, Idea.id)
    ).all()
    order = [*MAIN_LINE, "parked", "declined", "merged", "withdrawn", "draft"]
    groups = [(state, [i for i in ideas if i.state == state]) for state in order]
    return render_template(
        "coaching/mine.html",
        groups=[(state, rows) for state, rows in groups if rows],
        count=len(ideas),
        in_state_since=in_state_since,
    )


@bp.get("/board")
def board():
    """Ideas by state in columns, each with a move control that works from the keyboard."""
    scope = _scope("all")
    ideas = db.session.scalars(
        _scoped(
            select(Idea)
            .where(Idea.state.in_(BOARD_COLUMNS))
            .options(raiseload(Idea.theme_rows), raiseload(Idea.team))
            .order_by(Idea.state_changed_at, Idea.id)
            .limit(BOARD_LIMIT + 1),
            scope,
        )
    ).all()
    truncated = len(ideas) > BOARD_LIMIT
    ideas = ideas[:BOARD_LIMIT]
    columns = [(state, [i for i in ideas if i.state == state]) for state in BOARD_COLUMNS]
    # moves_for looks only at the idea's state and owner and the user's roles: no queries.
    moves = {i.id: moves_for(i, current_user) for i in ideas}
    return render_template(
        "coaching/board.html",
        columns=columns,
        moves=moves,
        scope=scope,
        scopes=SCOPES,
        truncated=truncated,
        limit=BOARD_LIMIT,
        state_labels=STATES,
        in_state_since=in_state_since,
    )


# Mentor notes and assignment


@bp.post("/ideas/<int:idea_id>/notes")
def add_note(idea_id):
    """Add a private mentor note to an idea."""
    idea = _idea_for_coach(idea_id)
    form = NoteForm()
    error = None
    if form.validate_on_submit():
        try:
            operations.add_mentor_note(idea, current_user, form.body.data)
        except Refused as exc:
            error = _refused(exc)
        else:
            commit()
            if htmx:
                return render_template(
                    "coaching/_notes.html",
                    idea=idea,
                    notes=operations.mentor_notes(idea),
                    note_form=NoteForm(formdata=None),
                    can_write_notes=True,
                    saved=True,
                )
            flash(_("Anteckningen är sparad."), "success")
            return redirect(url_for("ideas.detail", idea_id=idea.id, _anchor="mentorsanteckningar"))
    else:
        error = "; ".join(map(str, form.body.errors)) or _("Anteckningen kunde inte sparas.")
    if htmx:
        return render_template(
            "coaching/_notes.html",
            idea=idea,
            notes=operations.mentor_notes(idea),
            note_form=form,
            can_write_notes=True,
            error=error,
        )
    flash(error, "error")
    return redirect(url_for("ideas.detail", idea_id=idea.id, _anchor="mentorsanteckningar"))


@bp.post("/ideas/<int:idea_id>/assign")
def assign(idea_id):
    """Make a coach (oneself or another) the idea's coach; they are notified."""
    idea = _idea_for_coach(idea_id)
    form = AssignForm()
    _coach_choices(form.coach_id)
    if form.validate_on_submit():
        try:
            operations.assign_coach(idea, _coach_by_id(form.coach_id.data), current_user)
        except Refused as exc:
            flash(_refused(exc), "error")
        else:
            commit()
            flash(_("Idén har fått %(name)s som coach.", name=idea.coach.public_name), "success")
    else:
        flash(_("Välj en coach."), "error")
    return redirect(url_for("ideas.detail", idea_id=idea.id))


# The panel on the idea page


@bp.app_context_processor
def coach_panel_helper():
    return {"coach_panel": coach_panel}


def coach_panel(idea):
    """What the coach panel on the idea page shows to the signed-in person."""
    user = current_user
    is_coach = user.has_role(*COACH_ROLES)
    moves = moves_for(idea, user)
    panel = {
        "moves": moves,
        "may_decide": is_coach and bool(moves),
        "triage": is_coach and idea.state == "submitted",
        "can_merge": is_coach and "merge" in _source_moves(idea),
        "can_see_notes": idea.can_see_notes(user),
        "can_write_notes": is_coach and idea.state != "draft",
        "can_assign": is_coach and idea.state not in operations.NO_COACH_STATES,
        "notes": [],
    }
    if panel["can_see_notes"]:
        panel["notes"] = operations.mentor_notes(idea)
    if panel["can_assign"]:
        form = AssignForm(formdata=None, coach_id=idea.coach_id or user.id)
        _coach_choices(form.coach_id)
        panel["assign_form"] = form
    if panel["can_write_notes"]:
        panel["note_form"] = NoteForm(formdata=None)
    panel["show"] = (
        panel["may_decide"] or panel["can_see_notes"] or panel["can_assign"] or panel["triage"]
    )
    return panel
