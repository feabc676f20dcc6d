"""Settings come from the environment; bad values fail at start-up with the variable's name."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from factcheck import env

ROOT = Path(__file__).resolve().parents[2]


def load_settings(**environ: str) -> subprocess.CompletedProcess[str]:
    """Import the settings module in a fresh interpreter with exactly these variables."""
    code = (
        "import json, factcheck.settings as s; print(json.dumps({'debug': s.DEBUG,"
        " 'db': s.DATABASES['default']['ENGINE'],"
        " 'db_options': s.DATABASES['default'].get('OPTIONS', {}), 'eager': s.CELERY_TASK_ALWAYS_EAGER,"
        " 'cache': s.CACHES['default']['BACKEND'], 'hosts': s.ALLOWED_HOSTS,"
        " 'csrf': s.CSRF_TRUSTED_ORIGINS, 'broker': s.CELERY_BROKER_URL}))"
    )
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DATABASE_URL", "CELERY_", "REDIS_URL", "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "CSRF_"))
    }
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env={**clean, **environ}, capture_output=True, text=True, timeout=60
    )


def parsed(**environ: str) -> dict:
    import json

    result = load_settings(**environ)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_with_nothing_set_it_is_sqlite_and_eager_celery():
    s = parsed(DEBUG="1")
    assert s["db"] == "django.db.backends.sqlite3" and s["eager"] is True
    assert s["cache"].endswith("LocMemCache")


def test_database_broker_and_cache_urls_switch_to_postgres_and_redis():
    s = parsed(
        SECRET_KEY="x" * 50,
        DATABASE_URL="postgres://u@db:5432/fc",
        CELERY_BROKER_URL="redis://r:6379/0",
        REDIS_URL="redis://r:6379/1",
        ALLOWED_HOSTS="a.example,b.example",
        CSRF_TRUSTED_ORIGINS="https://a.example",
    )
    assert s["db"] == "django.db.backends.postgresql" and s["eager"] is False and s["broker"] == "redis://r:6379/0"
    assert s["cache"].endswith("RedisCache")
    assert s["hosts"] == ["a.example", "b.example"] and s["csrf"] == ["https://a.example"]
    assert s["db_options"]["options"] == "-c random_page_cost=1.1"  # SSD planner costs by default
    assert s["debug"] is False


def test_secret_key_is_required_to_serve_when_debug_is_off():
    result = load_settings(DEBUG="0")
    assert result.returncode == 0, "offline commands still load the settings"
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    served = subprocess.run(
        [sys.executable, "-c", "import factcheck.wsgi"], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=60
    )
    assert served.returncode != 0 and "SECRET_KEY must be set" in served.stderr


def test_extract_claims_runs_with_no_settings_at_all(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("The council spent $4 million on buses last year, the mayor said.\n")
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "DATABASE_URL"}}
    result = subprocess.run(
        [sys.executable, "manage.py", "extract_claims", "--json", str(article)],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert '"value": 4000000.0' in result.stdout


def test_production_settings_pass_the_deploy_check():
    # Only what production has: no test-only switches (the browser tests set DJANGO_ALLOW_ASYNC_UNSAFE).
    test_only = {"DEBUG", "SECURE_SSL_REDIRECT", "DJANGO_ALLOW_ASYNC_UNSAFE", "FETCH_ALLOW_PRIVATE_ADDRESSES"}
    environ = {k: v for k, v in os.environ.items() if k not in test_only}
    environ.update(
        SECRET_KEY="p" * 30 + "roduction-secret-key-with-enough-entropy-!@#",
        DEBUG="0",
        ALLOWED_HOSTS="factcheck.example",
        DATABASE_URL="sqlite:////tmp/deploy-check.sqlite3",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("value, expected", [("1", True), ("true", True), ("off", False), ("", False)])
def test_booleans_are_read_in_the_usual_spellings(monkeypatch, value, expected):
    monkeypatch.setenv("X_FLAG", value)
    assert env.env_bool("X_FLAG") is expected


def test_a_bad_boolean_names_the_variable(monkeypatch):
    monkeypatch.setenv("X_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="X_FLAG"):
        env.env_bool("X_FLAG")


def test_a_bad_number_names_the_variable(monkeypatch):
    monkeypatch.setenv("X_NUM", "ten")
    with pytest.raises(ImproperlyConfigured, match="X_NUM must be a whole number"):
        env.env_int("X_NUM", 1)
    monkeypatch.setenv("X_NUM", "-1")
    with pytest.raises(ImproperlyConfigured, match="at least 0"):
        env.env_int("X_NUM", 1, minimum=0)


def test_lists_are_comma_separated(monkeypatch):
    monkeypatch.setenv("X_LIST", " a, b ,,c ")
    assert env.env_list("X_LIST") == ["a", "b", "c"]
