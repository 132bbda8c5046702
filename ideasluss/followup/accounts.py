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
The figures are plain JSON-safe dicts, cached per group and year by `cache.py`. `compute`
works out any set of them at once, each group in one query whatever the number of years (a
row's year told by a CASE over the years' bounds): a page's two years and its trend take two
queries over the large tables (gate decisions; votes, comments and submissions) and five small
ones (adoptions, the fund). A unit's ideas come from the index ideas (unit_id, created_at) with
their ids and owners, and are looked up in the idea_id indexes of gate_decisions, votes and
comments (see `_of_unit`).
"""

import math
from dataclasses import dataclass
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    DateTime,
    Integer,
    String,
    and_,
    any_,
    case,
    cast,
    func,
    literal_column,
    null,
    or_,
    select,
    text,
    union_all,
)

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


def _of_unit(idea_id_column, unit_id):
    """`idea_id_column` names one of the unit's ideas. On PostgreSQL as `= ANY(ARRAY(...))`:
    the planner then looks the unit's ideas up in the idea_id index of the votes, comments or
    decisions, where with a join (or IN) it would read the whole table."""
    ideas = select(Idea.id).where(Idea.unit_id == unit_id)
    if db.session.get_bind().dialect.name == "postgresql":
        return idea_id_column == any_(func.array(ideas.scalar_subquery()))
    return idea_id_column.in_(ideas)


def _scoped(stmt, idea_id_column, unit_id):
    """Restrict `stmt` to the ideas of `unit_id` (no restriction city-wide)."""
    if unit_id is None:
        return stmt
    return stmt.where(_of_unit(idea_id_column, unit_id))


def _between(column, start, end):
    return and_(column >= start, column < end)


# The figures. Each group of each year is cached on its own (see cache.py), but a page needs
# several at once (this year's, last year's, the trend), so `compute` works out any set of them
# with one pass over each table, the years told apart by a CASE over their bounds.


def _span(years):
    """Every year from the first of `years` to the last."""
    return list(range(min(years), max(years) + 1))


def _bucket(column, span):
    """The year of `span` (consecutive years) that the timestamp `column` falls in."""
    return case(*[(column < year_bounds(y)[1], y) for y in span])


def _pipelines(years, trend_years, unit_id):
    """({year: pipeline figures} for `years`, {(move, to_state, year): count}: the forward
    gate decisions of each year, which the trends of `trend_years` need as well).

    One query over the scope's gate decisions up to the end of the last year, each beside the
    time of the one before it (LAG: when the state it left was entered) and of the one after it
    (LEAD: the last decision before a year ended is the one whose next is not before the end):
    the counts of forward moves per year, the states at the end of each year, the ideas
    created by then, and the stays that ended in each year (Python takes the percentiles).
    """
    counted = set(years)
    for year in trend_years:
        counted.update(range(year - TREND_YEARS + 1, year + 1))
    span = _span(counted)
    start, end = year_bounds(span[0])[0], year_bounds(span[-1])[1]
    order = {
        "partition_by": GateDecision.idea_id,
        "order_by": (GateDecision.created_at, GateDecision.id),
    }
    time_type = GateDecision.created_at.type
    history = (
        select(
            GateDecision.idea_id,
            GateDecision.move,
            GateDecision.from_state,
            GateDecision.to_state,
            GateDecision.created_at,
            Idea.created_at.label("idea_created"),
            func.lag(GateDecision.created_at, type_=time_type).over(**order).label("entered"),
            func.lead(GateDecision.created_at, type_=time_type).over(**order).label("next_at"),
            case(
                (GateDecision.created_at < start, null()),
                *[(GateDecision.created_at < year_bounds(y)[1], y) for y in span],
            ).label("year"),
        )
        .join(Idea, Idea.id == GateDecision.idea_id)
        .where(GateDecision.created_at < end)
    )
    if unit_id is not None:
        history = history.where(_of_unit(GateDecision.idea_id, unit_id))
    h = history.cte("history")

    # One result for all: (kind, state, other state, year, count, entered, left).
    def part(kind, state=None, other=None, year=None, n=None, entered=None, left_at=None):
        def text_(v):
            return cast(null(), String) if v is None else v

        def time_(v):
            return cast(null(), DateTime) if v is None else v

        number = cast(null(), Integer)
        return select(
            literal_column(str(kind)),
            text_(state),
            text_(other),
            number if year is None else year,
            number if n is None else n,
            time_(entered),
            time_(left_at),
        )

    parts = [
        part(1, h.c.move, h.c.to_state, h.c.year, func.count())  # forward moves per year
        .where(h.c.year.isnot(None), h.c.move.in_(FUNNEL), h.c.to_state.in_(_MAIN_TARGETS))
        .group_by(h.c.move, h.c.to_state, h.c.year)
    ]
    for year in sorted(years):
        year_end = year_bounds(year)[1]
        parts.append(  # the ideas' states at the end of the year
            part(2, h.c.to_state, year=literal_column(str(year)), n=func.count())
            .where(
                h.c.created_at < year_end,
                or_(h.c.next_at.is_(None), h.c.next_at >= year_end),
                h.c.idea_created < year_end,
            )
            .group_by(h.c.to_state)
        )
        ideas = part(3, year=literal_column(str(year)), n=func.count()).where(
            Idea.created_at < year_end
        )
        if unit_id is not None:
            ideas = ideas.where(Idea.unit_id == unit_id)
        parts.append(ideas)  # the ideas created by then
    # The stays that ended in a year, of the ideas that moved on from a stage (to any state)
    # in that year.
    moved = func.max(case((h.c.to_state.in_(list(STATES)), 1), else_=0)).over(
        partition_by=(h.c.idea_id, h.c.year)
    )
    stays = (
        select(h.c.year, h.c.from_state, h.c.entered, h.c.created_at, moved.label("moved"))
        .where(h.c.year.in_(sorted(years)), h.c.from_state.in_(STAGES))
        .subquery()
    )
    parts.append(
        part(
            4,
            stays.c.from_state,
            year=stays.c.year,
            entered=stays.c.entered,
            left_at=stays.c.created_at,
        ).where(stays.c.moved == 1, stays.c.entered.isnot(None))
    )

    counts = {}
    states = {year: {state: 0 for state in STATES} for year in years}
    created = dict.fromkeys(years, 0)
    days = {year: {stage: [] for stage in STAGES} for year in years}
    for kind, state, other, year, n, entered_at, left_at in db.session.execute(union_all(*parts)):
        if kind == 1:
            counts[(state, other, year)] = n
        elif kind == 2:
            states[int(year)][state or "draft"] += n
        elif kind == 3:
            created[int(year)] = n
        else:
            days[year][state].append((left_at - entered_at).total_seconds() / 86400)
    for year, found in states.items():
        found["draft"] += created[year] - sum(found.values())  # no decision before the end

    figures = {}
    for year in years:
        moves = {code: 0 for code in FUNNEL}
        for (move, _to_state, y), n in counts.items():
            if y == year:
                moves[move] += n
        figures[year] = {
            "received": moves.pop("submit"),
            "moves": moves,
            "implemented": moves["complete"],
            "states": states[year],
            "lead_times": {
                stage: {
                    "stays": len(values),
                    "median": _days(percentile(values, 0.5)),
                    "p90": _days(percentile(values, 0.9)),
                }
                for stage, values in days[year].items()
            },
        }
    return figures, counts


def _trend(counts, last_year, years=TREND_YEARS):
    span = list(range(last_year - years + 1, last_year + 1))
    ends = ("submitted", "implemented")

    def total(move, year):
        return sum(counts.get((move, to_state, year), 0) for to_state in ends)

    return {
        "years": span,
        "received": [total("submit", y) for y in span],
        "implemented": [total("complete", y) for y in span],
    }


_KINDS = ("submitters", "voters", "commenters")


def _participation(years, unit_id):
    """{year: figures}: distinct submitters, voters, commenters and all of them, residents and
    staff apart.

    One query: every act of taking part, as (year, person, what they did); one row per person
    and year with what they did; counted per year for residents and staff.
    """
    span = _span(years)
    start, end = year_bounds(span[0])[0], year_bounds(span[-1])[1]

    def acts(year_of, person, kind):
        flags = [literal_column("1" if k == kind else "0").label(k) for k in _KINDS]
        return select(_bucket(year_of, span).label("year"), person.label("user_id"), *flags)

    submitters = (
        acts(GateDecision.created_at, Idea.owner_id, "submitters")
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
        acts(Vote.created_at, Vote.user_id, "voters").where(_between(Vote.created_at, start, end)),
        Vote.idea_id,
        unit_id,
    )
    commenters = _scoped(
        acts(Comment.created_at, Comment.author_id, "commenters").where(
            _between(Comment.created_at, start, end)
        ),
        Comment.idea_id,
        unit_id,
    )
    everything = union_all(submitters, voters, commenters).subquery()
    # Staff are the people with a unit; asked as IN (a hashed list of the staff) rather than
    # with a join to users, whose plan depends on estimates the unit filter above upsets.
    staff_ids = select(User.id).where(User.unit_id.isnot(None))
    people = (
        select(
            everything.c.year,
            everything.c.user_id.in_(staff_ids).label("staff"),
            *[func.max(everything.c[k]).label(k) for k in _KINDS],
        )
        .group_by(everything.c.year, everything.c.user_id)
        .subquery()
    )
    stmt = select(
        people.c.year, people.c.staff, func.count(), *[func.sum(people.c[k]) for k in _KINDS]
    ).group_by(people.c.year, people.c.staff)
    found = {
        year: {kind: {"residents": 0, "staff": 0} for kind in (*_KINDS, "participants")}
        for year in years
    }
    for year, is_staff, participants, *kinds in db.session.execute(stmt):
        if year not in found:
            continue
        cls = "staff" if is_staff else "residents"
        found[year]["participants"][cls] = participants
        for kind, value in zip(_KINDS, kinds, strict=True):
            found[year][kind][cls] = int(value or 0)
    return {year: {"participation": figures} for year, figures in found.items()}


def _adoptions(years, unit_id):
    """{year: figures}: adoptions recorded in each year of the scope's ideas by another unit
    than the idea's."""
    span = _span(years)
    stmt = (
        select(_bucket(Adoption.created_at, span).label("year"))
        .select_from(Adoption)
        .join(Idea, Idea.id == Adoption.idea_id)
        .where(
            _between(Adoption.created_at, year_bounds(span[0])[0], year_bounds(span[-1])[1]),
            or_(Idea.unit_id.is_(None), Adoption.unit_id != Idea.unit_id),
        )
    )
    if unit_id is not None:
        stmt = stmt.where(Idea.unit_id == unit_id)
    adopted = stmt.subquery()
    counts = dict(
        db.session.execute(select(adopted.c.year, func.count()).group_by(adopted.c.year)).all()
    )
    return {year: {"adoptions": counts.get(year, 0)} for year in years}


