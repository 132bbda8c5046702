"""Full-text search over ideas with Swedish stemming.

PostgreSQL: generated tsvector columns with the `swedish` configuration, each with a GIN index:
`search_vector` (title, problem, proposal and value) and `title_vector` (the title alone), and
`search_lexemes`, every word the index holds (kept by triggers on ideas). SQLite: an FTS5 table
holding Snowball-stemmed text (the same Swedish stemmer PostgreSQL uses), kept current by the
operations that change an idea. None of them is in the ORM metadata: the migrations create them
per backend, and `include_object` keeps autogenerate from dropping them.

A query word matches the words that begin with its stem, so that `cykel` finds `cykelbanan`
(Swedish compounds). PostgreSQL's GIN index answers such prefix searches by collecting every
match of every word with that prefix, which at city scale costs several milliseconds per word
however few ideas match all the words; so each prefix is first looked up in `search_lexemes`
and the index is asked for those exact words (a prefix standing for very many words keeps the
prefix search).

Relevance is a tier, best first: ideas with every word in the title, then (for several words)
with some word in the title, then the rest; the newest first within a tier. Each tier can be
read in id order from an index, so a page costs about a page of rows however many ideas match
(ranking every match with ts_rank read the whole tsvector of each of them).
"""

import re
from dataclasses import dataclass, field

import snowballstemmer
from sqlalchemy import (
    Float,
    String,
    and_,
    bindparam,
    case,
    cast,
    false,
    func,
    literal_column,
    not_,
    select,
    table,
    text,
)
from sqlalchemy.dialects.postgresql import TSQUERY

from ..extensions import db

SEARCH_OBJECTS = {
    "search_vector",
    "ix_ideas_search_vector",
    "title_vector",
    "ix_ideas_title_vector",
    "search_lexemes",
    "pk_search_lexemes",
    "ideas_fts",
}
_stemmer = snowballstemmer.stemmer("swedish")
_WORD = re.compile(r"\w+", re.UNICODE)
# How many indexed words a prefix may stand for before the index's own prefix search is used.
MAX_EXPANSION = 64


def include_object(obj, name, type_, reflected, compare_to):
    """For Alembic: the search objects are the migrations' own, not the models'."""
    return not (name in SEARCH_OBJECTS or (name or "").startswith("ideas_fts"))


def _is_sqlite():
    return db.engine.dialect.name == "sqlite"


def words(query, limit=12):
    return [w for w in _WORD.findall((query or "").lower()) if len(w) > 1][:limit]


def stem_text(value):
    return " ".join(_stemmer.stemWords(_WORD.findall((value or "").lower())))


def index_idea(idea):
    """Bring the SQLite index up to date for one idea (PostgreSQL does it by itself)."""
    if not _is_sqlite():
        return
    db.session.flush()
    db.session.execute(text("DELETE FROM ideas_fts WHERE rowid = :id"), {"id": idea.id})
    db.session.execute(
        text("INSERT INTO ideas_fts (rowid, title, body) VALUES (:id, :title, :body)"),
        {
            "id": idea.id,
            "title": stem_text(idea.title),
            "body": stem_text(
                " ".join([idea.problem or "", idea.proposal or "", idea.value or ""])
            ),
        },
    )


# Swedish drops the e of -el/-en/-er before an ending (cykel, cyklar; nyckel, nycklar), which the
# stemmer leaves as two stems (cykel, cykl); a query term also matches the other form.
_CONSONANT = "bcdfghjklmnpqrstvwxz"
_SYNCOPE = re.compile(f"([{_CONSONANT}])e([lnr])$")
_CLUSTER = re.compile(f"([{_CONSONANT}])([lnr])$")


def _other_form(stem):
    """`cykel` -> `cykl` and `cykl` -> `cykel`, or None when the word has no such pair."""
    if m := _SYNCOPE.search(stem):
        return stem[: m.start()] + m.group(1) + m.group(2)
    m = _CLUSTER.search(stem)
    if m and len(stem) > 3 and m.group(1) != m.group(2):
        return stem[: m.start()] + m.group(1) + "e" + m.group(2)
    return None


# The words of a query, per backend


