"""Bulk ingestion: files, directories and files of URLs, through the same service as the UI."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from claims.models import Article
from claims.selectors.articles import article_outcomes, articles_unfinished_exist
from claims.services.articles import article_submit
from factcheck.errors import DomainError
from factcheck.management.report import report_failures
from factcheck.roles import first_active_superuser
from factcheck.selectors import user_named

TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}


def _url_list(path: Path) -> list[str] | None:
    """The URLs of a file whose every non-empty, non-comment line is an http(s) URL; else None."""
    try:
        lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
    except (UnicodeDecodeError, OSError):
        return None
    lines = [line for line in lines if line and not line.startswith("#")]
    if lines and all(line.startswith(("http://", "https://")) and " " not in line for line in lines):
        return lines
    return None


def expand(sources: list[str]) -> Iterator[tuple[str, str, str | bytes]]:
    """(label, kind, payload) for every article named by the arguments, in order."""
    for source in sources:
        if source.startswith(("http://", "https://")):
            yield source, "url", source
            continue
        path = Path(source)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.suffix.lower() in TEXT_SUFFIXES | HTML_SUFFIXES)
        elif path.is_file():
            files = [path]
        else:
            yield source, "missing", ""
            continue
        for file in files:
            urls = _url_list(file) if file.suffix.lower() in TEXT_SUFFIXES | {".urls", ".list"} else None
            if urls is not None:
                for url in urls:
                    yield f"{file}: {url}", "url", url
            elif file.suffix.lower() in HTML_SUFFIXES:
                yield str(file), "html", file.read_bytes()
            else:
                yield str(file), "text", file.read_text(encoding="utf-8", errors="replace")


class Command(BaseCommand):
    help = "Ingest articles from files, directories, files of URLs, or URLs. Exits 1 if any failed."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("sources", nargs="+", metavar="PATH_OR_URL")
        parser.add_argument("--user", help="Submit as this user (default: the first active superuser).")
        parser.add_argument("--no-progress", action="store_true", help="Do not draw the progress bar.")
        parser.add_argument(
            "--wait",
            type=float,
            default=600.0,
            metavar="SECONDS",
            help="With a broker, wait up to this long for the articles to finish (0: do not wait).",
        )

    def _user(self, username: str | None) -> Any:
        if username:
            named = user_named(username)
            if named is None:
                raise CommandError(f"No active user named {username!r}.")
            return named
        user = first_active_superuser()
        if user is None:
            raise CommandError("No active superuser to submit as; pass --user NAME.")
        return user

    def _wait(self, pending: dict[int, str], timeout: float) -> None:
        """Poll until every submitted article is done or failed (with a worker doing the work)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not articles_unfinished_exist(pending):
                return
            time.sleep(1.0)
        self.stderr.write(f"Stopped waiting after {timeout:.0f} s; some articles are still being processed.")

    def handle(
        self, *args: Any, sources: list[str], user: str | None, no_progress: bool, wait: float, **options: Any
    ) -> None:
        submitter = self._user(user)
        items = list(expand(sources))
        counts: Counter[str] = Counter()
        failures: list[str] = []
        submitted: dict[int, str] = {}
        bar = tqdm(items, unit="article", disable=no_progress, file=self.stderr._out)
        for label, kind, payload in bar:
            bar.set_postfix_str(Path(label).name[-30:], refresh=False)
            if kind == "missing":
                counts["failed"] += 1
                failures.append(f"{label}: no such file or directory")
                continue
            try:
                result = article_submit(user=submitter, **{kind: payload})
            except DomainError as exc:
                counts["failed"] += 1
                failures.append(f"{label}: {exc.message}")
                continue
            if result.created:
                submitted[result.article.pk] = label
            else:
                counts["duplicate"] += 1
        bar.close()
        if submitted and not settings.CELERY_TASK_ALWAYS_EAGER and wait > 0:
            self._wait(submitted, wait)
        for pk, status, error in article_outcomes(submitted):
            if status == Article.Status.FAILED:
                counts["failed"] += 1
                failures.append(f"{submitted[pk]}: {error}")
            else:
                counts["created"] += 1
        report_failures(
            self,
            failures,
            f"{counts['created']} created, {counts['duplicate']} duplicate, {counts['failed']} failed "
            f"({len(items)} in all)",
        )
        if counts["failed"]:
            raise SystemExit(1)
