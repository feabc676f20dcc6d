"""Create the demo users (one per role) and the demo article. Safe to run again."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.utils.module_loading import module_has_submodule

from claims.services.articles import article_submit
from factcheck import roles
from factcheck.services.users import user_ensure

DEMO_DIR = Path(__file__).resolve().parents[2] / "demo"
DEMO_USERS = (
    ("factchecker", roles.FACT_CHECKER, {"first_name": "Fran", "last_name": "Checker"}),
    ("editor", roles.EDITOR, {"first_name": "Eddie", "last_name": "Tor"}),
    ("admin", roles.ADMIN, {"first_name": "Ada", "last_name": "Min", "is_staff": True, "is_superuser": True}),
)


class Command(BaseCommand):
    help = "Create the demo users factchecker, editor and admin and the demo article (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--password", help="Password for the demo users (default: a random one, printed).")
        parser.add_argument(
            "--history",
            action="store_true",
            help="Also generate a few months of realistic review activity, so every report shows something.",
        )

    def handle(self, *args: Any, password: str | None = None, **options: Any) -> None:
        users = {}
        with transaction.atomic():
            for username, role, extra in DEMO_USERS:
                users[username] = self._user(username, role, extra, password)
        self._article(users["factchecker"])
        for hook in self._extra_hooks():
            hook(self, users=users, options=options)

    def _user(self, username: str, role: str, extra: dict[str, Any], password: str | None) -> Any:
        ensured = user_ensure(username=username, role=role, profile=extra, password=password)
        if ensured.password is None:
            self.stdout.write(f"{username:<12} {role:<13} exists; password unchanged")
        else:
            shown = "(as given)" if password else ensured.password
            verb = "created" if ensured.created else "password set"
            self.stdout.write(f"{username:<12} {role:<13} {verb}; password: {shown}")
        return ensured.user

    def _article(self, user: Any) -> None:
        text = (DEMO_DIR / "us-japan-alliance.txt").read_text(encoding="utf-8")
        result = article_submit(user=user, text=text)
        article = result.article
        article.refresh_from_db()
        state = "created" if result.created else "already there"
        self.stdout.write(
            f"Demo article #{article.pk} “{article}” {state}: {article.get_status_display()}, "
            f"{article.claims.count()} claims."
        )

    def _extra_hooks(self) -> list[Any]:
        """Other apps add demo content (library documents, history) in ``<app>/demo_loader.py``.

        An app without one is skipped; a demo loader that fails to import raises, so a broken one
        is never silently left out of the demo.
        """
        return [
            importlib.import_module(f"{config.name}.demo_loader").load_demo
            for config in apps.get_app_configs()
            if module_has_submodule(config.module, "demo_loader")
        ]
