"""The idea list, search and similar-idea queries, always filtered to what a viewer may see.

The list uses keyset (cursor) pagination: a page is "the next N rows after (sort key, id)". Each
visibility the viewer may see is read in order from the composite index led by visibility
(ix_ideas_list_newest, ix_ideas_list_votes, ix_ideas_list_active, which hold listed ideas only)
and the branches are merged, so a page costs about N index entries however deep it is and
whoever asks (measured on PostgreSQL with 100,000 ideas: under 1 ms a page). The cards' rows
are read as plain rows (IdeaCard), not ORM objects.
"""

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import datetime
from functools import cache

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    Double,
    Integer,
    and_,
    bindparam,
    cast,
    false,
    func,
    literal,
    null,
    or_,
    select,
    tuple_,
    union_all,
)
from sqlalchemy.orm import joinedload, lazyload, load_only, raiseload, selectinload

from ..accounts.models import Unit, User
from ..core import search
from ..extensions import db
from .models import THEMES, VALUE_KINDS, Idea, IdeaTheme, TeamMember
from .states import LISTED_STATES, STATES

PER_PAGE = 20
SIMILAR_LIMIT = 5
# Similar ideas sharing only some words are ranked among this many of the newest (see there).
SIMILAR_CANDIDATES = 100
# `page=N` links are served by finding the row before page N with one OFFSET query over the
# narrow (sort key, id) index entries, then the usual keyset query from there. That costs
# (N - 1) * PER_PAGE entries per visibility branch, so N is capped: page 200 reads 3,980 entries
# (about 1 ms with 100,000 ideas), page 500 at most 9,980, and a crawler asking for page 10**9
# gets a 404 instead of a full scan. The cursor links ("Nästa sida") go on without limit.
MAX_PAGE = 500

SORTS = {
    "newest": _l("Nyast"),
    "votes": _l("Flest röster"),
    "active": _l("Senast aktiva"),
    "relevance": _l("Bäst träff"),
}
# The states a filter offers, in pipeline order.
STATE_FILTERS = [s for s in STATES if s in LISTED_STATES]


def visible_branches(user):
    """Disjoint where clauses whose union is the listed ideas `user` may see.

    Each starts with one `visibility = ...`, so that a list can read each branch in order from
    the composite index led by visibility (ix_ideas_list_votes and friends) and merge them.
    """
    public = _listed("public")
    if not user.is_authenticated:
        return [public]
    internal = _listed("internal")
    if user.is_staff:
        return [public, internal]
    # Idea.can_view: the team sees its own internal ideas whatever its roles. The ideas owned
    # and those co-written are separate (disjoint) branches, each read through its own index:
    # as one `owner or team` clause PostgreSQL scans all internal ideas for a user's few.
    team = select(TeamMember.idea_id).where(TeamMember.user_id == user.id)
    return [
        public,
        and_(internal, Idea.owner_id == user.id),
        and_(internal, Idea.owner_id != user.id, Idea.id.in_(team)),
    ]


@cache
def _listed(visibility):
    """The listed ideas of one visibility (built once: a list page is asked for often).

    The states are written into the SQL as literals: the list indexes hold only listed ideas,
    and PostgreSQL uses them for a prepared statement only when it sees which states it asks.
    """
    listed = bindparam("listed", sorted(LISTED_STATES), unique=True, literal_execute=True)
    return and_(Idea.visibility == visibility, Idea.state.in_(listed))


def visible_to(user):
    """A where clause: the listed ideas `user` may see (public for all, internal for staff)."""
    return or_(*visible_branches(user))


def card_options():
    """Load what an idea card shows (owner, unit, themes) in a fixed number of statements."""
    return (
        joinedload(Idea.owner).lazyload(User.role_rows),
        joinedload(Idea.unit),
        selectinload(Idea.theme_rows),
        lazyload(Idea.coach),
        lazyload(Idea.team),
    )


