"""Cross-cutting records: the audit trail, API tokens, idempotency keys, webhook subscriptions and deliveries."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from factcheck.clock import StampedDateTimeField


class ReviewEvent(models.Model):
    """The audit trail: who changed what, when, from which state to which.

    Events outlive what they describe: deleting a claim or an article leaves its events, with the
    link set to NULL and ``object_label`` still saying what it was. Written only through
    :func:`factcheck.audit.record_event`, in the same transaction as the change.
    """

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="review_events"
    )
    action = models.CharField(max_length=40, db_index=True)
    object_type = models.CharField(max_length=40)
    object_id = models.BigIntegerField()
    # What the object was called when the event was written ("claim #12: The council spent …").
    object_label = models.CharField(max_length=300, blank=True, default="", db_default="")
    article = models.ForeignKey(
        "claims.Article", null=True, blank=True, on_delete=models.SET_NULL, related_name="events"
    )
    claim = models.ForeignKey("claims.Claim", null=True, blank=True, on_delete=models.SET_NULL, related_name="events")
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)
    note = models.TextField(blank=True)
    created_at = StampedDateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        # The table keeps the name it had in the claims app (the model moved, the rows did not).
        db_table = "claims_reviewevent"
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["object_type", "object_id"], name="reviewevent_object_idx"),
            # Throughput reports count actions per period.
            models.Index(fields=["action", "created_at", "claim"], name="reviewevent_action_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.action} {self.object_type}#{self.object_id}"


class ApiToken(models.Model):
    """A bearer token for the REST API. Only a hash is stored; the key is shown once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=12, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = StampedDateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class IdempotencyKey(models.Model):
    """An ``Idempotency-Key`` seen on a POST: the request's fingerprint and, once done, its response."""

    class State(models.TextChoices):
        RUNNING = "running", "Running"
        DONE = "done", "Done"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    method = models.CharField(max_length=10)
    path = models.CharField(max_length=500)
    request_hash = models.CharField(max_length=64)
    state = models.CharField(max_length=8, choices=State.choices, default=State.RUNNING)
    response_status = models.PositiveSmallIntegerField(null=True, blank=True)
    response_body = models.JSONField(null=True, blank=True)
    response_headers = models.JSONField(default=dict, blank=True)
    created_at = StampedDateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="idempotency_key_unique_per_user")]

    def __str__(self) -> str:
        return self.key


class WebhookSubscription(models.Model):
    class Event(models.TextChoices):
        ARTICLE_INGESTED = "article.ingested", "Article ingested"
        CLAIM_CREATED = "claim.created", "Claim created"
        CLAIM_EDITED = "claim.edited", "Claim edited"
        CLAIM_SPLIT = "claim.split", "Claim split into parts"
        CLAIM_MERGED = "claim.merged", "Claims merged"
        VERDICT_SUBMITTED = "verdict.submitted", "Verdict submitted"
        VERDICT_PUBLISHED = "verdict.published", "Verdict published"
        VERDICT_CORRECTED = "verdict.corrected", "Published verdict corrected"
        VERDICT_RETRACTED = "verdict.retracted", "Published verdict retracted"
        MATCH_AUTOMATIC = "match.automatic", "Claim matched automatically to an earlier fact-check"
        MATCH_CONFIRMED = "match.confirmed", "Suggested match confirmed"
        MATCH_REJECTED = "match.rejected", "Suggested match rejected"
        MATCH_UNDONE = "match.undone", "Match decision undone"

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="webhooks")
    url = models.URLField(max_length=2000)
    events = models.JSONField(default=list)
    description = models.CharField(max_length=200, blank=True)
    secret = models.CharField(max_length=120)
    # During a rotation both signatures are sent until this time.
    previous_secret = models.CharField(max_length=120, blank=True)
    previous_secret_expires_at = models.DateTimeField(null=True, blank=True)
    is_active = models.BooleanField(default=True)
    disabled_reason = models.CharField(max_length=300, blank=True)
    created_at = StampedDateTimeField(auto_now_add=True)
    updated_at = StampedDateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        permissions = [("manage_webhooks", "Can manage webhook subscriptions")]

    def __str__(self) -> str:
        return self.url


class WebhookDelivery(models.Model):
    """One event for one subscription; retried until delivered or given up after 24 hours."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SENDING = "sending", "Sending"
        DELIVERED = "delivered", "Delivered"
        FAILED = "failed", "Failed"

    subscription = models.ForeignKey(WebhookSubscription, on_delete=models.CASCADE, related_name="deliveries")
    event_id = models.CharField(max_length=64)
    event_type = models.CharField(max_length=40)
    payload = models.JSONField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    # Failed attempts since the delivery was (re)queued: picks the next step of the retry
    # schedule. "Redeliver" resets it; ``attempts`` keeps counting for the attempt log.
    failures = models.PositiveSmallIntegerField(default=0)
    # When PENDING: when the next attempt is due. When SENDING: when the attempt's lease ends
    # (a worker that died mid-attempt leaves the row for the sweeper after it).
    next_attempt_at = models.DateTimeField(null=True, blank=True, db_index=True)
    last_status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_at = StampedDateTimeField(auto_now_add=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["subscription", "event_id"], name="delivery_unique_event"),
            models.CheckConstraint(
                condition=Q(status__in=["pending", "sending", "delivered", "failed"]), name="delivery_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event_type} {self.event_id}"


class WebhookAttempt(models.Model):
    delivery = models.ForeignKey(WebhookDelivery, on_delete=models.CASCADE, related_name="attempt_log")
    number = models.PositiveSmallIntegerField()
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    error = models.TextField(blank=True)
    duration_ms = models.PositiveIntegerField(null=True, blank=True)
    created_at = StampedDateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["delivery", "number"]

    def __str__(self) -> str:
        return f"attempt {self.number}: {self.status_code or self.error}"