@dataclass(frozen=True)
class _Word:
    """One query word: the stems it begins (its own and the other form) and, on PostgreSQL,
    every indexed word they begin (None: too many to list; empty: no idea has such a word)."""

    prefixes: tuple
    lexemes: tuple | None = None
    term: int = field(default=0, compare=False)  # the query term it came from, from 0

    def fts(self):
        forms = [f'"{p}"*' for p in self.prefixes]
        return forms[0] if len(forms) == 1 else "(" + " OR ".join(forms) + ")"

    def tsquery(self):
        if self.lexemes is None:
            return "(" + " | ".join(f"{_quoted(p)}:*" for p in self.prefixes) + ")"
        return "(" + " | ".join(_quoted(x) for x in self.lexemes) + ")"


def _quoted(lexeme):
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


def _sqlite_words(terms):
    found = []
    for n, term in enumerate(terms):
        stem = _stemmer.stemWord(term)
        word = _Word(tuple(f for f in (stem, _other_form(stem)) if f), term=n)
        if word not in found:
            found.append(word)
    return found


# The stems as PostgreSQL's `swedish` configuration makes them (stop words give none), with each
# prefix looked up in search_lexemes. `others` pairs each term with the other form of the stem
# Python's identical Snowball stemmer gives, used only when PostgreSQL agrees on the stem.
_EXPAND = text(
    """
    SELECT t.n, s.stem, p.kind, p.prefix, l.lexeme
    FROM unnest(CAST(:terms AS text[]), CAST(:others AS text[]))
        WITH ORDINALITY AS t(term, other, n)
    CROSS JOIN LATERAL unnest(tsvector_to_array(to_tsvector('swedish', t.term))) AS s(stem)
    CROSS JOIN LATERAL (VALUES (0, s.stem), (1, t.other)) AS p(kind, prefix)
    LEFT JOIN LATERAL (
        SELECT lexeme FROM search_lexemes
        WHERE lexeme >= p.prefix AND lexeme < p.prefix || chr(1114111)
        ORDER BY lexeme
        LIMIT :limit
    ) AS l ON true
    WHERE p.prefix IS NOT NULL
    ORDER BY t.n, s.stem, p.kind, l.lexeme
    """
)


def _postgresql_words(terms):
    stems = [_stemmer.stemWord(t) for t in terms]
    rows = db.session.execute(
        _EXPAND,
        {
            "terms": terms,
            "others": [_other_form(s) for s in stems],
            "limit": MAX_EXPANSION + 1,
        },
    ).all()
    groups = {}  # (n, stem) -> {prefix: [lexemes]}, in order
    for n, stem, kind, prefix, lexeme in rows:
        if kind == 1 and stem != stems[n - 1]:
            continue  # the other form belongs to Python's stem, which is not this one
        found = groups.setdefault((n, stem), {}).setdefault(prefix, [])
        if lexeme is not None:
            found.append(lexeme)
    result = []
    for (n, _stem), by_prefix in groups.items():
        prefixes = tuple(by_prefix)
        lexemes = sorted({x for found in by_prefix.values() for x in found})
        too_many = any(len(found) > MAX_EXPANSION for found in by_prefix.values())
        word = _Word(prefixes, None if too_many else tuple(lexemes), term=n - 1)
        if word not in result:
            result.append(word)
    return result


