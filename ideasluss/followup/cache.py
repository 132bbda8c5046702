"""Cached accounts: figures kept in Redis until a change to what they count is committed.

Computing a large unit's accounts takes a few tenths of a second at city scale, the city's a
few seconds (distinct voters over a million votes), so each group of figures (accounts.GROUPS)
of each scope and year is cached.
The cache key holds generation numbers, and every commit that changes a group's inputs bumps
the generations it touched, so the next reader computes afresh: nothing is ever served that an
earlier commit has changed. That holds for the current year as for closed ones; the current
year simply changes more often (every vote, comment and gate decision bumps it).

How changes are found: session events look at what a flush writes (new, changed and deleted
rows of the tables in TRACKED) and at bulk statements (insert/update/delete constructs run
through the session); after the outermost commit the touched generations are bumped with one
Redis round trip. A change is marked for the years its timestamps fall in; a change of state
(gate decisions, ideas) also for every later year up to now, since the states at year end
carry forward; anything that cannot be placed in a year (a bulk delete, a changed unit, a
renamed call) bumps the group for all years, or everything.

A miss is computed by one process: the first to ask takes a lock per missing entry (SET NX,
expiring), computes every entry it took in one go and stores them; others asking meanwhile
wait for those entries rather than compute them too.

The cache is used only with Redis and PostgreSQL (whose statements each see every commit made
before they start). Without Redis, as under `make run`, the figures are computed on each
request. A reader whose own session holds uncommitted changes computes without the cache.
Entries also expire (an hour for the current year, a week for closed ones) in case a bump was
lost while Redis was unreachable.
"""

import json
import logging
import time
import uuid
from dataclasses import dataclass
from datetime import date, datetime

from flask import current_app, has_app_context
from sqlalchemy import event, text
from sqlalchemy.orm import Session, attributes

from ..extensions import db
from . import accounts

log = logging.getLogger(__name__)

MARKS = "followup_marks"
EVERYTHING = ("*", "*")
CURRENT_TTL = 3600
CLOSED_TTL = 7 * 24 * 3600
VERSION = "v1"
# Computing a page's figures cold takes a fraction of a second for a large unit, a few
# seconds for the city. Whoever asks for figures being computed waits for them (polling), up
# to LOCK_WAIT seconds; a lock left by a process that died expires after LOCK_TTL.
LOCK_TTL = 30
LOCK_WAIT = 10
LOCK_POLL = 0.02


@dataclass(frozen=True)
class Tracked:
    groups: tuple
    stamps: tuple = ()  # timestamp columns: a change counts in the years they fall in
    stock: bool = False  # also in every later year (the states at the end of each year)
    watched: frozenset = frozenset()  # other columns whose change counts in the stamps' years
    rescoping: frozenset = frozenset()  # columns whose change moves figures between scopes


TRACKED = {
    "ideas": Tracked(
        ("pipeline",),
        ("created_at",),
        stock=True,
        rescoping=frozenset({"unit_id", "owner_id"}),
    ),
    "gate_decisions": Tracked(
        ("pipeline", "participation"),
        ("created_at",),
        stock=True,
        rescoping=frozenset({"idea_id", "move", "from_state", "to_state"}),
    ),
    "votes": Tracked(
        ("participation",), ("created_at",), rescoping=frozenset({"idea_id", "user_id"})
    ),
    "comments": Tracked(
        ("participation",), ("created_at",), rescoping=frozenset({"idea_id", "author_id"})
    ),
    "adoptions": Tracked(
        ("adoptions",), ("created_at",), rescoping=frozenset({"idea_id", "unit_id"})
    ),
    "applications": Tracked(
        ("fund",),
        ("submitted_at",),
        watched=frozenset({"requested_amount"}),
        rescoping=frozenset({"idea_id", "call_id"}),
    ),
    "decisions": Tracked(
        ("fund",),
        ("decided_at",),
        watched=frozenset({"outcome", "amount"}),
        rescoping=frozenset({"application_id"}),
    ),
    "disbursements": Tracked(
        ("fund",),
        ("paid_on",),
        watched=frozenset({"amount"}),
        rescoping=frozenset({"application_id"}),
    ),
    "fund_calls": Tracked(("fund",), rescoping=frozenset({"title"})),
    # Staff or resident is told by the unit; see accounts.py.
    "users": Tracked(("participation",), rescoping=frozenset({"unit_id"})),
}


