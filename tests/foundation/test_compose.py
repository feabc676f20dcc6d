"""docker-compose.yml describes the production-like stack the README promises."""

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_names_every_service():
    assert set(compose()["services"]) == {"db", "redis", "web", "worker", "beat"}


def test_web_worker_and_beat_share_one_image_and_environment():
    services = compose()["services"]
    images = {services[name]["image"] for name in ("web", "worker", "beat")}
    envs = [services[name]["environment"] for name in ("web", "worker", "beat")]
    assert len(images) == 1
    assert envs[0] == envs[1] == envs[2]
    assert envs[0]["DATABASE_URL"].startswith("postgres://") and envs[0]["CELERY_BROKER_URL"].startswith("redis://")


def test_database_is_postgres_16_with_a_volume_and_every_service_with_state_has_a_health_check():
    services = compose()["services"]
    # PostgreSQL 16 with pgvector (the archive's vector columns need the extension).
    assert services["db"]["image"] == "pgvector/pgvector:pg16"
    assert any("pgdata" in v for v in services["db"]["volumes"])
    for name in ("db", "redis", "web", "worker"):
        assert "healthcheck" in services[name], name
    assert "/readyz" in " ".join(services["web"]["healthcheck"]["test"])
    assert "worker_health" in " ".join(services["worker"]["healthcheck"]["test"])
    assert services["worker"]["environment"]["WORKER_HEARTBEAT_FILE"]


def test_the_worker_consumes_every_queue():
    command = " ".join(compose()["services"]["worker"]["command"])
    assert "ingest,evidence,webhooks" in command


def test_collectstatic_succeeds_with_production_storage(tmp_path):
    """The Docker image runs collectstatic with the manifest storage; a dangling reference breaks it."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "DEBUG": "0", "SECRET_KEY": "collectstatic-check", "DATABASE_URL": f"sqlite:///{tmp_path}/x"}
    result = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--settings", "factcheck.settings"],
        cwd=ROOT,
        env={**env, "STATIC_ROOT": str(tmp_path / "static")},
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr[-2000:]