class Search:
    """The words of a query and what they match in ideas, as where clauses for either backend.

    `idea_id` is the ideas.id column of the statement the clauses go into.
    """

    def __init__(self, idea_id, found):
        self.idea_id = idea_id
        self.words = found

    def head(self, terms):
        """The Search for the query's first `terms` terms alone (None when they have no words):
        e.g. a new idea's title, of its title and problem."""
        found = [w for w in self.words if w.term < terms]
        return Search(self.idea_id, found) if found else None

    @property
    def impossible(self):
        """Some word begins no indexed word at all: nothing has every word."""
        return any(w.lexemes == () for w in self.words)

    @property
    def finds_nothing(self):
        """No word begins any indexed word: nothing has even one of them."""
        return not self._possible()

    def _possible(self):
        return [w for w in self.words if w.lexemes != ()]

    # PostgreSQL

    def _tsquery(self, joiner, found):
        query = joiner.join(w.tsquery() for w in found)
        # Inlined, so that every query is planned for its own words (a prepared statement's
        # generic plan would guess how many ideas match).
        return cast(bindparam(None, query, type_=String, literal_execute=True), TSQUERY)

    def _vector_match(self, column, joiner, found):
        return literal_column(f"ideas.{column}").op("@@")(self._tsquery(joiner, found))

    # SQLite

    def _fts(self, joiner, found, column=None):
        query = joiner.join(w.fts() for w in found)
        if column:
            query = f"{{{column}}} : ({query})"
        return text("ideas_fts MATCH :fts").bindparams(bindparam("fts", query, unique=True))

    def _fts_match(self, joiner, found, column=None):
        rowids = select(literal_column("rowid")).select_from(table("ideas_fts"))
        return self.idea_id.in_(rowids.where(self._fts(joiner, found, column)))

    def _bm25(self, joiner, found, column=None):
        """FTS5's bm25 of the row for `idea_id` (lower is better)."""
        # bm25() itself, not inside an aggregate (SQLite refuses that); rowid is unique.
        return (
            select(literal_column("bm25(ideas_fts)", Float))
            .select_from(table("ideas_fts"))
            .where(self._fts(joiner, found, column), literal_column("rowid") == self.idea_id)
            .limit(1)
            .scalar_subquery()
        )

    def every_word(self, *, title=False):
        """Where clause: ideas with every word (in the title alone, when `title`)."""
        if self.impossible:
            return false()
        if _is_sqlite():
            # FTS5 wants AND spelled out beside groups.
            return self._fts_match(" AND ", self.words, "title" if title else None)
        return self._vector_match("title_vector" if title else "search_vector", " & ", self.words)

    def some_word(self, *, title=False):
        """Where clause: ideas with at least one of the words (in the title, when `title`)."""
        found = self._possible()
        if not found:
            return false()
        if _is_sqlite():
            return self._fts_match(" OR ", found, "title" if title else None)
        return self._vector_match("title_vector" if title else "search_vector", " | ", found)

    def title_score(self):
        """How many of the words an idea's title has, roughly: higher is better."""
        found = self._possible()
        if not found:
            return literal_column("0", Float)
        if _is_sqlite():
            return -self._bm25(" OR ", found, "title")
        return func.ts_rank(literal_column("ideas.title_vector"), self._tsquery(" | ", found))

    def sharing_rank(self):
        """How well an idea with some of the words matches, for ordering: lower is better."""
        found = self._possible()
        if not found:
            return literal_column("0", Float)
        if _is_sqlite():
            return self._bm25(" OR ", found)
        return -func.ts_rank(literal_column("ideas.search_vector"), self._tsquery(" | ", found))

    def relevance(self):
        """(match, tiers, rank) for ideas with every word: `match` is the where clause, the
        tiers are where clauses splitting the matches, best first (every word in the title,
        some, none), each implying `match`; rank is a row's tier number."""
        match, every = self.every_word(), self.every_word(title=True)
        if len(self.words) == 1:
            return match, [every, and_(match, not_(every))], case((every, 0), else_=1)
        some = self.some_word(title=True)
        tiers = [every, and_(match, some, not_(every)), and_(match, not_(some))]
        return match, tiers, case((every, 0), (some, 1), else_=2)


def prepare(idea_id, query, *, limit=12):
    """The Search for `query`'s words, or None when it has none (stop words do not count)."""
    terms = words(query, limit)
    if not terms:
        return None
    found = _sqlite_words(terms) if _is_sqlite() else _postgresql_words(terms)
    if not found:
        return None
    return Search(idea_id, found)


def matching(idea_table_id, query, any_term=False):
    """A (where clause, rank expression) pair for ideas matching `query`, or None for no words;
    order by the rank ascending.

    `any_term` ranks ideas sharing any word (candidates for merging) by how well they match;
    otherwise all words must match (search), and the rank is the relevance tier (see above).
    """
    found = prepare(idea_table_id, query)
    if found is None:
        return None
    if not any_term:
        match, _tiers, rank = found.relevance()
        return match, rank
    return found.some_word(), found.sharing_rank()