# Finding what changed


def _years_from(stamp_years, spec):
    """The (group, year) marks for a change whose timestamps fall in `stamp_years`."""
    years = {y for y in stamp_years if y is not None}
    if not years:
        return set()
    if spec.stock:
        now = accounts.current_year()
        years = set(range(min(years), max(now, max(years)) + 1))
    return {(group, year) for group in spec.groups for year in years}


def _all_years(spec):
    return {(group, "*") for group in spec.groups}


def _year(value):
    if isinstance(value, datetime | date):
        return accounts.local_year(value)
    return None


def _object_marks(obj, spec, how):
    state = attributes.instance_state(obj)
    if how == "dirty":
        changed = {
            attr.key
            for attr in state.attrs
            if attr.key in spec.rescoping | spec.watched | set(spec.stamps)
            and attr.history.has_changes()
        }
        if not changed:
            return set()
        if changed & spec.rescoping:
            return {EVERYTHING}
        years = set()
        for name in spec.stamps:
            history = state.attrs[name].history
            years |= {_year(v) for v in (*history.added, *history.deleted, *history.unchanged)}
        return _years_from(years, spec) or _all_years(spec)
    if how == "deleted" and not spec.stamps:
        return {EVERYTHING}
    values = [state.dict.get(name, attributes.NO_VALUE) for name in spec.stamps]
    if any(v is attributes.NO_VALUE for v in values):
        return _all_years(spec)  # not loaded: cannot tell the year
    return _years_from({_year(v) for v in values}, spec)


def _mark(session, marks):
    if marks:
        session.info.setdefault(MARKS, set()).update(marks)


@event.listens_for(Session, "after_flush")
def _after_flush(session, flush_context):
    marks = set()
    for how, objects in (
        ("new", session.new),
        ("dirty", session.dirty),
        ("deleted", session.deleted),
    ):
        for obj in objects:
            spec = TRACKED.get(getattr(type(obj), "__tablename__", None))
            if spec is not None:
                marks |= _object_marks(obj, spec, how)
    _mark(session, marks)


def _statement_columns(statement, parameters):
    names = set()
    values = getattr(statement, "_values", None) or {}
    names |= {getattr(k, "key", k) for k in values}
    multi = getattr(statement, "_multi_values", None) or ()
    for rows in multi:
        for row in rows:
            if isinstance(row, dict):
                names |= {getattr(k, "key", k) for k in row}
    for params in parameters if isinstance(parameters, list) else [parameters or {}]:
        names |= set(params)
    return names


def _insert_years(statement, parameters, spec):
    """The years an insert's rows fall in, or None when they cannot be told."""
    stamps = set(spec.stamps)
    given = _statement_columns(statement, parameters) & stamps
    if not given:
        return {accounts.current_year()}  # the defaults: now
    years = set()
    rows = parameters if isinstance(parameters, list) else [parameters or {}]
    for row in rows:
        for name in given:
            if name in row:
                years.add(_year(row[name]))
    values = getattr(statement, "_values", None) or {}
    for column, value in values.items():
        if getattr(column, "key", column) in given:
            years.add(_year(getattr(value, "value", None)))
    if None in years or not years:
        return None
    return years


@event.listens_for(Session, "do_orm_execute")
def _bulk_statement(orm_execute_state):
    if not (
        orm_execute_state.is_insert or orm_execute_state.is_update or orm_execute_state.is_delete
    ):
        return
    table = getattr(orm_execute_state.statement, "table", None)
    spec = TRACKED.get(getattr(table, "name", None))
    if spec is None:
        return
    statement, parameters = orm_execute_state.statement, orm_execute_state.parameters
    if orm_execute_state.is_insert:
        if getattr(statement, "select", None) is not None:  # INSERT ... SELECT
            names = {getattr(n, "key", n) for n in getattr(statement, "_select_names", ())}
            if names & set(spec.stamps):
                marks = _all_years(spec)
            else:
                marks = _years_from({accounts.current_year()}, spec)  # the defaults: now
        else:
            found = _insert_years(statement, parameters, spec)
            marks = _years_from(found, spec) if found else _all_years(spec)
    elif orm_execute_state.is_update:
        columns = _statement_columns(statement, parameters)
        if columns & spec.rescoping:
            marks = {EVERYTHING}
        elif columns & (spec.watched | set(spec.stamps)):
            marks = _all_years(spec)
        else:
            marks = set()  # counters, activity times: nothing the accounts count
    else:
        marks = _all_years(spec) if spec.stamps else {EVERYTHING}
    _mark(orm_execute_state.session, marks)


