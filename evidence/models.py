"""The reference library, evidence candidates for claims, and provider fetch runs."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q

from factcheck.clock import StampedDateTimeField


class EvidenceDocumentManager(models.Manager["EvidenceDocument"]):
    def get_queryset(self) -> models.QuerySet[EvidenceDocument]:
        # The search vector is as large as the text and only the database reads it; never load
        # it, so a save() never writes a stale copy back over what the trigger computed.
        return super().get_queryset().defer("search_vector")


class EvidenceDocument(models.Model):
    """A document in the local reference library that editors fill."""

    class Source(models.TextChoices):
        UPLOAD = "upload", "Uploaded file"
        PASTE = "paste", "Pasted text"
        URL = "url", "Fetched URL"
        IMPORT = "import", "Imported"

    title = models.CharField(max_length=500)
    url = models.URLField(max_length=2000, blank=True)
    publisher = models.CharField(max_length=200, blank=True)
    published = models.DateField(null=True, blank=True)
    text = models.TextField()
    source = models.CharField(max_length=8, choices=Source.choices, default=Source.PASTE)
    content_hash = models.CharField(max_length=64, unique=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = StampedDateTimeField(auto_now_add=True)
    updated_at = StampedDateTimeField(auto_now=True)
    # PostgreSQL only: title (weight A) and text (weight B), written by a database trigger on every
    # insert and update (bulk ones too), searched through a GIN index. Always NULL on SQLite, where
    # the FTS5 table evidence_document_fts plays this part. See evidence/search.py.
    search_vector = SearchVectorField(null=True, editable=False)

    objects = EvidenceDocumentManager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title


class LibraryPassage(models.Model):
    """A passage of a library document (``evidence.relevance.split_passages``) and its embedding.

    ``embedding`` holds the encoder's L2-normalised vector as float32 bytes (384 × 4); ``encoder``
    names the model that computed it, so a change of model re-embeds (``embed_library``). Rows are
    written by ``evidence.services.passages`` when a document is added or its text changes; read
    through ``evidence.selectors.passage_vectors`` only.
    """

    document = models.ForeignKey(EvidenceDocument, on_delete=models.CASCADE, related_name="passages")
    position = models.PositiveIntegerField()
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    text = models.TextField()
    embedding = models.BinaryField(null=True, blank=True, editable=False)
    encoder = models.CharField(max_length=80, blank=True)

    class Meta:
        ordering = ["document", "position"]
        constraints = [
            models.UniqueConstraint(fields=["document", "position"], name="passage_unique_position"),
        ]

    def __str__(self) -> str:
        return f"{self.document_id}#{self.position}"


class EvidenceCandidate(models.Model):
    """A piece of evidence a provider found for a claim, ranked, and the reviewer's decision on it."""

    class Agreement(models.TextChoices):
        AGREES = "agrees", "Numbers agree"
        DISAGREES = "disagrees", "Numbers disagree"
        MIXED = "mixed", "Some numbers agree, some disagree"
        NONE = "none", "No comparable numbers"

    class Decision(models.TextChoices):
        PENDING = "pending", "Pending"
        ACCEPTED = "accepted", "Accepted"
        REJECTED = "rejected", "Rejected"

    class Stance(models.TextChoices):
        SUPPORTS = "supports", "Supports"
        REFUTES = "refutes", "Refutes"
        CONTEXT = "context", "Context"

    claim = models.ForeignKey("claims.Claim", on_delete=models.CASCADE, related_name="evidence")
    provider = models.CharField(max_length=40)
    url = models.CharField(max_length=2000)
    title = models.CharField(max_length=500, blank=True)
    snippet = models.TextField(blank=True)
    source_name = models.CharField(max_length=200, blank=True)
    published = models.DateField(null=True, blank=True)
    document = models.ForeignKey(
        EvidenceDocument, null=True, blank=True, on_delete=models.SET_NULL, related_name="candidates"
    )
    score = models.FloatField(default=0.0)
    rank = models.PositiveIntegerField(default=0)
    reasons = models.JSONField(default=list, blank=True)
    agreement = models.CharField(max_length=10, choices=Agreement.choices, default=Agreement.NONE)
    agreement_detail = models.JSONField(default=list, blank=True)
    extra = models.JSONField(default=dict, blank=True)
    decision = models.CharField(max_length=10, choices=Decision.choices, default=Decision.PENDING)
    stance = models.CharField(max_length=10, choices=Stance.choices, blank=True)
    note = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = StampedDateTimeField(auto_now_add=True)
    updated_at = StampedDateTimeField(auto_now=True)

    class Meta:
        ordering = ["claim", "-score", "id"]
        permissions = [("decide_evidence", "Can accept or reject evidence")]
        constraints = [
            models.UniqueConstraint(fields=["claim", "provider", "url"], name="candidate_unique_per_provider"),
            models.CheckConstraint(
                condition=Q(decision__in=["pending", "accepted", "rejected"]), name="candidate_decision_valid"
            ),
            models.CheckConstraint(
                condition=Q(agreement__in=["agrees", "disagrees", "mixed", "none"]), name="candidate_agreement_valid"
            ),
            models.CheckConstraint(
                condition=Q(stance__in=["", "supports", "refutes", "context"]), name="candidate_stance_valid"
            ),
        ]
        indexes = [models.Index(fields=["claim", "-score"], name="candidate_rank_idx")]

    def __str__(self) -> str:
        return self.title or self.url


class FetchRun(models.Model):
    """One provider's look-up for one claim: its state, attempts, timings and failure reason."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Succeeded"
        FAILED = "failed", "Failed"
        SKIPPED = "skipped", "Not configured"

    claim = models.ForeignKey("claims.Claim", on_delete=models.CASCADE, related_name="fetch_runs")
    provider = models.CharField(max_length=40)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    candidates_found = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    queued_at = StampedDateTimeField(auto_now_add=True)
    # When a queued run should be running by: its enqueue time, or when its retry is due. The
    # sweeper re-enqueues queued runs that are overdue by STALE_PENDING_SECONDS.
    due_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    duration_ms = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-queued_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["queued", "running", "succeeded", "failed", "skipped"]),
                name="fetchrun_status_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["claim", "provider", "-queued_at"], name="fetchrun_claim_idx"),
            models.Index(fields=["status", "queued_at"], name="fetchrun_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.provider} for claim {self.claim_id}: {self.status}"