@dataclass
class Filters:
    """The list's filters and sort, read from the query string; bad values are ignored."""

    q: str = ""
    state: str = ""
    unit: int | None = None
    theme: str = ""
    value: str = ""
    challenge: int | None = None
    sort: str = ""

    @classmethod
    def from_args(cls, args):
        def number(name):
            value = args.get(name, "")
            return int(value) if value.isascii() and value.isdigit() and len(value) < 12 else None

        f = cls(
            q=(args.get("q") or "").strip()[:200],
            state=args.get("state", "") if args.get("state") in LISTED_STATES else "",
            unit=number("unit"),
            theme=args.get("theme", "") if args.get("theme") in THEMES else "",
            value=args.get("value", "") if args.get("value") in VALUE_KINDS else "",
            challenge=number("challenge"),
            sort=args.get("sort", "") if args.get("sort") in SORTS else "",
        )
        return f

    @property
    def effective_sort(self):
        """Relevance when searching, unless another order was chosen; else the newest first."""
        if self.sort == "relevance" and not self.q:
            return "newest"
        return self.sort or ("relevance" if self.q else "newest")

    def args(self):
        """The non-empty filters, for building links."""
        values = {
            "q": self.q,
            "state": self.state,
            "unit": self.unit,
            "theme": self.theme,
            "value": self.value,
            "challenge": self.challenge,
            "sort": self.sort,
        }
        return {k: v for k, v in values.items() if v not in ("", None)}

    @property
    def active(self):
        return bool(self.args())


def filter_clauses(filters):
    """(where clauses, rank expression or None) for the filters and the search."""
    clauses = []
    if filters.state:
        clauses.append(Idea.state == filters.state)
    if filters.unit:
        clauses.append(Idea.unit_id == filters.unit)
    if filters.theme:
        themed = select(IdeaTheme.idea_id).where(IdeaTheme.theme == filters.theme)
        clauses.append(Idea.id.in_(themed))
    if filters.value:
        clauses.append(getattr(Idea, f"value_{filters.value}").is_(True))
    if filters.challenge:
        clauses.append(Idea.challenge_id == filters.challenge)
    rank = None
    if filters.q:
        found = search.prepare(Idea.id, filters.q)
        if found is None or found.impossible:
            clauses.append(false())
        else:
            match, tiers, rank = found.relevance()
            # The cursor keeps the rank as a float (a tier number: 0.0 is the best).
            rank = cast(rank, Double)
            # For the list, which reads each tier in id order (see _relevance_rows).
            rank.relevance = _Relevance(match, tiers)
            clauses.append(match)
    return clauses, rank


@dataclass
class _Relevance:
    """How the list reads a search in relevance order: `tiers`, where clauses each implying
    `match` (one of the filter clauses), best first."""

    match: object
    tiers: list


def _relevance_rows(branches, clauses, relevance, *, start=None, backwards=False, count):
    """_first_rows for the relevance order: each tier's first `count` rows per visibility
    branch, read newest first by the primary key and labelled with the tier's number; a tier
    is read only while the tiers before it have fewer than `count` rows.

    Ordering by a rank expression would compute it for every matching idea (thousands, for a
    common word) before the first row; a tier read in id order stops after `count` rows, and
    the last tier (the words only in the text, the costliest to read) is mostly not needed.
    """
    tiers = relevance.tiers
    # Each tier implies the match; left to itself, the planner would look it up as well.
    clauses = [c for c in clauses if c is not relevance.match]
    numbers = range(len(tiers))
    read = []
    for number in reversed(numbers) if backwards else numbers:
        clause = tiers[number]
        if start is not None:
            key, last_id = start
            if (number > key) if backwards else (number < key):
                continue  # the whole tier lies on the other side of the cursor
            if number == key:
                clause = and_(clause, Idea.id > last_id if backwards else Idea.id < last_id)
        parts = []
        for branch in branches:
            limited = (
                select(literal(float(number), Double).label("key"), Idea.id)
                .where(branch, *clauses, clause)
                .order_by(Idea.id.asc() if backwards else Idea.id.desc())
                .limit(count)
                .subquery()
            )
            # Wrapped, since SQLite allows no LIMIT on the members of a UNION.
            parts.append(select(limited))
        tier = (parts[0] if len(parts) == 1 else union_all(*parts)).subquery()
        rows = select(tier)
        if read:
            # A condition on earlier tiers alone: PostgreSQL checks it before reading this one.
            earlier = union_all(*(select(t.c.id) for t in read)).subquery()
            rows = rows.where(select(func.count()).select_from(earlier).scalar_subquery() < count)
        read.append(rows.cte(f"tier{number}"))
    if not read:
        return select(literal(0.0, Double).label("key"), Idea.id).where(false()).subquery()
    return union_all(*(select(t) for t in read)).subquery()


