"""python manage.py import_library DIR: add every file under DIR to the reference library."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from evidence.models import EvidenceDocument
from evidence.services import library_document_add
from factcheck.errors import DomainError
from factcheck.management.report import report_failures
from factcheck.selectors import user_named

SUFFIXES = {".txt", ".md", ".html", ".htm", ".pdf", ".text", ""}


class Command(BaseCommand):
    help = (
        "Add every text, HTML and PDF file under DIR to the reference library (files are read by their "
        "content). Prints created / duplicate / failed and exits non-zero when any file failed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", type=Path)
        parser.add_argument(
            "--user",
            help="Record the documents as added by this user (an editor). Without it they are added by the system.",
        )
        parser.add_argument("--publisher", default="", help="Publisher for documents that do not name one.")
        parser.add_argument(
            "--all-files",
            action="store_true",
            help="Try every file, not only .txt/.md/.html/.htm/.pdf (content decides anyway).",
        )

    def handle(
        self, *args: Any, directory: Path, user: str | None, publisher: str, all_files: bool, **options: Any
    ) -> None:
        if not directory.is_dir():
            raise CommandError(f"{directory} is not a directory.")
        actor = None
        if user:
            actor = user_named(user, active_only=False)
            if actor is None:
                raise CommandError(f"No user called {user!r}.")
        files = sorted(
            p
            for p in directory.rglob("*")
            if p.is_file() and not p.name.startswith(".") and (all_files or p.suffix.lower() in SUFFIXES)
        )
        counts = {"created": 0, "duplicate": 0, "failed": 0}
        failures: list[str] = []
        progress = tqdm(
            files, unit="file", disable=options.get("verbosity", 1) == 0 or not files, file=sys.stderr, desc="Importing"
        )
        for path in progress:
            try:
                if path.stat().st_size > settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
                    raise DomainError(f"larger than {settings.DATA_UPLOAD_MAX_MEMORY_SIZE:,} bytes")
                result = library_document_add(
                    user=actor, content=path.read_bytes(), publisher=publisher, source=EvidenceDocument.Source.IMPORT
                )
            except (DomainError, OSError) as exc:
                counts["failed"] += 1
                failures.append(f"{path}: {exc}")
                continue
            counts["created" if result.created else "duplicate"] += 1
        report_failures(
            self,
            failures,
            f"{len(files)} files: {counts['created']} created, {counts['duplicate']} duplicate, "
            f"{counts['failed']} failed.",
        )
        if counts["failed"]:
            raise CommandError(f"{counts['failed']} file(s) could not be imported.", returncode=1)
