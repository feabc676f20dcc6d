"""Queue free text through a full-text index on PostgreSQL: ``claims_claim.search_vector``.

A ``tsvector`` of the claim's text (weight A) and its speaker's name (weight B), kept by triggers
(on the claim's text or speaker changing, and on a speaker being renamed), with a GIN index, so
``search_vector @@ websearch_to_tsquery('english', q)`` is an index scan instead of the
``UPPER(text) LIKE`` over a join that 0007's trigram indexes could not serve. The column is not a
model field: no ORM read of a claim carries it; :func:`claims.selectors.queue.claim_list` filters
on it by name. SQLite keeps the ``icontains`` search; this migration does nothing there.
"""

from django.db import migrations

VECTOR = (
    "setweight(to_tsvector('english', coalesce({text}, '')), 'A') || "
    "setweight(to_tsvector('english', coalesce((SELECT name FROM claims_speaker WHERE id = {speaker}), '')), 'B')"
)
CREATE = [
    "ALTER TABLE claims_claim ADD COLUMN IF NOT EXISTS search_vector tsvector",
    f"""
    CREATE OR REPLACE FUNCTION claims_claim_search_vector() RETURNS trigger AS $$
    BEGIN
        NEW.search_vector := {VECTOR.format(text="NEW.text", speaker="NEW.speaker_id")};
        RETURN NEW;
    END
    $$ LANGUAGE plpgsql;
    """,
    """
    CREATE TRIGGER claims_claim_search_vector_update
    BEFORE INSERT OR UPDATE OF text, speaker_id ON claims_claim
    FOR EACH ROW EXECUTE FUNCTION claims_claim_search_vector();
    """,
    f"""
    CREATE OR REPLACE FUNCTION claims_speaker_renamed() RETURNS trigger AS $$
    BEGIN
        UPDATE claims_claim SET search_vector = {VECTOR.format(text="claims_claim.text", speaker="NEW.id")}
        WHERE speaker_id = NEW.id;
        RETURN NULL;
    END
    $$ LANGUAGE plpgsql;
    """,  # noqa: S608 - constant SQL: VECTOR is this module's text
    """
    CREATE TRIGGER claims_speaker_renamed_update
    AFTER UPDATE OF name ON claims_speaker
    FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name) EXECUTE FUNCTION claims_speaker_renamed();
    """,
    f"UPDATE claims_claim SET search_vector = {VECTOR.format(text='text', speaker='speaker_id')}",  # noqa: S608 - constant SQL
    "CREATE INDEX IF NOT EXISTS claim_search_vector_gin ON claims_claim USING gin (search_vector)",
]
DROP = [
    "DROP INDEX IF EXISTS claim_search_vector_gin",
    "DROP TRIGGER IF EXISTS claims_speaker_renamed_update ON claims_speaker",
    "DROP FUNCTION IF EXISTS claims_speaker_renamed()",
    "DROP TRIGGER IF EXISTS claims_claim_search_vector_update ON claims_claim",
    "DROP FUNCTION IF EXISTS claims_claim_search_vector()",
    "ALTER TABLE claims_claim DROP COLUMN IF EXISTS search_vector",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for sql in statements:
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("claims", "0010_claim_embedding_and_text_search")]

    operations = [migrations.RunPython(_run(CREATE), _run(DROP))]
