"""The innovation accounts (innovationsbokslut): one year's figures, city-wide or for one unit.

What each figure means (a year is a calendar year in Stockholm time; timestamps are stored as
naive UTC, so the year runs from local 1 January 00:00 to the next, converted to UTC):

- received: ideas submitted in the year (the `submit` gate decision in the history).
- states: where every idea created before the year ended stood when it ended: the `to_state` of
  its last gate decision made before the end (by time, then id); an idea with none is a draft.
- moves: forward gate decisions made in the year, per move (accept, start_prestudy, start_pilot,
  start_implementation, complete); implemented is the number of `complete` moves.
- lead times per stage (submitted, idea, prestudy, pilot, implementation): a stay in a state runs
  from the gate decision that entered it to the next one of the same idea, which left it; the
  stays that ended in the year count, whatever the way out (forward, parked, declined...).
  Median and 90th percentile in days, see `percentile`.
- adoptions: adoptions (spridning) recorded in the year of the scope's ideas by another unit.
- fund, per call, by event in the year: applied for = requested amounts of applications
  submitted in the year (`submitted_at`); granted = amounts of grant decisions taken in the
  year; paid = disbursements paid in the year. For a unit: applications for the unit's ideas.
- participation: distinct people who submitted an idea (its owner), voted or commented on the
  scope's ideas in the year, and all of them together; residents and staff apart. Staff are
  people who belong to a unit (every staff account must); a deleted account keeps its unit, so
  closed years do not change when someone leaves.

Scope: a unit's figures are about the ideas whose unit it is; city-wide about all ideas.
The figures are plain JSON-safe dicts, computed by the `*_figures` functions (a handful of
queries each, using the indexes on gate_decisions (to_state, created_at) and (idea_id, id),
ideas (unit_id, state) and the primary keys) and cached per group by `cache.py`.
"""

import math
from dataclasses import dataclass
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, case, func, literal_column, or_, select, union_all

from ..accounts.models import Unit, User
from ..core.models import utcnow
from ..extensions import db
from ..fund.models import Application, Decision, Disbursement, FundCall
from ..ideas.models import Adoption, Comment, GateDecision, Idea, Vote
from ..ideas.states import STATES

LOCAL_TIME = ZoneInfo("Europe/Stockholm")
FIRST_YEAR = 2000
# The stages whose lead time is measured, in pipeline order.
STAGES = ("submitted", "idea", "prestudy", "pilot", "implementation")
FORWARD_MOVES = ("accept", "start_prestudy", "start_pilot", "start_implementation", "complete")
# The funnel: received, then each forward gate.
FUNNEL = ("submit", *FORWARD_MOVES)
# Every forward move ends in one of these: naming them lets the (to_state, created_at) index
# find a year's decisions.
_MAIN_TARGETS = ("submitted", "idea", "prestudy", "pilot", "implementation", "implemented")
TREND_YEARS = 5
GROUPS = ("pipeline", "participation", "adoptions", "fund")

CITY_NAME = "Stockholms stad"

MOVE_LABELS = {
    "submit": _l("Inkomna"),
    "accept": _l("Godkända som idé"),
    "start_prestudy": _l("Startade förstudier"),
    "start_pilot": _l("Startade piloter"),
    "start_implementation": _l("Påbörjade införanden"),
    "complete": _l("Införda"),
}
STAGE_LABELS = {
    "submitted": _l("Inskickad (triage)"),
    "idea": _l("Idé"),
    "prestudy": _l("Förstudie"),
    "pilot": _l("Pilot"),
    "implementation": _l("Införande"),
}
PEOPLE_LABELS = {
    "submitters": _l("Idégivare"),
    "voters": _l("Röstande"),
    "commenters": _l("Kommenterande"),
    "participants": _l("Deltagare totalt"),
}
CLASS_LABELS = {"residents": _l("Invånare"), "staff": _l("Medarbetare")}


def year_bounds(year):
    """(start, end) of a Stockholm calendar year as naive UTC datetimes; end is exclusive."""

    def utc(y):
        local = datetime(y, 1, 1, tzinfo=LOCAL_TIME)
        return local.astimezone(UTC).replace(tzinfo=None)

    return utc(year), utc(year + 1)


