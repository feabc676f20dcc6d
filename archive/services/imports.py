"""Importing fact-checks into the archive: create or update by (source, external id), then embed.

Every door (the ``import_factchecks`` command, ``POST /api/v1/factchecks/import``, the feed pull)
parses a file with :mod:`archive.formats` and calls :func:`factchecks_import`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from archive.formats import Parsed, Record, RowError
from archive.models import FactCheck
from archive.services.embedding import ENCODER_NAME, factchecks_embed
from factcheck import clock, roles
from factcheck.audit import record_event
from factcheck.errors import DomainError, Forbidden

WRITE_BATCH = 500
_SOURCE = re.compile(r"^[\w.\-]{1,100}$")
_FIELDS = ("claim_reviewed", "title", "rating", "url", "publisher", "published", "language")


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    embedded: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def skipped(self) -> int:
        return self.unchanged + len(self.errors)

    def skip_reasons(self) -> dict[str, int]:
        """Why rows were skipped, with counts ("unchanged", "no claim text", ...)."""
        reasons: Counter[str] = Counter()
        if self.unchanged:
            reasons["unchanged"] = self.unchanged
        for error in self.errors:
            reasons[error.reason.split(" (", 1)[0]] += 1
        return dict(reasons)

    def summary(self) -> str:
        text = f"{self.created} created, {self.updated} updated, {self.skipped} skipped"
        reasons = self.skip_reasons()
        if reasons:
            text += " (" + ", ".join(f"{count} {reason}" for reason, count in reasons.items()) + ")"
        return text


def source_check(source: str) -> str:
    """The import's name, stripped; a DomainError on ``source`` if it is not a short plain name."""
    source = (source or "").strip()
    if not _SOURCE.match(source):
        raise DomainError(
            "Name the import with 1-100 letters, digits, dots, dashes or underscores (e.g. checkthat2020).",
            field="source",
        )
    return source


def _values(record: Record) -> dict[str, Any]:
    return {
        "claim_reviewed": record.claim,
        "title": record.title,
        "rating": record.rating,
        "url": record.url,
        "publisher": record.publisher,
        "published": record.published,
        "language": record.language,
    }


def factchecks_import(
    *,
    parsed: Parsed,
    source: str,
    user: Any = None,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Create or update the archive's fact-checks from ``parsed.records`` and embed those whose claim changed.

    ``user`` None is the system (the command line, the feed pull); a person must be allowed to import.
    Rows are written in batches of :data:`WRITE_BATCH`, each in its own transaction, so one bad batch
    never loses the others; a repeated id in the same file is reported and its later rows skipped.
    The parser's row errors are carried into the report. ``progress`` is called with the
    number of rows written and, after, of rows embedded. One ReviewEvent records the import.
    """
    if user is not None and not roles.can_import_factchecks(user):
        raise Forbidden("Only editors can import fact-checks.")
    source = source_check(source)
    report = ImportReport(errors=list(parsed.errors))
    seen: dict[str, int] = {}
    unique: list[Record] = []
    for record in parsed.records:
        if record.external_id in seen:
            first = f"first on {parsed.unit} {seen[record.external_id]}"
            report.errors.append(RowError(record.position, parsed.unit, f"repeated id ({record.external_id}, {first})"))
            continue
        seen[record.external_id] = record.position
        unique.append(record)
    to_embed: list[int] = []
    for start in range(0, len(unique), WRITE_BATCH):
        batch = unique[start : start + WRITE_BATCH]
        to_embed += _write_batch(batch, source, report)
        if progress is not None:
            progress(len(batch))
    report.embedded = factchecks_embed(to_embed, progress=progress)
    report.errors.sort(key=lambda e: e.position)
    last_written = FactCheck.objects.filter(source=source).order_by("-updated_at", "-id").first()
    if (report.created or report.updated) and last_written is not None:
        # The audit trail names objects; an import's event hangs on the last row it wrote.
        record_event(
            actor=user,
            action="factchecks.imported",
            obj=last_written,
            after={
                "source": source,
                "created": report.created,
                "updated": report.updated,
                "errors": len(report.errors),
            },
        )
    return report


@transaction.atomic
def _write_batch(batch: Sequence[Record], source: str, report: ImportReport) -> list[int]:
    """Write one batch; returns the ids whose vector must be (re)computed."""
    existing = {
        row.external_id: row
        for row in FactCheck.objects.select_for_update().filter(
            source=source, external_id__in=[r.external_id for r in batch]
        )
    }
    now = clock.now()
    new: list[FactCheck] = []
    changed: list[FactCheck] = []
    stale: list[int] = []
    for record in batch:
        values = _values(record)
        row = existing.get(record.external_id)
        if row is None:
            new.append(FactCheck(source=source, external_id=record.external_id, **values))
            continue
        if all(getattr(row, name) == value for name, value in values.items()):
            report.unchanged += 1
            if row.embedding is None or row.embedding_model != ENCODER_NAME:
                stale.append(row.pk)
            continue
        text_changed = row.claim_reviewed != record.claim or row.title != record.title  # both make the vector
        if text_changed or row.embedding is None or row.embedding_model != ENCODER_NAME:
            stale.append(row.pk)
        for name, value in values.items():
            setattr(row, name, value)
        row.updated_at = now  # bulk_update does not apply auto_now
        changed.append(row)
    created = FactCheck.objects.bulk_create(new)
    if changed:
        FactCheck.objects.bulk_update(changed, [*_FIELDS, "updated_at"])
    report.created += len(created)
    report.updated += len(changed)
    if created and created[0].pk is None:  # a backend that does not return ids from bulk inserts
        created = list(FactCheck.objects.filter(source=source, external_id__in=[row.external_id for row in new]))
    return stale + [row.pk for row in created]
