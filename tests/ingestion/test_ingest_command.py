"""python manage.py ingest: files, directories and files of URLs, with a summary and an exit code."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from django.core.management import call_command

from claims.models import Article
from tests.factories import UserFactory
from tests.localsite import Page

# Transactional: each submission commits, so the eager ingest task runs as in real use.
pytestmark = pytest.mark.django_db(transaction=True)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "articles"


@pytest.fixture
def submitter(transactional_db):
    return UserFactory(username="desk", role="fact-checker")


@pytest.fixture
def run():
    from io import StringIO

    def _run(*args: str) -> tuple[int, str, str]:
        out, err = StringIO(), StringIO()
        try:
            call_command("ingest", *args, "--user", "desk", "--no-progress", stdout=out, stderr=err)
            code = 0
        except SystemExit as exc:
            code = int(exc.code or 0)
        return code, out.getvalue(), err.getvalue()

    return _run


def test_a_directory_of_text_and_html_articles_is_ingested(tmp_path, submitter, run):
    for name in ("school-funding.txt", "transit-budget.html", "drought-harvest.html"):
        shutil.copy(FIXTURES / name, tmp_path / name)
    code, out, _ = run(str(tmp_path))
    assert code == 0 and "3 created, 0 duplicate, 0 failed" in out
    assert Article.objects.filter(status=Article.Status.DONE).count() == 3


def test_duplicates_are_counted_not_stored(tmp_path, submitter, run):
    shutil.copy(FIXTURES / "school-funding.txt", tmp_path / "a.txt")
    shutil.copy(FIXTURES / "school-funding.txt", tmp_path / "b.txt")
    code, out, _ = run(str(tmp_path / "a.txt"), str(tmp_path / "b.txt"))
    assert code == 0 and "1 created, 1 duplicate, 0 failed" in out
    assert Article.objects.count() == 1


def test_a_file_of_urls_is_fetched_and_failures_exit_non_zero(tmp_path, submitter, site, run):
    good = site.serve("/good", Page(body=(FIXTURES / "transit-budget.html").read_bytes()))
    (tmp_path / "urls.txt").write_text(f"# today's links\n{good}\n{site.url('/gone')}\n")
    code, out, err = run(str(tmp_path / "urls.txt"), str(tmp_path / "no-such-file.txt"))
    assert code == 1
    assert "1 created, 0 duplicate, 2 failed" in out
    assert "404" in err and "no such file" in err


def test_an_unknown_user_is_a_clear_error(tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No active user named 'ghost'"):
        call_command("ingest", str(tmp_path), "--user", "ghost")
