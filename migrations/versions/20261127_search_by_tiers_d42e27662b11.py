"""Search: a title tsvector and the list of indexed words (PostgreSQL only)

Relevance reads its tiers (every word in the title, some, none) in id order, which needs the
title's words without reading the whole search_vector: `title_vector`, with its own GIN index.
`search_lexemes` holds every word search_vector has ever held, so that a query word's prefix
can be looked up there and the GIN index asked for exact words (see ideasluss/core/search.py).
Triggers keep it: one per INSERT statement (a bulk COPY adds its words at once), one per row
whose text an UPDATE changes; both add words in the index's order, so that two transactions
adding the same new words wait for each other instead of deadlocking. Words of deleted or
edited ideas stay; a word no idea has any more only makes a query ask the index for one word
more. Should the list ever be lost, the INSERT at the end of upgrade() rebuilds it.

Revision ID: d42e27662b11
Revises: 2b7f7cac3197
Create Date: 2026-11-27 00:10:00.000000

"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "d42e27662b11"
down_revision = "2b7f7cac3197"
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return  # SQLite's FTS5 table has the title as a column of its own already
    op.execute(
        "ALTER TABLE ideas ADD COLUMN title_vector tsvector GENERATED ALWAYS AS ("
        "to_tsvector('swedish', coalesce(title, ''))) STORED"
    )
    op.execute("CREATE INDEX ix_ideas_title_vector ON ideas USING GIN (title_vector)")
    op.execute(
        'CREATE TABLE search_lexemes (lexeme text COLLATE "C" NOT NULL, '
        "CONSTRAINT pk_search_lexemes PRIMARY KEY (lexeme))"
    )
    op.execute(
        """
        CREATE FUNCTION search_lexemes_of_new_ideas() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            INSERT INTO search_lexemes (lexeme)
            SELECT DISTINCT word COLLATE "C"
            FROM new_ideas, unnest(tsvector_to_array(new_ideas.search_vector)) AS word
            ORDER BY 1
            ON CONFLICT DO NOTHING;
            RETURN NULL;
        END
        $$
        """
    )
    op.execute(
        """
        CREATE FUNCTION search_lexemes_of_changed_idea() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            INSERT INTO search_lexemes (lexeme)
            SELECT word COLLATE "C" FROM unnest(tsvector_to_array(NEW.search_vector)) AS word
            ORDER BY 1
            ON CONFLICT DO NOTHING;
            RETURN NULL;
        END
        $$
        """
    )
    op.execute(
        "CREATE TRIGGER search_lexemes_insert AFTER INSERT ON ideas "
        "REFERENCING NEW TABLE AS new_ideas FOR EACH STATEMENT "
        "EXECUTE FUNCTION search_lexemes_of_new_ideas()"
    )
    # Only when the text changed: votes and other counters update ideas all the time.
    op.execute(
        "CREATE TRIGGER search_lexemes_update "
        "AFTER UPDATE OF title, problem, proposal, value ON ideas FOR EACH ROW "
        "WHEN (OLD.search_vector IS DISTINCT FROM NEW.search_vector) "
        "EXECUTE FUNCTION search_lexemes_of_changed_idea()"
    )
    op.execute(
        "INSERT INTO search_lexemes (lexeme) "
        "SELECT DISTINCT unnest(tsvector_to_array(search_vector)) FROM ideas "
        "ON CONFLICT DO NOTHING"
    )


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP TRIGGER search_lexemes_update ON ideas")
    op.execute("DROP TRIGGER search_lexemes_insert ON ideas")
    op.execute("DROP FUNCTION search_lexemes_of_changed_idea()")
    op.execute("DROP FUNCTION search_lexemes_of_new_ideas()")
    op.execute("DROP TABLE search_lexemes")
    op.execute("DROP INDEX ix_ideas_title_vector")
    op.execute("ALTER TABLE ideas DROP COLUMN title_vector")
