"""Give every claim and archived fact-check a vector of the current encoder (after an upgrade, or for
rows stored before matching existed). Idempotent: rows already embedded by this model are skipped."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from tqdm import tqdm

from archive.services.embedding import claims_embed, factchecks_embed, stale_embeddings


class Command(BaseCommand):
    help = "Embed the claims and archived fact-checks that lack a vector of the current encoder."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")

    def handle(self, *args: Any, no_progress: bool, **options: Any) -> None:
        claim_ids, factcheck_ids = stale_embeddings()
        total = len(claim_ids) + len(factcheck_ids)
        with tqdm(total=total, desc="embedding", unit="row", disable=no_progress, file=self.stderr) as bar:
            claims = claims_embed(claim_ids, progress=bar.update)
            factchecks = factchecks_embed(factcheck_ids, progress=bar.update)
        self.stdout.write(f"{claims} claims and {factchecks} fact-checks embedded.")