def local_year(moment):
    """The Stockholm calendar year of a naive UTC datetime (or of a date)."""
    if isinstance(moment, datetime):
        return moment.replace(tzinfo=UTC).astimezone(LOCAL_TIME).year
    return moment.year


def current_year():
    return local_year(utcnow())


def percentile(values, fraction):
    """The `fraction` (0..1) percentile of `values` by linear interpolation between the closest
    ranks, as PostgreSQL's percentile_cont computes it; None when there are no values.

    Sort the n values x[0] <= ... <= x[n-1]; the position is r = fraction * (n - 1); with
    lo = floor(r) and hi = ceil(r) the result is x[lo] + (r - lo) * (x[hi] - x[lo]).
    Stays of 2, 4, 6, 8 and 10 days: the median (0.5) is x[2] = 6, the 90th percentile is at
    r = 3.6, so 8 + 0.6 * (10 - 8) = 9.2.
    """
    if not values:
        return None
    ordered = sorted(values)
    position = fraction * (len(ordered) - 1)
    lo, hi = math.floor(position), math.ceil(position)
    return ordered[lo] + (position - lo) * (ordered[hi] - ordered[lo])


def _days(value):
    return None if value is None else round(value, 1)


def _scoped(stmt, idea_id_column, unit_id):
    """Restrict `stmt` to the ideas of `unit_id` (no restriction city-wide)."""
    if unit_id is None:
        return stmt
    return stmt.join(Idea, Idea.id == idea_id_column).where(Idea.unit_id == unit_id)


def _between(column, start, end):
    return and_(column >= start, column < end)


# The figures, one group at a time (each group is cached on its own, see cache.py).


def pipeline_figures(year, unit_id=None):
    """Received, the states at the end of the year, forward moves and lead times per stage."""
    start, end = year_bounds(year)
    moves = {code: 0 for code in FUNNEL}
    stmt = _scoped(
        select(GateDecision.move, func.count()).where(
            GateDecision.to_state.in_(_MAIN_TARGETS),
            _between(GateDecision.created_at, start, end),
            GateDecision.move.in_(FUNNEL),
        ),
        GateDecision.idea_id,
        unit_id,
    ).group_by(GateDecision.move)
    for move, count in db.session.execute(stmt):
        moves[move] = count

    last_state = (
        select(GateDecision.to_state)
        .where(GateDecision.idea_id == Idea.id, GateDecision.created_at < end)
        .order_by(GateDecision.created_at.desc(), GateDecision.id.desc())
        .limit(1)
        .correlate(Idea)
        .scalar_subquery()
    )
    ideas = select(last_state.label("state")).where(Idea.created_at < end)
    if unit_id is not None:
        ideas = ideas.where(Idea.unit_id == unit_id)
    ideas = ideas.subquery()
    states = {state: 0 for state in STATES}
    for state, count in db.session.execute(
        select(ideas.c.state, func.count()).group_by(ideas.c.state)
    ):
        states[state or "draft"] += count

    return {
        "received": moves.pop("submit"),
        "moves": moves,
        "implemented": moves["complete"],
        "states": states,
        "lead_times": lead_times(year, unit_id),
    }


def lead_times(year, unit_id=None):
    """{stage: {"stays", "median", "p90"}} in days, for the stays that ended in the year.

    One query: the history of every idea that left a state in the year, each decision beside
    the one before it (LAG over the idea's decisions in time order); Python takes the
    percentiles.
    """
    start, end = year_bounds(year)
    moved = _scoped(
        select(GateDecision.idea_id).where(
            GateDecision.to_state.in_(list(STATES)),
            _between(GateDecision.created_at, start, end),
            GateDecision.from_state.in_(STAGES),
        ),
        GateDecision.idea_id,
        unit_id,
    )
    entered = (
        func.lag(GateDecision.created_at, type_=GateDecision.created_at.type)
        .over(
            partition_by=GateDecision.idea_id,
            order_by=(GateDecision.created_at, GateDecision.id),
        )
        .label("entered")
    )
    history = (
        select(GateDecision.from_state, GateDecision.created_at, entered)
        .where(GateDecision.idea_id.in_(moved), GateDecision.created_at < end)
        .subquery()
    )
    stmt = select(history.c.from_state, history.c.entered, history.c.created_at).where(
        history.c.created_at >= start, history.c.from_state.in_(STAGES)
    )
    stays = {stage: [] for stage in STAGES}
    for stage, entered_at, left_at in db.session.execute(stmt):
        if entered_at is not None:
            stays[stage].append((left_at - entered_at).total_seconds() / 86400)
    return {
        stage: {
            "stays": len(days),
            "median": _days(percentile(days, 0.5)),
            "p90": _days(percentile(days, 0.9)),
        }
        for stage, days in stays.items()
    }


