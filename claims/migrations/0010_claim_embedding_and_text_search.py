"""Claims get an embedding (archive matching) and a full-text index (lexical matching of earlier verdicts).

* PostgreSQL: the pgvector extension (no-op when present), a ``vector(384)`` column with an HNSW
  index for cosine distance, and a GIN index on ``to_tsvector('english', text)``.
* SQLite: a BLOB column (exact numpy search) and the FTS5 table ``claims_claim_fts`` (external
  content, kept by triggers like the library's).
"""

from django.db import migrations, models
from pgvector.django import VectorExtension

import factcheck.vectors

POSTGRES_FORWARD = [
    "CREATE INDEX IF NOT EXISTS claim_embedding_hnsw ON claims_claim USING hnsw (embedding vector_cosine_ops)",
    "CREATE INDEX IF NOT EXISTS claim_text_fts_gin ON claims_claim USING gin (to_tsvector('english', text))",
]
POSTGRES_BACKWARD = ["DROP INDEX IF EXISTS claim_embedding_hnsw", "DROP INDEX IF EXISTS claim_text_fts_gin"]
SQLITE_FORWARD = [
    """
    CREATE VIRTUAL TABLE claims_claim_fts USING fts5(
        text, content='claims_claim', content_rowid='id', tokenize='porter unicode61 remove_diacritics 2'
    );
    """,
    """
    CREATE TRIGGER claims_claim_fts_insert AFTER INSERT ON claims_claim BEGIN
        INSERT INTO claims_claim_fts(rowid, text) VALUES (new.id, new.text);
    END;
    """,
    """
    CREATE TRIGGER claims_claim_fts_delete AFTER DELETE ON claims_claim BEGIN
        INSERT INTO claims_claim_fts(claims_claim_fts, rowid, text) VALUES ('delete', old.id, old.text);
    END;
    """,
    """
    CREATE TRIGGER claims_claim_fts_update AFTER UPDATE OF text ON claims_claim BEGIN
        INSERT INTO claims_claim_fts(claims_claim_fts, rowid, text) VALUES ('delete', old.id, old.text);
        INSERT INTO claims_claim_fts(rowid, text) VALUES (new.id, new.text);
    END;
    """,
    "INSERT INTO claims_claim_fts(claims_claim_fts) VALUES ('rebuild');",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS claims_claim_fts_update;",
    "DROP TRIGGER IF EXISTS claims_claim_fts_delete;",
    "DROP TRIGGER IF EXISTS claims_claim_fts_insert;",
    "DROP TABLE IF EXISTS claims_claim_fts;",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0009_verdict_corrections"),
    ]

    operations = [
        VectorExtension(),
        migrations.AddField(
            model_name="claim",
            name="embedding",
            field=factcheck.vectors.EmbeddingField(blank=True, dimensions=384, null=True),
        ),
        migrations.AddField(
            model_name="claim",
            name="embedding_model",
            field=models.CharField(blank=True, max_length=80),
        ),
        migrations.RunPython(
            _run({"postgresql": POSTGRES_FORWARD, "sqlite": SQLITE_FORWARD}),
            _run({"postgresql": POSTGRES_BACKWARD, "sqlite": SQLITE_BACKWARD}),
        ),
    ]