_FUND_LINE = ("applications", "applied", "grants", "granted", "paid")


def _funds(years, unit_id):
    """{year: figures}: per call, applied for, granted and paid in each year (see the module's
    docstring)."""
    span = _span(years)
    calls = {year: {} for year in span}

    def line(year, call_id):
        return calls[year].setdefault(call_id, dict.fromkeys(_FUND_LINE, 0))

    applied = _scoped(
        select(
            _bucket(Application.submitted_at, span).label("year"),
            Application.call_id,
            Application.requested_amount,
        ).where(
            _between(Application.submitted_at, year_bounds(span[0])[0], year_bounds(span[-1])[1])
        ),
        Application.idea_id,
        unit_id,
    ).subquery()
    for year, call_id, count, amount in db.session.execute(
        select(
            applied.c.year, applied.c.call_id, func.count(), func.sum(applied.c.requested_amount)
        ).group_by(applied.c.year, applied.c.call_id)
    ):
        line(year, call_id).update(applications=count, applied=int(amount or 0))

    granted = _scoped(
        select(
            _bucket(Decision.decided_at, span).label("year"), Application.call_id, Decision.amount
        )
        .select_from(Decision)
        .join(Application, Application.id == Decision.application_id)
        .where(
            Decision.outcome == "granted",
            _between(Decision.decided_at, year_bounds(span[0])[0], year_bounds(span[-1])[1]),
        ),
        Application.idea_id,
        unit_id,
    ).subquery()
    for year, call_id, count, amount in db.session.execute(
        select(
            granted.c.year, granted.c.call_id, func.count(), func.sum(granted.c.amount)
        ).group_by(granted.c.year, granted.c.call_id)
    ):
        line(year, call_id).update(grants=count, granted=int(amount or 0))

    # Payments are dated: a calendar year of dates.
    paid_year = case(*[(Disbursement.paid_on <= date(y, 12, 31), y) for y in span])
    paid = _scoped(
        select(paid_year.label("year"), Application.call_id, Disbursement.amount)
        .select_from(Disbursement)
        .join(Application, Application.id == Disbursement.application_id)
        .where(
            Disbursement.paid_on >= date(span[0], 1, 1),
            Disbursement.paid_on <= date(span[-1], 12, 31),
        ),
        Application.idea_id,
        unit_id,
    ).subquery()
    for year, call_id, amount in db.session.execute(
        select(paid.c.year, paid.c.call_id, func.sum(paid.c.amount)).group_by(
            paid.c.year, paid.c.call_id
        )
    ):
        line(year, call_id)["paid"] = int(amount or 0)

    every_call = {call_id for year in years for call_id in calls[year]}
    titles = {}
    if every_call:
        titles = dict(
            db.session.execute(
                select(FundCall.id, FundCall.title).where(FundCall.id.in_(sorted(every_call)))
            ).all()
        )
    figures = {}
    for year in years:
        rows = [
            {"id": cid, "title": titles.get(cid, ""), **calls[year][cid]}
            for cid in sorted(calls[year])
        ]
        totals = {key: sum(r[key] for r in rows) for key in _FUND_LINE}
        figures[year] = {"fund": {"calls": rows, "totals": totals}}
    return figures