def participation_figures(year, unit_id=None):
    """Distinct submitters, voters, commenters and all of them, residents and staff apart."""
    start, end = year_bounds(year)
    submitters = (
        select(literal_column("'submitters'").label("kind"), Idea.owner_id.label("user_id"))
        .select_from(GateDecision)
        .join(Idea, Idea.id == GateDecision.idea_id)
        .where(
            GateDecision.to_state == "submitted",
            GateDecision.move == "submit",
            _between(GateDecision.created_at, start, end),
        )
    )
    if unit_id is not None:
        submitters = submitters.where(Idea.unit_id == unit_id)
    voters = _scoped(
        select(literal_column("'voters'").label("kind"), Vote.user_id.label("user_id")).where(
            _between(Vote.created_at, start, end)
        ),
        Vote.idea_id,
        unit_id,
    )
    commenters = _scoped(
        select(
            literal_column("'commenters'").label("kind"), Comment.author_id.label("user_id")
        ).where(_between(Comment.created_at, start, end)),
        Comment.idea_id,
        unit_id,
    )
    people = union_all(submitters, voters, commenters).subquery()
    staff = User.unit_id.isnot(None)
    columns = []
    keys = []
    for kind in ("submitters", "voters", "commenters", "participants"):
        for cls, condition in (("residents", ~staff), ("staff", staff)):
            if kind != "participants":
                condition = and_(condition, people.c.kind == kind)
            columns.append(func.count(func.distinct(case((condition, people.c.user_id)))))
            keys.append((kind, cls))
    row = db.session.execute(
        select(*columns).select_from(people.join(User, User.id == people.c.user_id))
    ).one()
    result = {kind: {"residents": 0, "staff": 0} for kind, _ in keys}
    for (kind, cls), value in zip(keys, row, strict=True):
        result[kind][cls] = value or 0
    return {"participation": result}


def adoption_figures(year, unit_id=None):
    """Adoptions recorded in the year of the scope's ideas by another unit than the idea's."""
    start, end = year_bounds(year)
    stmt = (
        select(func.count())
        .select_from(Adoption)
        .join(Idea, Idea.id == Adoption.idea_id)
        .where(
            _between(Adoption.created_at, start, end),
            or_(Idea.unit_id.is_(None), Adoption.unit_id != Idea.unit_id),
        )
    )
    if unit_id is not None:
        stmt = stmt.where(Idea.unit_id == unit_id)
    return {"adoptions": db.session.scalar(stmt) or 0}


def fund_figures(year, unit_id=None):
    """Per call: applied for, granted and paid in the year (see the module's docstring)."""
    start, end = year_bounds(year)
    calls = {}

    def line(call_id):
        return calls.setdefault(
            call_id,
            {"applications": 0, "applied": 0, "grants": 0, "granted": 0, "paid": 0},
        )

    applied = _scoped(
        select(Application.call_id, func.count(), func.sum(Application.requested_amount)).where(
            _between(Application.submitted_at, start, end)
        ),
        Application.idea_id,
        unit_id,
    ).group_by(Application.call_id)
    for call_id, count, amount in db.session.execute(applied):
        line(call_id).update(applications=count, applied=int(amount or 0))

    granted = _scoped(
        select(Application.call_id, func.count(), func.sum(Decision.amount))
        .select_from(Decision)
        .join(Application, Application.id == Decision.application_id)
        .where(Decision.outcome == "granted", _between(Decision.decided_at, start, end)),
        Application.idea_id,
        unit_id,
    ).group_by(Application.call_id)
    for call_id, count, amount in db.session.execute(granted):
        line(call_id).update(grants=count, granted=int(amount or 0))

    paid = _scoped(
        select(Application.call_id, func.sum(Disbursement.amount))
        .select_from(Disbursement)
        .join(Application, Application.id == Disbursement.application_id)
        .where(
            Disbursement.paid_on >= date(year, 1, 1), Disbursement.paid_on <= date(year, 12, 31)
        ),
        Application.idea_id,
        unit_id,
    ).group_by(Application.call_id)
    for call_id, amount in db.session.execute(paid):
        line(call_id)["paid"] = int(amount or 0)

    titles = {}
    if calls:
        titles = dict(
            db.session.execute(
                select(FundCall.id, FundCall.title).where(FundCall.id.in_(list(calls)))
            ).all()
        )
    rows = [{"id": cid, "title": titles.get(cid, ""), **calls[cid]} for cid in sorted(calls)]
    totals = {
        key: sum(r[key] for r in rows)
        for key in ("applications", "applied", "grants", "granted", "paid")
    }
    return {"fund": {"calls": rows, "totals": totals}}


