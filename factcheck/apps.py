import logging

from django.apps import AppConfig
from django.conf import settings

from factcheck.events import workbench_event

logger = logging.getLogger("factcheck")


class FactcheckConfig(AppConfig):
    name = "factcheck"
    verbose_name = "Workbench"

    def ready(self) -> None:
        # Imported in ready(), not at the top: both modules import models, which need the app registry.
        from factcheck import token_cache_signals
        from factcheck.webhooks.services import on_workbench_event

        # Here rather than in a view or URLconf so that every process that emits events (web,
        # Celery workers, management commands: all of them set Django up) delivers them.
        workbench_event.connect(on_workbench_event, dispatch_uid="factcheck.webhooks")
        token_cache_signals.connect()
        if settings.CELERY_TASK_ALWAYS_EAGER:
            where = "in a thread after each response" if settings.EAGER_TASKS_IN_BACKGROUND else "inside the request"
            logger.info("CELERY_BROKER_URL is not set: Celery tasks run eagerly in the web process, %s.", where)
