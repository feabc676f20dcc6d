"""Document frequencies of the archive's words, for :func:`claims.semantic.retrieval.rank` (rare words weigh more).

Computed per process over every fact-check's ``terms(claim + " " + title)`` and kept while the
archive's stamp (row count, largest id, latest update) is unchanged, so an import or a feed pull is
counted at the next match. Above :data:`MAX_ROWS` rows the pass would cost too long for one
request: ``None`` is returned and ``rank()`` falls back on the candidates' own frequencies.
"""

from __future__ import annotations

from collections import Counter

from django.db import connection

from archive.models import FactCheck
from claims.semantic.retrieval import CorpusStats, terms

MAX_ROWS = 200_000
_CACHE: dict[str, tuple[tuple[object, ...], CorpusStats | None]] = {}


def corpus_stats() -> CorpusStats | None:
    """The archive's document frequencies, or None when it is empty or larger than MAX_ROWS."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*), max(id), max(updated_at) FROM archive_factcheck")
        stamp = tuple(cursor.fetchone() or ())
    key = str(connection.settings_dict["NAME"])
    cached = _CACHE.get(key)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    documents = int(stamp[0] or 0) if stamp else 0
    stats: CorpusStats | None = None
    if 0 < documents <= MAX_ROWS:
        frequency: Counter[str] = Counter()
        for claim, title in FactCheck.objects.values_list("claim_reviewed", "title").iterator(chunk_size=5000):
            frequency.update(set(terms(f"{claim} {title}")))
        stats = CorpusStats(documents=documents, document_frequency=dict(frequency))
    _CACHE[key] = (stamp, stats)
    return stats
