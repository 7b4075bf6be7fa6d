"""core: the title lengths each search lexeme occurs with, so a ranked catalog search walks only
the part of its rank index where matches can be

Revision ID: 0013_catalog_search_speed
Revises: 0011_change_feed
Create Date: 2026-11-28
"""

from alembic import op

revision = "0013_catalog_search_speed"
down_revision = "0011_change_feed"
branch_labels = None
depends_on = None

# A search walks ix_catalog_entry_search_rank in (title_length, id) order (0010). An entry matching
# every word of a query has, for each word, a lexeme starting with it, so its title length lies
# within every word's span here: the walk starts at the longest of the words' shortest titles and
# stops at the shortest of their longest. The spans only ever widen (an entry changed or removed
# leaves them as they were): a wider span still holds every match, it is merely walked longer
# (the backfill below, run again on an emptied table, narrows them to the catalog as it is).
# Lexemes compare bytewise ("C") so that the words' prefix ranges are those to_tsquery matches.
#
# catalog_search_span(query) reads the span of a query (a to_tsquery text of prefix words, see
# app/catalog/search.py): its words are letters and digits, so to_tsvector of its text yields
# the very lexemes to_tsquery makes of them. A word no lexeme starts has no match at all, and its
# NULL bounds then pass no entry either. A PL/pgSQL function, whose plan is made once per session
# (its shape does not depend on the query), and which the planner costs as the few index probes it
# is: written into the search itself, a word count it cannot know made the cached (generic) plan
# of a search look ten times dearer than a fresh one, and every search was planned anew.
POSTGRES_UP = [
    "CREATE TABLE catalog_search_span ("
    " lexeme text COLLATE \"C\" PRIMARY KEY,"
    " shortest integer NOT NULL,"
    " longest integer NOT NULL)",
    # Lexemes whose span already holds the entry's title length are left alone and unlocked (spans
    # only widen: one seen holding it holds it for good), so saving a catalog again locks nothing;
    # the others are locked in lexeme order.
    """CREATE FUNCTION catalog_search_span_widen() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO catalog_search_span AS span (lexeme, shortest, longest)
        SELECT word.lexeme, NEW.title_length, NEW.title_length
        FROM unnest(tsvector_to_array(NEW.search_vector)) AS word (lexeme)
        WHERE NOT EXISTS (
            SELECT FROM catalog_search_span AS known
            WHERE known.lexeme = word.lexeme COLLATE "C"
              AND NEW.title_length BETWEEN known.shortest AND known.longest)
        ORDER BY word.lexeme COLLATE "C"
        ON CONFLICT (lexeme) DO UPDATE
            SET shortest = least(span.shortest, excluded.shortest),
                longest = greatest(span.longest, excluded.longest);
        RETURN NULL;
    END $$""",
    "CREATE TRIGGER catalog_search_span_widen AFTER INSERT OR UPDATE OF title_id, title_en, search_text"
    " ON catalog_entry FOR EACH ROW EXECUTE FUNCTION catalog_search_span_widen()",
    """CREATE FUNCTION catalog_search_span(query text, OUT shortest integer, OUT longest integer)
    LANGUAGE plpgsql STABLE PARALLEL SAFE SET plan_cache_mode = force_generic_plan AS $$
    BEGIN
        SELECT max(span.shortest), min(span.longest) INTO shortest, longest
        FROM unnest(tsvector_to_array(to_tsvector('simple', query))) AS word
        CROSS JOIN LATERAL (
            SELECT min(s.shortest) AS shortest, max(s.longest) AS longest FROM catalog_search_span AS s
            WHERE s.lexeme >= word COLLATE "C" AND s.lexeme < (word || chr(1114111)) COLLATE "C") AS span;
    END $$""",
    "INSERT INTO catalog_search_span (lexeme, shortest, longest)"
    " SELECT lexeme, min(title_length), max(title_length)"
    " FROM catalog_entry, unnest(tsvector_to_array(search_vector)) AS lexeme GROUP BY lexeme",
]
POSTGRES_DOWN = [
    "DROP FUNCTION IF EXISTS catalog_search_span(text)",
    "DROP TRIGGER IF EXISTS catalog_search_span_widen ON catalog_entry",
    "DROP FUNCTION IF EXISTS catalog_search_span_widen()",
    "DROP TABLE IF EXISTS catalog_search_span",
]


def upgrade() -> None:
    _on_postgresql(POSTGRES_UP)


def downgrade() -> None:
    _on_postgresql(POSTGRES_DOWN)


def _on_postgresql(statements: list[str]) -> None:
    # SQLite searches with FTS5 and needs none of this (app/catalog/search.py).
    if op.get_bind().dialect.name == "postgresql":
        for statement in statements:
            op.execute(statement)