@event.listens_for(Session, "after_commit")
def _after_commit(session):
    marks = session.info.pop(MARKS, None)
    if marks and has_app_context() and enabled():
        bump(marks)


@event.listens_for(Session, "after_transaction_end")
def _after_transaction_end(session, transaction):
    # A rolled-back outermost transaction changed nothing; its marks go with it.
    if transaction.parent is None and not transaction.nested:
        session.info.pop(MARKS, None)


# Redis


def enabled(app=None):
    """Whether the cache is in use: Redis configured and the database PostgreSQL."""
    app = app or current_app
    flag = app.extensions.get("followup_cache_enabled")
    if flag is None:
        flag = bool(
            app.config.get("REDIS_URL")
            and app.config.get("FOLLOWUP_CACHE", True)
            and db.engine.dialect.name == "postgresql"
        )
        app.extensions["followup_cache_enabled"] = flag
    return flag


def _prefix():
    """Keys name the database (and its oid, new when it is re-created), so that databases
    sharing one Redis never read each other's figures."""
    app = current_app._get_current_object()
    prefix = app.extensions.get("followup_cache_prefix")
    if prefix is None:
        with db.engine.connect() as conn:
            name, oid = conn.execute(
                text("SELECT datname, oid FROM pg_database WHERE datname = current_database()")
            ).one()
        prefix = f"ideasluss:followup:{name}:{oid}:"
        app.extensions["followup_cache_prefix"] = prefix
    return prefix


def _redis():
    from ..core.jobs import redis_connection

    return redis_connection()


def _gen_key(group, year):
    return f"{_prefix()}gen:{group}:{year}"


def bump(marks):
    """Move the generations of `marks` ((group, year), "*" for all) on, so caches miss."""
    try:
        pipe = _redis().pipeline(transaction=False)
        for group, year in sorted(marks, key=str):
            pipe.incr(_gen_key(group, year))
        pipe.execute()
    except Exception:  # Redis away: entries expire on their own (see the module docstring)
        log.exception("Could not invalidate the cached accounts")


def invalidate_all():
    """Forget every cached figure (tests, and after loading data behind the ORM's back)."""
    if enabled():
        bump({EVERYTHING})


def _session_has_changes():
    session = db.session
    return bool(session.info.get(MARKS) or session.new or session.dirty or session.deleted)


def _wanted(year):
    """The (group, year) figures of a page of `year`: every group of it and of the year before,
    and the trend up to it ("trend")."""
    return [(group, y) for group in accounts.GROUPS for y in (year, year - 1)] + [("trend", year)]


def _page(values, year):
    def merged(y):
        figures = {}
        for group in accounts.GROUPS:
            figures.update(values[(group, y)])
        return figures

    return merged(year), merged(year - 1), values[("trend", year)]


def _compute(year, unit_id):
    return _page(accounts.compute(_wanted(year), unit_id), year)


def accounts_data(year, unit_id):
    """(this year's figures, last year's, the trends): from the cache when it is current."""
    if not enabled() or _session_has_changes():
        return _compute(year, unit_id)
    try:
        return _cached(year, unit_id)
    except Exception:
        log.exception("The accounts cache failed; computing without it")
        return _compute(year, unit_id)


