"""Full-text search over ideas with Swedish stemming.

PostgreSQL: a generated tsvector column with the `swedish` configuration and a GIN index.
SQLite: an FTS5 table holding Snowball-stemmed text (the same Swedish stemmer PostgreSQL uses),
kept current by the operations that change an idea. Neither is in the ORM metadata: the
migrations create them per backend, and `include_object` keeps autogenerate from dropping them.
"""

import re

import snowballstemmer
from sqlalchemy import Float, func, literal_column, select, table, text

from ..extensions import db

SEARCH_OBJECTS = {"search_vector", "ix_ideas_search_vector", "ideas_fts"}
_stemmer = snowballstemmer.stemmer("swedish")
_WORD = re.compile(r"\w+", re.UNICODE)


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


def _fts_query(terms, any_term):
    groups = []
    for term in terms:
        stem = _stemmer.stemWord(term)
        forms = [f'"{f}"*' for f in (stem, _other_form(stem)) if f]
        groups.append(forms[0] if len(forms) == 1 else "(" + " OR ".join(forms) + ")")
    joiner = " OR " if any_term else " AND "  # FTS5 wants AND spelled out beside groups
    return joiner.join(groups)


def _ts_group(term):
    other = _other_form(_stemmer.stemWord(term))
    return f"{term}:*" if not other else f"({term}:* | {other}:*)"


def matching(idea_table_id, query, any_term=False):
    """A (where clause, rank expression) pair for ideas matching `query`, or None for no words.

    `any_term` ranks ideas sharing any word (similar-idea suggestions); otherwise all words
    must match (search).
    """
    terms = words(query)
    if not terms:
        return None
    if _is_sqlite():
        match = text("ideas_fts MATCH :fts").bindparams(fts=_fts_query(terms, any_term))
        # A table clause, not text: ORM statements (a rank in ORDER BY) need a real FROM.
        fts = table("ideas_fts")
        rowids = select(literal_column("rowid")).select_from(fts).where(match)
        # bm25() itself, not inside an aggregate (SQLite refuses that); rowid is unique.
        rank = (
            select(literal_column("bm25(ideas_fts)", Float))
            .select_from(fts)
            .where(match, literal_column("rowid") == idea_table_id)
            .limit(1)
            .scalar_subquery()
        )
        return idea_table_id.in_(rowids), rank
    cleaned = [re.sub(r"[^\w]", "", t) for t in terms]
    joiner = " | " if any_term else " & "
    tsquery = func.to_tsquery("swedish", joiner.join(_ts_group(t) for t in cleaned if t))
    vector = literal_column("ideas.search_vector")
    return vector.op("@@")(tsquery), -func.ts_rank(vector, tsquery)
