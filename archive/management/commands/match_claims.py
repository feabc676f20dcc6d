"""Match texts against the archive and published verdicts: one text a line in, one JSON object a line out."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from archive.services.matching import matches_for_text


class Command(BaseCommand):
    help = (
        'Read one claim a line from FILE ("-" for standard input) and write, in order, one JSON object a line: '
        '{"text": ..., "matches": [{"kind", "id", "external_id", "score", "decision"}, ...]} (best first).'
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument("--top", type=int, default=5, help="Matches per text (default 5).")

    def handle(self, *args: Any, file: str, top: int, **options: Any) -> None:
        if top < 1:
            raise CommandError("--top must be at least 1.")
        if file == "-":
            lines = sys.stdin.read().splitlines()
        elif Path(file).is_file():
            lines = Path(file).read_text(encoding="utf-8", errors="replace").splitlines()
        else:
            raise CommandError(f"{file}: no such file.")
        for line in lines:
            text = line.strip()
            matches = []
            for found in matches_for_text(text, limit=top) if text else []:
                row = found.factcheck or found.claim
                matches.append(
                    {
                        "kind": found.kind,
                        "id": row.pk if row is not None else None,
                        "external_id": found.factcheck.external_id if found.factcheck else None,
                        "score": round(found.scored.score, 4),
                        "decision": "auto" if found.automatic else "suggest",
                    }
                )
            self.stdout.write(json.dumps({"text": text, "matches": matches}, ensure_ascii=False))
