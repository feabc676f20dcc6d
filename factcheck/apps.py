import logging

from django.apps import AppConfig
from django.conf import settings

logger = logging.getLogger("factcheck")


class FactcheckConfig(AppConfig):
    name = "factcheck"
    verbose_name = "Workbench"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        if settings.CELERY_TASK_ALWAYS_EAGER:
            logger.info("CELERY_BROKER_URL is not set: Celery tasks run eagerly in the web process.")
