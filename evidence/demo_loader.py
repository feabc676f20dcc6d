"""Demo content of the evidence app, loaded by ``python manage.py load_demo`` (idempotent).

Adds the reference notes in ``evidence/demo/`` to the library, then gathers evidence for the demo
article's claims from the providers that need no network (library and archive), so a new user
opens a demo claim and finds ranked evidence with number checks. "Fetch evidence again" on the
claim page asks every configured provider.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand

from claims.models import Article
from claims.services.articles import article_submit
from evidence.models import EvidenceDocument
from evidence.providers import OFFLINE
from evidence.services import fetch_runs_start, library_document_add

DEMO_DIR = Path(__file__).resolve().parent / "demo"
ARTICLE_FILE = Path(__file__).resolve().parents[1] / "claims" / "demo" / "us-japan-alliance.txt"


def read_note(path: Path) -> dict[str, Any]:
    """A demo note: header lines ``Key: value`` up to the first blank line, then the text."""
    header, _, body = path.read_text(encoding="utf-8").partition("\n\n")
    fields = dict(line.split(": ", 1) for line in header.splitlines() if ": " in line)
    return {
        "title": fields.get("Title", path.stem),
        "publisher": fields.get("Publisher", ""),
        "published": dt.date.fromisoformat(fields["Published"]) if "Published" in fields else None,
        "url": fields.get("URL", ""),
        "text": body.strip(),
    }


def load_demo(command: BaseCommand, *, users: dict[str, Any], options: dict[str, Any]) -> None:
    """Add the demo notes (once) and gather offline evidence for the demo article's claims."""
    created = 0
    for path in sorted(DEMO_DIR.glob("*.txt")):
        note = read_note(path)
        result = library_document_add(user=users["editor"], source=EvidenceDocument.Source.IMPORT, **note)
        created += result.created
    command.stdout.write(
        f"Library: {created} demo notes added, {EvidenceDocument.objects.count()} documents in the library."
    )
    article = _demo_article(users["factchecker"])
    if article is None:
        return
    claims = list(article.claims.filter(duplicate_of__isnull=True).values_list("pk", flat=True))
    for claim_id in claims:
        fetch_runs_start(claim_id, providers=OFFLINE)
    command.stdout.write(f"Evidence: gathering from {', '.join(OFFLINE)} for {len(claims)} demo claims.")


def _demo_article(user: Any) -> Article | None:
    # Submitting the same text again returns the stored article instead of a new one.
    text = ARTICLE_FILE.read_text(encoding="utf-8")
    return article_submit(user=user, text=text).article
