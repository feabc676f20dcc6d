"""The fact-check archive (fact-checks the workbench did not write) and claim matches.

Writes go through :mod:`archive.services` (import, matching, the reviewer's decisions), which
record a :class:`factcheck.models.ReviewEvent` for every decision; models hold data and
database-level guarantees.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q

from factcheck.clock import StampedDateTimeField
from factcheck.vectors import EmbeddingField


class FactCheckManager(models.Manager["FactCheck"]):
    def get_queryset(self) -> models.QuerySet[FactCheck]:
        # Only the database reads the search vector (kept by a trigger): never load it, so a save()
        # never writes a stale copy back.
        return super().get_queryset().defer("search_vector")


class FactCheck(models.Model):
    """A fact-check published elsewhere (ClaimReview or CSV import, or a feed pull).

    ``(source, external_id)`` identifies it: importing the same file again updates rows in place.
    Full-text search: ``search_vector`` on PostgreSQL (trigger + GIN), the FTS5 table
    ``archive_factcheck_fts`` on SQLite. ``embedding`` is the sentence encoder's vector of
    ``claim_reviewed`` (HNSW index on PostgreSQL).
    """

    source = models.CharField(max_length=100)  # the import's name ("checkthat2020", a feed's name)
    external_id = models.CharField(max_length=300)
    claim_reviewed = models.TextField()
    title = models.CharField(max_length=500, blank=True)
    rating = models.CharField(max_length=200, blank=True)  # the rating as written ("False", "Mostly true")
    url = models.CharField(max_length=2000, blank=True)
    publisher = models.CharField(max_length=200, blank=True)
    published = models.DateField(null=True, blank=True)
    language = models.CharField(max_length=35, blank=True)
    embedding = EmbeddingField(dimensions=384, null=True, blank=True)
    embedding_model = models.CharField(max_length=80, blank=True)
    created_at = StampedDateTimeField(auto_now_add=True)
    updated_at = StampedDateTimeField(auto_now=True)
    # PostgreSQL only (always NULL on SQLite): claim reviewed (A), title (B), publisher (C).
    search_vector = SearchVectorField(null=True, editable=False)

    objects = FactCheckManager()

    class Meta:
        ordering = ["-published", "-id"]
        verbose_name = "archived fact-check"
        constraints = [
            models.UniqueConstraint(fields=["source", "external_id"], name="factcheck_source_external_id_unique"),
        ]
        indexes = [
            models.Index(fields=["published", "id"], name="factcheck_published_idx"),
            # The SQLite search cache's stamp reads max(updated_at) on every search.
            models.Index(fields=["updated_at"], name="factcheck_updated_idx"),
        ]

    def __str__(self) -> str:
        text = self.title or self.claim_reviewed
        return text if len(text) <= 80 else text[:77] + "..."


class ClaimMatch(models.Model):
    """A claim that may repeat something already checked: an archived fact-check or an earlier claim
    with a published verdict (exactly one of ``factcheck`` / ``matched_claim``).

    States and how they move (every move is a service in :mod:`archive.services.decisions`, audited
    with a ReviewEvent and sent to webhooks):

    * ``suggested`` — found by :func:`archive.services.matching.matches_find` with a score at or above
      the suggest threshold; waits for a reviewer. Re-running matching may refresh its score.
    * ``automatic`` — the scorer was sure enough (score at or above the automatic threshold *and* the
      numbers agree): linked without a reviewer, shown as such, undoable.
    * ``confirmed`` — a reviewer linked the claim to the match (``match_confirm``).
    * ``rejected`` — a reviewer said it is not the same claim (``match_reject``), or undid an
      automatic match. The pair is never suggested again: matching skips every pair that has a row.

    ``match_undo`` takes a confirmed or rejected match back to ``suggested`` and an automatic one to
    ``rejected``. ``decided_by`` / ``decided_at`` say who made the last decision (None for the
    machine). "Already checked" (the queue filter, the desk) means a match that is suggested,
    automatic or confirmed.
    """

    class State(models.TextChoices):
        SUGGESTED = "suggested", "Suggested"
        AUTOMATIC = "automatic", "Matched automatically"
        CONFIRMED = "confirmed", "Confirmed"
        REJECTED = "rejected", "Rejected"

    class Numbers(models.TextChoices):
        AGREE = "agree", "Numbers agree"
        DISAGREE = "disagree", "Numbers disagree"
        NONE = "none", "No comparable numbers"

    LIVE_STATES = (State.SUGGESTED, State.AUTOMATIC, State.CONFIRMED)
    LINKED_STATES = (State.AUTOMATIC, State.CONFIRMED)

    claim = models.ForeignKey("claims.Claim", on_delete=models.CASCADE, related_name="matches")
    factcheck = models.ForeignKey(FactCheck, null=True, blank=True, on_delete=models.CASCADE, related_name="matches")
    matched_claim = models.ForeignKey(
        "claims.Claim", null=True, blank=True, on_delete=models.CASCADE, related_name="matched_by"
    )
    score = models.FloatField()
    numbers = models.CharField(max_length=8, choices=Numbers.choices, default=Numbers.NONE)
    reason = models.TextField(blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.SUGGESTED)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = StampedDateTimeField(auto_now_add=True)
    updated_at = StampedDateTimeField(auto_now=True)

    class Meta:
        ordering = ["claim", "-score", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(factcheck__isnull=False) & Q(matched_claim__isnull=True))
                | (Q(factcheck__isnull=True) & Q(matched_claim__isnull=False)),
                name="claimmatch_one_target",
            ),
            models.CheckConstraint(condition=Q(score__gte=0) & Q(score__lte=1), name="claimmatch_score_range"),
            models.CheckConstraint(
                condition=Q(state__in=["suggested", "automatic", "confirmed", "rejected"]),
                name="claimmatch_state_valid",
            ),
            models.CheckConstraint(
                condition=Q(numbers__in=["agree", "disagree", "none"]), name="claimmatch_numbers_valid"
            ),
            models.CheckConstraint(condition=~Q(matched_claim=models.F("claim")), name="claimmatch_not_itself"),
            models.UniqueConstraint(
                fields=["claim", "factcheck"], condition=Q(factcheck__isnull=False), name="claimmatch_factcheck_unique"
            ),
            models.UniqueConstraint(
                fields=["claim", "matched_claim"],
                condition=Q(matched_claim__isnull=False),
                name="claimmatch_claim_unique",
            ),
        ]
        indexes = [
            # The review screen: newest suggestions first; the queue's "already checked" filter.
            models.Index(fields=["state", "created_at"], name="claimmatch_state_idx"),
            models.Index(fields=["claim", "state"], name="claimmatch_claim_state_idx"),
        ]

    def __str__(self) -> str:
        target = f"fact-check {self.factcheck_id}" if self.factcheck_id else f"claim {self.matched_claim_id}"
        return f"claim {self.claim_id} ~ {target} ({self.state}, {self.score:.2f})"
