from django.apps import AppConfig


class ClaimsConfig(AppConfig):
    verbose_name = "Articles, claims and verdicts"
    name = "claims"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from claims.bootstrap import ensure_after_migrate

        # After auth's and contenttypes' handlers (they connect first), so permissions exist.
        post_migrate.connect(ensure_after_migrate, dispatch_uid="claims-bootstrap")
