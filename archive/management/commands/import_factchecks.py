"""Import fact-checks into the archive: ClaimReview JSON-LD or CSV/TSV files, through the import service."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from archive.formats import UnreadableFile, parse
from archive.services.imports import factchecks_import, source_check
from factcheck.errors import DomainError

MAX_ERRORS_SHOWN = 50


class Command(BaseCommand):
    help = (
        "Import fact-checks (ClaimReview JSON-LD: one object, a list or a DataFeed; or CSV/TSV with a header "
        "naming at least id and claim) into the archive. Re-running updates rows in place by (source, id)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", help="Files to import.")
        parser.add_argument(
            "--source", default="", help="The import's name (default: each file's name without its suffix)."
        )
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")

    def handle(self, *args: Any, files: list[str], source: str, no_progress: bool, **options: Any) -> None:
        failed = 0
        for name in files:
            path = Path(name)
            if not path.is_file():
                raise CommandError(f"{name}: no such file.")
            try:
                chosen = source_check(source or path.stem.split(".")[0])
                parsed = parse(path.name, path.read_bytes())
            except (UnreadableFile, DomainError) as exc:
                self.stderr.write(f"{name}: {exc}")
                failed += 1
                continue
            total = 2 * len(parsed.records)  # written, then embedded (at most)
            with tqdm(total=total, desc=path.name, unit="row", disable=no_progress, file=self.stderr) as bar:
                report = factchecks_import(parsed=parsed, source=chosen, progress=bar.update)
            self.stdout.write(f"{name} (source {chosen}): {report.summary()}")
            for error in report.errors[:MAX_ERRORS_SHOWN]:
                self.stdout.write(f"  {name}, {error}")
            if len(report.errors) > MAX_ERRORS_SHOWN:
                self.stdout.write(f"  ... and {len(report.errors) - MAX_ERRORS_SHOWN} more rows skipped.")
        if failed:
            raise CommandError(f"{failed} file(s) could not be read.")
