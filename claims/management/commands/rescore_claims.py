"""``python manage.py rescore_claims``: re-score every stored claim after a check-worthiness model change.

Claims go in batches to the ``claims.tasks.rescore_claims`` task (the ``ingest`` queue). Without a
broker (the default) Celery runs each batch in this process as it is sent, so the progress bar shows
the work itself; with ``CELERY_BROKER_URL`` set it shows the batches handed to the workers.
"""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from claims.semantic.checkworthiness import active_model
from claims.services.checkworthiness import RESCORE_BATCH, claim_batches
from claims.tasks import rescore_claims


class Command(BaseCommand):
    help = "Re-score every stored claim with check-worthiness v2, in batches on the ingest queue."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--batch-size", type=int, default=RESCORE_BATCH, help=f"claims per task (default {RESCORE_BATCH})"
        )
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["batch_size"] < 1:
            raise CommandError("--batch-size must be at least 1")
        model = active_model()
        if not model.calibrated:
            raise CommandError(f"{model.warning} Fix the model files before re-scoring.")
        batches = claim_batches(batch_size=options["batch_size"])
        eager = settings.CELERY_TASK_ALWAYS_EAGER
        changed = 0
        bar = tqdm(batches, unit="batch", disable=options["no_progress"], file=self.stderr)
        for batch in bar:
            result = rescore_claims.delay(batch)
            if eager:
                changed += int(result.get())
        total = sum(map(len, batches))
        if eager:
            self.stdout.write(f"re-scored {total} claims in {len(batches)} batches; {changed} scores changed")
        else:
            self.stdout.write(f"sent {len(batches)} batches ({total} claims) to the ingest queue")
