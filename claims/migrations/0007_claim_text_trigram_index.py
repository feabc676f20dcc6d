"""Free-text queue search (``text__icontains``) uses a trigram index on PostgreSQL.

Django's ``icontains`` on PostgreSQL is ``UPPER(text) LIKE UPPER('%term%')``; a GIN index with
``gin_trgm_ops`` on ``UPPER(text)`` answers it without scanning every claim. SQLite has no such
index type, so this migration does nothing there.
"""

from django.db import migrations

CREATE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS claim_text_trgm_idx ON claims_claim USING gin (UPPER(text) gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS speaker_name_trgm_idx ON claims_speaker USING gin (UPPER(name) gin_trgm_ops)",
]
DROP = ["DROP INDEX IF EXISTS claim_text_trgm_idx", "DROP INDEX IF EXISTS speaker_name_trgm_idx"]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for sql in statements:
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("claims", "0006_queue_order_index")]

    operations = [migrations.RunPython(_run(CREATE), _run(DROP))]