def _keys(redis, year, unit_id):
    """{(group, year): the cache key of its figures as of the current generations}."""
    scope = "city" if unit_id is None else f"unit{unit_id}"
    years = (year, year - 1)
    span = list(range(year - accounts.TREND_YEARS + 1, year + 1))
    wanted = [("*", "*")] + [(g, "*") for g in accounts.GROUPS]
    wanted += [(g, y) for g in accounts.GROUPS for y in years]
    wanted += [("pipeline", y) for y in span if y not in years]
    gens = dict(zip(wanted, redis.mget([_gen_key(g, y) for g, y in wanted]), strict=True))

    def gen(group, year_):
        value = gens[(group, year_)]
        return value.decode() if value is not None else "0"

    def key(group, year_):
        stamp = ".".join((gen("*", "*"), gen(group, "*"), gen(group, year_)))
        return f"{_prefix()}{VERSION}:{scope}:{year_}:{group}:{stamp}"

    keys = {(group, y): key(group, y) for group in accounts.GROUPS for y in years}
    trend_stamp = ".".join(
        [gen("*", "*"), gen("pipeline", "*")] + [gen("pipeline", y) for y in span]
    )
    keys[("trend", year)] = f"{_prefix()}{VERSION}:{scope}:{year}:trend:{trend_stamp}"
    return keys


# What one process computes at a time when figures are missing: the groups apart, so that a
# second process asking meanwhile computes another group instead of waiting for all of them.
BATCHES = (("participation",), ("pipeline", "trend"), ("adoptions", "fund"))


def _cached(year, unit_id):
    redis = _redis()
    keys = _keys(redis, year, unit_id)
    values = {}
    pending = list(keys)
    deadline = time.monotonic() + LOCK_WAIT
    while pending:
        found = redis.mget([keys[k] for k in pending])
        for k, raw in zip(pending, found, strict=True):
            if raw is not None:
                values[k] = json.loads(raw)
        pending = [k for k in pending if k not in values]
        # Single flight: whoever takes an entry's lock computes it; the others wait for it
        # (a cold large unit takes a while, and several workers computing the same figures at
        # once only slow each other down). A process computes what it took before it waits,
        # so two never wait on each other.
        took = False
        for batch in BATCHES:
            wanted = [k for k in pending if k[0] in batch and k not in values]
            if not wanted:
                continue
            token = uuid.uuid4().hex
            pipe = redis.pipeline(transaction=False)
            for k in wanted:
                pipe.set(_lock_key(keys[k]), token, nx=True, ex=LOCK_TTL)
            mine = [k for k, ok in zip(wanted, pipe.execute(), strict=True) if ok]
            if mine:
                # Stored by another process since the values were read, and its lock let go?
                for k, raw in zip(mine, redis.mget([keys[k] for k in mine]), strict=True):
                    if raw is not None:
                        values[k] = json.loads(raw)
                _compute_and_store(redis, keys, mine, unit_id, token, values)
                took = True
        pending = [k for k in pending if k not in values]
        if pending and not took:
            if time.monotonic() > deadline:  # the holder is too slow or gone
                values.update(accounts.compute(pending, unit_id))
                break
            time.sleep(LOCK_POLL)
    return _page(values, year)


def _compute_and_store(redis, keys, mine, unit_id, token, values):
    """Compute the figures `mine` (whose locks this process holds) that `values` lacks, store
    them, add them to `values`, and let go of the locks."""
    missing = [k for k in mine if k not in values]
    locks = [_lock_key(keys[k]) for k in mine]
    try:
        computed = accounts.compute(missing, unit_id) if missing else {}
    except BaseException:
        pipe = redis.pipeline(transaction=False)
        for lock in locks:
            _release(pipe, lock, token)
        pipe.execute()
        raise
    this_year = accounts.current_year()
    pipe = redis.pipeline(transaction=False)
    for k in missing:
        ttl = CURRENT_TTL if k[1] >= this_year else CLOSED_TTL
        pipe.set(keys[k], json.dumps(computed[k], separators=(",", ":")), ex=ttl)
    for lock in locks:
        _release(pipe, lock, token)
    pipe.execute()
    values.update(computed)


def _lock_key(key):
    return key + ":lock"


def _release(pipe, lock, token):
    """Delete `lock` if it is still ours (it may have expired and been taken by another)."""
    pipe.eval(_RELEASE, 1, lock, token)


_RELEASE = """
if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) end
return 0
"""
