"""python manage.py embed_library: split every library document into passages and embed them (backfill)."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from claims.semantic.encoder import EncoderUnavailable
from evidence.services.passages import ENCODER_NAME, library_embed_backfill


class Command(BaseCommand):
    help = (
        "Split library documents added before passages existed, and give every passage without a vector "
        "from the current encoder one. Idempotent: run it again after a change of encoder."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        progress = tqdm(unit="passage", file=sys.stderr, desc="Embedding", disable=options.get("verbosity", 1) == 0)

        def to_embed(count: int) -> None:
            progress.reset(total=count)

        try:
            result = library_embed_backfill(progress=progress.update, to_embed=to_embed)
        except EncoderUnavailable as exc:
            raise CommandError(str(exc)) from None
        finally:
            progress.close()
        self.stdout.write(
            f"{result.split} documents split into passages, {result.embedded} passages embedded ({ENCODER_NAME})."
        )