# Cursors: an opaque token holding (sort, key, id) of the last row shown (or first, for going
# back). Keys are JSON-safe: int, float (relevance) or an ISO datetime string.


def encode_cursor(sort, key, idea_id):
    if isinstance(key, datetime):
        key = key.isoformat()
    raw = json.dumps([sort, key, idea_id], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(token, sort):
    """(key, id) from a cursor made for `sort`, or None when it is missing or malformed."""
    if not token or len(token) > 200:
        return None
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        cursor_sort, key, idea_id = json.loads(raw)
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
        return None
    if cursor_sort != sort or not isinstance(idea_id, int) or isinstance(idea_id, bool):
        return None
    try:
        if sort == "newest":
            key = None
        elif sort == "votes":
            key = int(key)
        elif sort == "active":
            key = datetime.fromisoformat(key)
        elif sort == "relevance":
            key = float(key)
    except (ValueError, TypeError):
        return None
    return key, idea_id


def _sort_column(sort, rank):
    return {
        "newest": None,
        "votes": Idea.vote_count,
        "active": Idea.last_activity_at,
        "relevance": rank,
    }[sort]


def _order(sort, rank, backwards=False):
    """ORDER BY for `sort`: descending key then id (relevance: best rank, i.e. lowest, first)."""
    column = _sort_column(sort, rank)
    if sort == "relevance":
        keys = [column.desc(), Idea.id.asc()] if backwards else [column.asc(), Idea.id.desc()]
    elif column is None:
        keys = [Idea.id.asc() if backwards else Idea.id.desc()]
    else:
        keys = [column.asc(), Idea.id.asc()] if backwards else [column.desc(), Idea.id.desc()]
    return keys


def _beyond(sort, rank, key, idea_id, backwards=False):
    """Where clause: rows after (key, id) in list order (before it when `backwards`)."""
    column = _sort_column(sort, rank)
    if sort == "newest":
        return Idea.id > idea_id if backwards else Idea.id < idea_id
    if sort == "relevance":
        # Ascending rank, descending id: not one direction, so spelled out.
        if backwards:
            return or_(column < key, and_(column == key, Idea.id > idea_id))
        return or_(column > key, and_(column == key, Idea.id < idea_id))
    if backwards:
        return tuple_(column, Idea.id) > tuple_(key, idea_id)
    return tuple_(column, Idea.id) < tuple_(key, idea_id)


class _CardOwner:
    """An idea card's owner: what User.public_name needs, and its rule."""

    __slots__ = ("display_name", "show_name", "deleted_at")
    public_name = User.public_name


class _CardUnit:
    __slots__ = ("name",)


class IdeaCard:
    """An idea as its card shows it, read as one plain row instead of ORM objects.

    Its attributes are named as on Idea, so that `ideas/_card.html` shows either. `key` is the
    row's sort key, for the cursors.
    """

    __slots__ = (
        "id",
        "title",
        "state",
        "visibility",
        "vote_count",
        "comment_count",
        "owner",
        "unit",
        "themes",
        "key",
    )
    state_label = Idea.state_label

    def __init__(self, row):
        (
            self.id,
            self.title,
            self.state,
            self.visibility,
            self.vote_count,
            self.comment_count,
            display_name,
            show_name,
            deleted_at,
            unit_name,
            themes,
            self.key,
        ) = row
        self.owner = owner = _CardOwner()
        owner.display_name, owner.show_name, owner.deleted_at = display_name, show_name, deleted_at
        if unit_name is None:
            self.unit = None
        else:
            self.unit = _CardUnit()
            self.unit.name = unit_name
        # In the order of THEMES, the form's: the order in which they were chosen and so, mostly,
        # that of Idea.theme_rows (which have no order of their own).
        self.themes = sorted(themes.split(","), key=_THEME_ORDER.__getitem__) if themes else []


_THEME_ORDER = {code: number for number, code in enumerate(THEMES)}


def _card_select(key):
    """SELECT what a card shows and `key` (the sort key, or None), in IdeaCard's order: the
    idea's narrow columns, its owner's name, its unit's name and its themes."""
    return _card_columns().add_columns((null() if key is None else key).label("key"))


@cache
def _card_columns():
    themes = (
        select(func.aggregate_strings(IdeaTheme.theme, ","))
        .where(IdeaTheme.idea_id == Idea.id)
        .scalar_subquery()
    )
    return (
        select(
            Idea.id,
            Idea.title,
            Idea.state,
            Idea.visibility,
            Idea.vote_count,
            Idea.comment_count,
            User.display_name,
            User.show_name,
            User.deleted_at,
            Unit.name,
            themes,
        )
        .join(User, User.id == Idea.owner_id)
        .outerjoin(Unit, Unit.id == Idea.unit_id)
    )


def _inline(number):
    """A LIMIT or OFFSET written into the SQL: PostgreSQL plans a prepared statement once
    (a generic plan) only when it knows how many rows it asks for; otherwise it plans the list
    anew on every request, which costs more than running it."""
    return literal(number, Integer, literal_execute=True)


@dataclass
class Page:
    ideas: list
    sort: str
    next_cursor: str | None = None
    prev_cursor: str | None = None
    number: int | None = None


class PageNotFound(Exception):
    """A page number outside 1..MAX_PAGE."""


def _first_rows(branches, clauses, rank, sort, *, start=None, backwards=False, count):
    """A subquery (key, id): each visibility branch's first `count` rows in list order, united.

    Reading each branch in index order and merging keeps the cost at `count` rows per branch
    instead of sorting every idea a staff member may see.
    """
    if sort == "relevance" and getattr(rank, "relevance", None):
        return _relevance_rows(
            branches, clauses, rank.relevance, start=start, backwards=backwards, count=count
        )
    column = _sort_column(sort, rank)
    columns = [Idea.id] if column is None else [column.label("key"), Idea.id]
    parts = []
    for branch in branches:
        stmt = select(*columns).where(branch, *clauses)
        if start is not None:
            stmt = stmt.where(_beyond(sort, rank, *start, backwards=backwards))
        limited = stmt.order_by(*_order(sort, rank, backwards)).limit(_inline(count)).subquery()
        # Wrapped, since SQLite allows no LIMIT on the members of a UNION.
        parts.append(select(limited))
    return (parts[0] if len(parts) == 1 else union_all(*parts)).subquery()


def list_page(user, filters, *, after=None, before=None, page=None, per_page=PER_PAGE):
    """One page of visible ideas, by cursor (`after`/`before`) or by page number."""
    sort = filters.effective_sort
    clauses, rank = filter_clauses(filters)
    if rank is None and sort == "relevance":
        sort = "newest"  # a query without words: nothing to rank by
    branches = visible_branches(user)

    start = None
    backwards = False
    if after:
        start = decode_cursor(after, sort)
    elif before:
        start = decode_cursor(before, sort)
        backwards = start is not None
    elif page is not None:
        if page < 1 or page > MAX_PAGE:
            raise PageNotFound(page)
        if page > 1:
            start = _page_start(branches, clauses, rank, sort, (page - 1) * per_page)
            if start is None:
                return Page([], sort, number=page)

    first = _first_rows(
        branches, clauses, rank, sort, start=start, backwards=backwards, count=per_page + 1
    )
    stmt = (
        _card_select(_sort_column(sort, rank))
        .where(Idea.id.in_(select(first.c.id)))
        .order_by(*_order(sort, rank, backwards))
        .limit(_inline(per_page + 1))
    )
    # Plain rows through the session's connection: the ORM would add about 0.2 ms a page
    # turning them into its own rows, and a read has nothing to flush.
    rows = db.session.connection().execute(stmt).all()
    more = len(rows) > per_page
    rows = rows[:per_page]
    if backwards:
        rows.reverse()
    ideas = [IdeaCard(row) for row in rows]

    def cursor(i):
        return encode_cursor(sort, ideas[i].key, ideas[i].id)

    result = Page(ideas, sort, number=page)
    if ideas:
        has_next = more if not backwards else True
        has_prev = (start is not None) if not backwards else more
        if has_next:
            result.next_cursor = cursor(-1)
        if has_prev:
            result.prev_cursor = cursor(0)
    return result


def _page_start(branches, clauses, rank, sort, skipped):
    """(key, id) of the last row before a page: the `skipped`-th row, read from narrow
    columns only (at most `skipped` index entries per visibility branch)."""
    first = _first_rows(branches, clauses, rank, sort, count=skipped)
    if sort == "newest":
        order = [first.c.id.desc()]
    elif sort == "relevance":
        order = [first.c.key.asc(), first.c.id.desc()]
    else:
        order = [first.c.key.desc(), first.c.id.desc()]
    stmt = select(first).order_by(*order).offset(_inline(skipped - 1)).limit(_inline(1))
    row = db.session.connection().execute(stmt).first()
    if row is None:
        return None
    if sort == "newest":
        return None, row.id
    return row.key, row.id


def similar_ideas(user, title, problem="", *, exclude=None, limit=SIMILAR_LIMIT):
    """Up to `limit` visible ideas like one being written, best first.

    First those with every word of the title and problem, then every word of the title (each
    with the words in the title before those with them anywhere, the newest first); then,
    among the newest SIMILAR_CANDIDATES ideas sharing some word in their title, those sharing
    the most; last the newest sharing some word anywhere. Every step reads at most a bounded
    number of rows, however many ideas share a common word.
    """
    found = search.prepare(Idea.id, f"{title} {problem}")
    if found is None or found.finds_nothing:
        return []
    searches = [found]
    in_title = found.head(len(search.words(title)))
    if in_title is not None and in_title.words != found.words:
        searches.append(in_title)
    steps = []
    for words in searches:
        if not words.impossible:  # else nothing has every word
            steps += [words.every_word(title=True), words.every_word()]
    base = select(Idea.id).where(visible_to(user))
    if exclude:
        base = base.where(Idea.id != exclude)

    ids = []

    def add(stmt):
        if ids:
            stmt = stmt.where(Idea.id.not_in(ids))
        ids.extend(db.session.scalars(stmt.limit(limit - len(ids))).all())

    for clause in steps:
        if len(ids) < limit:
            add(base.where(clause).order_by(Idea.id.desc()))
    if len(ids) < limit:
        candidates = base.add_columns(found.title_score().label("score")).where(
            found.some_word(title=True)
        )
        if ids:
            candidates = candidates.where(Idea.id.not_in(ids))
        newest = candidates.order_by(Idea.id.desc()).limit(SIMILAR_CANDIDATES).subquery()
        best = select(newest.c.id).order_by(newest.c.score.desc(), newest.c.id.desc())
        ids.extend(db.session.scalars(best.limit(limit - len(ids))).all())
    if len(ids) < limit:
        add(base.where(found.some_word()).order_by(Idea.id.desc()))
    if not ids:
        return []
    stmt = select(Idea).where(Idea.id.in_(ids)).options(load_only(Idea.title, Idea.state))
    by_id = {idea.id: idea for idea in db.session.scalars(stmt.options(raiseload("*")))}
    return [by_id[i] for i in ids]


def my_ideas(user):
    """Every idea `user` owns or is on the team of, in every state, most recently active first."""
    mine = select(TeamMember.idea_id).where(TeamMember.user_id == user.id)
    stmt = (
        select(Idea)
        .where(or_(Idea.owner_id == user.id, Idea.id.in_(mine)))
        .options(
            joinedload(Idea.owner).lazyload(User.role_rows),
            selectinload(Idea.team),
            lazyload(Idea.coach),
            lazyload(Idea.unit),
        )
        .order_by(Idea.last_activity_at.desc(), Idea.id.desc())
    )
    return db.session.scalars(stmt).unique().all()