GROUP_FUNCTIONS = {
    "pipeline": pipeline_figures,
    "participation": participation_figures,
    "adoptions": adoption_figures,
    "fund": fund_figures,
}


def trend_figures(last_year, unit_id=None, years=TREND_YEARS):
    """Ideas received and implemented per year, for `years` years up to `last_year`."""
    span = list(range(last_year - years + 1, last_year + 1))
    bounds = [year_bounds(y)[0] for y in span] + [year_bounds(last_year)[1]]
    bucket = case(
        *[(GateDecision.created_at < bounds[i + 1], span[i]) for i in range(len(span))],
    )
    # Grouped outside: PostgreSQL would not see the CASE (with its parameters) in the select
    # list and in GROUP BY as the same expression.
    decisions = _scoped(
        select(GateDecision.move, bucket.label("year")).where(
            GateDecision.to_state.in_(("submitted", "implemented")),
            GateDecision.move.in_(("submit", "complete")),
            _between(GateDecision.created_at, bounds[0], bounds[-1]),
        ),
        GateDecision.idea_id,
        unit_id,
    ).subquery()
    stmt = select(decisions.c.move, decisions.c.year, func.count()).group_by(
        decisions.c.move, decisions.c.year
    )
    counts = {(move, y): n for move, y, n in db.session.execute(stmt)}
    return {
        "years": span,
        "received": [counts.get(("submit", y), 0) for y in span],
        "implemented": [counts.get(("complete", y), 0) for y in span],
    }


def first_year():
    """The year of the first submitted idea (this year when there is none)."""
    first = db.session.scalar(
        select(func.min(GateDecision.created_at)).where(GateDecision.to_state == "submitted")
    )
    return max(FIRST_YEAR, local_year(first)) if first else current_year()


def year_figures(year, unit_id=None):
    """Every group's figures for one year, uncached (the cache module wraps this)."""
    figures = {}
    for function in GROUP_FUNCTIONS.values():
        figures.update(function(year, unit_id))
    return figures


@dataclass
class Accounts:
    """One page of the accounts: a year's figures beside the year before, and the trends."""

    year: int
    unit: Unit | None
    current: dict
    previous: dict
    trend: dict

    @property
    def scope_name(self):
        return self.unit.name if self.unit is not None else CITY_NAME

    @property
    def unit_id(self):
        return self.unit.id if self.unit is not None else None

    def funnel(self):
        """[(move, label, this year, last year)] from received to implemented."""
        rows = []
        for move in FUNNEL:
            if move == "submit":
                now, before = self.current["received"], self.previous["received"]
            else:
                now, before = self.current["moves"][move], self.previous["moves"][move]
            rows.append((move, MOVE_LABELS[move], now, before))
        return rows

    def fund_calls(self):
        """Every call with money in either year: [(title, this year's line, last year's)]."""
        empty = {"applications": 0, "applied": 0, "grants": 0, "granted": 0, "paid": 0}
        now = {c["id"]: c for c in self.current["fund"]["calls"]}
        before = {c["id"]: c for c in self.previous["fund"]["calls"]}
        rows = []
        for cid in sorted(set(now) | set(before)):
            title = (now.get(cid) or before.get(cid))["title"]
            rows.append((title, now.get(cid, empty), before.get(cid, empty)))
        return rows


def build_accounts(year, unit=None):
    """The accounts page's data for `year` (and the year before), city-wide or for `unit`."""
    from . import cache

    unit_id = unit.id if unit is not None else None
    current, previous, trend = cache.accounts_data(year, unit_id)
    return Accounts(year=year, unit=unit, current=current, previous=previous, trend=trend)
