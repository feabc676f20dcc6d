from django.apps import AppConfig
from django.conf import settings
from django.db.models.signals import post_migrate
from django.test.signals import setting_changed

from claims.bootstrap import ensure_after_migrate
from claims.semantic import config


class ClaimsConfig(AppConfig):
    verbose_name = "Articles, claims and verdicts"
    name = "claims"

    def ready(self) -> None:
        # Imported in ready(), not at the top: both import models, which need the app registry.
        from claims.services.report_rollup import event_recorded
        from factcheck import audit

        # After auth's and contenttypes' handlers (they connect first), so permissions exist.
        post_migrate.connect(ensure_after_migrate, dispatch_uid="claims-bootstrap")
        configure_semantic()
        # The report roll-up follows every audit event.
        audit.event_recorded.connect(event_recorded, dispatch_uid="claims-report-rollup")
        setting_changed.connect(_semantic_setting_changed, dispatch_uid="claims-semantic-settings")


def configure_semantic() -> None:
    """Hand the encoder thread count and the check-worthiness model choice to the pure semantic layer."""
    config.configure(
        threads=getattr(settings, "ENCODER_THREADS", 1),
        checkworthiness_model=getattr(settings, "CHECKWORTHINESS_MODEL", "v2"),
    )


def _semantic_setting_changed(*, setting: str, **kwargs: object) -> None:
    if setting in ("ENCODER_THREADS", "CHECKWORTHINESS_MODEL"):
        configure_semantic()
