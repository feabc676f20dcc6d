"""``python manage.py score_sentences FILE``: one sentence a line in, one JSON object a line out, in order.

Each output line is ``{"text": ..., "score": 0.0-1.0, "checkworthy": true|false}`` (``checkworthy`` is
``score >= threshold``). ``-`` reads standard input. Blank lines are scored too (they score by rule 0),
so line N of the output always answers line N of the input. Sentences are scored in batches of 1,000.
"""

from __future__ import annotations

import json
import sys
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from claims.services.checkworthiness import MAX_SENTENCES, score_texts


class Command(BaseCommand):
    help = "Score sentences (one a line) for check-worthiness; print one JSON object a line."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", help="text file, one sentence a line (- for standard input)")

    def handle(self, *args: Any, **options: Any) -> None:
        name: str = options["file"]
        try:
            text = sys.stdin.read() if name == "-" else Path(name).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"cannot read {name}: {exc}") from exc
        lines = text.splitlines()
        warned = False
        for start in range(0, len(lines), MAX_SENTENCES):
            body = score_texts(lines[start : start + MAX_SENTENCES])
            if body["warning"] and not warned:
                self.stderr.write(body["warning"])
                warned = True
            for row in body["results"]:
                self.stdout.write(json.dumps(row, ensure_ascii=False))
