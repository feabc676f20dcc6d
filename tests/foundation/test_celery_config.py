"""The Celery app's delivery options and queue layout."""

from __future__ import annotations

from django.conf import settings

from factcheck.celery import app


def test_each_queue_has_its_own_exchange_and_routing_key():
    queues = {q.name: q for q in app.conf.task_queues}
    assert set(queues) == {"ingest", "evidence", "webhooks"}
    for name, queue in queues.items():
        assert (queue.exchange.name, queue.routing_key) == (name, name)


def test_tasks_are_routed_to_their_queue():
    router = app.amqp.router
    for task, queue in (
        ("claims.tasks.ingest_article", "ingest"),
        ("evidence.tasks.gather_evidence", "evidence"),
        ("evidence.tasks.fetch_from_provider", "evidence"),
        ("factcheck.webhooks.tasks.deliver_webhook", "webhooks"),
    ):
        route = router.route({}, task)
        assert route["queue"].name == queue and route["queue"].routing_key == queue, task


def test_delivery_options_are_safe_by_default():
    assert settings.CELERY_TASK_ACKS_LATE and settings.CELERY_TASK_REJECT_ON_WORKER_LOST
    assert settings.CELERY_ACCEPT_CONTENT == ["json"] and settings.CELERY_TASK_SERIALIZER == "json"
    assert settings.CELERY_TASK_SOFT_TIME_LIMIT < settings.CELERY_TASK_TIME_LIMIT
    assert settings.CELERY_WORKER_PREFETCH_MULTIPLIER == 1