def first_year():
    """The year of the first submitted idea (this year when there is none)."""
    first = db.session.scalar(
        select(func.min(GateDecision.created_at)).where(GateDecision.to_state == "submitted")
    )
    return max(FIRST_YEAR, local_year(first)) if first else current_year()


def compute(wanted, unit_id=None):
    """{(group, year): figures} for every (group, year) in `wanted`, for the city (None) or one
    unit: the groups of GROUPS, and "trend" for the trends of the years up to `year`."""
    years = {}
    for group, year in wanted:
        years.setdefault(group, set()).add(year)
    pipeline, trends = years.get("pipeline", set()), years.get("trend", set())
    result = {}
    _tune_planner()
    if pipeline or trends:
        figures, counts = _pipelines(pipeline, trends, unit_id)
        for year in pipeline:
            result[("pipeline", year)] = figures[year]
        for year in trends:
            result[("trend", year)] = _trend(counts, year)
    if "participation" in years:
        for year, figures in _participation(years["participation"], unit_id).items():
            result[("participation", year)] = figures
    if "adoptions" in years:
        for year, figures in _adoptions(years["adoptions"], unit_id).items():
            result[("adoptions", year)] = figures
    if "fund" in years:
        for year, figures in _funds(years["fund"], unit_id).items():
            result[("fund", year)] = figures
    return result


