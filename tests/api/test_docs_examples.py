"""The curl examples of docs/api.md run, as written, against a live server: the docs cannot drift."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from claims.models import Verdict
from tests.conftest import require_service
from tests.factories import UserFactory

DOCS = Path(__file__).parents[2] / "docs" / "api.md"
README = Path(__file__).parents[2] / "README.md"
DOCS_BASE = "http://127.0.0.1:8000/api/v1"


def shell_blocks(markdown: str) -> list[str]:
    return re.findall(r"```sh\n(.*?)```", markdown, flags=re.S)


@pytest.mark.django_db(transaction=True)
def test_the_documented_path_runs_from_article_to_claimreview(live_server: Any, settings: Any) -> None:
    require_service(bool(shutil.which("curl") and shutil.which("jq")), "curl and jq run the documented examples")
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    UserFactory(username="factchecker", role="fact-checker", password="workbench-demo")
    UserFactory(username="editor", role="editor", password="workbench-demo")
    blocks = shell_blocks(DOCS.read_text())
    assert len(blocks) >= 6
    script = "\n".join(blocks).replace(DOCS_BASE, f"{live_server.url}/api/v1")
    # As written, plus: stop at the first failed request (showing its body), and say what ran.
    prelude = 'set -euo pipefail\ncurl() { command curl --fail-with-body "$@"; }\n'
    result = subprocess.run(
        ["bash", "-c", prelude + script + '\necho "CLAIM=$CLAIM"'],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    claim_id = int(re.search(r"CLAIM=(\d+)", result.stdout).group(1))  # type: ignore[union-attr]
    verdict = Verdict.objects.get(claim_id=claim_id)
    assert verdict.status == Verdict.Status.PUBLISHED and verdict.citations.count() == 1
    assert '"claimReviewed"' in result.stdout


def test_the_readme_api_section_matches_the_docs() -> None:
    """Once the README has its API section, each of its shell blocks must be one of the docs' (which run)."""
    documented = {block.strip() for block in shell_blocks(DOCS.read_text())}
    readme = README.read_text()
    section = re.search(r"\n## (?:REST )?API\b.*?(?=\n## |\Z)", readme, flags=re.S)
    if section is None:
        pytest.skip("the README has no API section yet")
    for block in shell_blocks(section.group(0)):
        assert block.strip() in documented, f"README block not in docs/api.md:\n{block}"