def _tune_planner():
    """On PostgreSQL, for the rest of the transaction: room for the hash tables of a city's
    participants in memory (JIT is off for every connection; see create_app)."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(text("SELECT set_config('work_mem', '64MB', true)"))


def pipeline_figures(year, unit_id=None):
    """Received, the states at the end of the year, forward moves and lead times per stage."""
    return compute({("pipeline", year)}, unit_id)[("pipeline", year)]


def participation_figures(year, unit_id=None):
    """Distinct submitters, voters, commenters and all of them, residents and staff apart."""
    return compute({("participation", year)}, unit_id)[("participation", year)]


def adoption_figures(year, unit_id=None):
    """Adoptions recorded in the year of the scope's ideas by another unit than the idea's."""
    return compute({("adoptions", year)}, unit_id)[("adoptions", year)]


def fund_figures(year, unit_id=None):
    """Per call: applied for, granted and paid in the year (see the module's docstring)."""
    return compute({("fund", year)}, unit_id)[("fund", year)]


def trend_figures(last_year, unit_id=None):
    """Ideas received and implemented per year, for TREND_YEARS years up to `last_year`."""
    return compute({("trend", last_year)}, unit_id)[("trend", last_year)]


def year_figures(year, unit_id=None):
    """Every group's figures for one year, uncached (the cache module wraps this)."""
    found = compute({(group, year) for group in GROUPS}, unit_id)
    figures = {}
    for group in GROUPS:
        figures.update(found[(group, year)])
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
