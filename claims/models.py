"""Articles, claims, speakers, quantities, verdicts and the audit trail.

State changes go through :mod:`claims.services`, which check permissions and write a
:class:`factcheck.models.ReviewEvent`; models hold data and database-level guarantees (constraints, indexes).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower

from factcheck.clock import StampedDateTimeField
from factcheck.vectors import EmbeddingField


class Outlet(models.Model):
    name = models.CharField(max_length=200)
    domain = models.CharField(max_length=253, blank=True, db_index=True)
    created_at = StampedDateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(Lower("name"), name="outlet_name_unique_ci")]

    def __str__(self) -> str:
        return self.name


class Article(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        FETCHING = "fetching", "Fetching"
        EXTRACTING = "extracting", "Extracting claims"
        DONE = "done", "Claims extracted"
        FAILED = "failed", "Failed"

    class Source(models.TextChoices):
        URL = "url", "URL"
        TEXT = "text", "Pasted text"
        HTML = "html", "HTML file"

    source = models.CharField(max_length=8, choices=Source.choices)
    url = models.URLField(max_length=2000, blank=True)
    canonical_url = models.CharField(max_length=2000, blank=True)
    content_hash = models.CharField(max_length=64, blank=True)
    # What was submitted (pasted text or uploaded HTML), kept so an article can be re-ingested.
    raw = models.TextField(blank=True)
    outlet = models.ForeignKey(Outlet, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles")
    title = models.CharField(max_length=500, blank=True)
    author = models.CharField(max_length=300, blank=True)
    published = models.DateField(null=True, blank=True)
    text = models.TextField(blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.QUEUED)
    error = models.TextField(blank=True)
    attempts = models.PositiveIntegerField(default=0)
    status_changed_at = StampedDateTimeField(auto_now_add=True)
    # The Celery task id that moved the article into its running state. The same message
    # redelivered after its worker died carries the same id and may resume at once; any other
    # run waits for the lease to expire.
    claimed_by_task = models.CharField(max_length=64, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles"
    )
    created_at = StampedDateTimeField(auto_now_add=True, db_index=True)
    updated_at = StampedDateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["canonical_url"], condition=~Q(canonical_url=""), name="article_canonical_url_unique"
            ),
            models.UniqueConstraint(
                fields=["content_hash"], condition=~Q(content_hash=""), name="article_content_hash_unique"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["queued", "fetching", "extracting", "done", "failed"]),
                name="article_status_valid",
            ),
            models.CheckConstraint(condition=Q(source__in=["url", "text", "html"]), name="article_source_valid"),
            models.CheckConstraint(condition=~Q(source="url") | ~Q(url=""), name="article_url_source_has_url"),
        ]
        indexes = [models.Index(fields=["status", "status_changed_at"], name="article_status_idx")]

    def __str__(self) -> str:
        return self.title or self.url or f"Article {self.pk}"

    @property
    def address(self) -> str:
        """Where the article can be read: the URL it was fetched from, else the canonical URL an
        uploaded page declared ("" for pasted text)."""
        return self.url or self.canonical_url


class Speaker(models.Model):
    name = models.CharField(max_length=200)
    title = models.CharField(max_length=200, blank=True)
    affiliation = models.CharField(max_length=200, blank=True)
    aliases = models.JSONField(default=list, blank=True)
    is_organisation = models.BooleanField(default=False)
    created_at = StampedDateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(Lower("name"), name="speaker_name_unique_ci")]

    def __str__(self) -> str:
        return f"{self.name} ({self.title})" if self.title else self.name


# The queue's order: priority, then check-worthiness, then oldest first (``claim_queue_idx`` serves it).
# The UI queue, the API's "queue" ordering and "take next" all sort by this one definition.
QUEUE_ORDER = ("-priority", "-checkworthiness", "created_at", "id")


class Claim(models.Model):
    class Kind(models.TextChoices):
        STATISTIC = "statistic", "Statistic"
        QUOTE = "quote", "Quote"
        PROMISE = "promise", "Promise / prediction"
        COMPARISON = "comparison", "Comparison"
        EVENT = "event", "Event"
        OPINION = "opinion", "Opinion"

    class Status(models.TextChoices):
        NEW = "new", "New"
        IN_PROGRESS = "in_progress", "In progress"
        SUBMITTED = "submitted", "Submitted for review"
        PUBLISHED = "published", "Published"
        DISMISSED = "dismissed", "Dismissed"
        # Closed by a reviewer reshaping the claims: its parts or its survivor carry the work on.
        SPLIT = "split", "Split into parts"
        MERGED = "merged", "Merged into another claim"

    class Origin(models.TextChoices):
        EXTRACTED = "extracted", "Extracted"
        SPLIT = "split", "Split from a compound claim"
        ADDED = "added", "Added by a reviewer"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="claims")
    origin = models.CharField(max_length=10, choices=Origin.choices, default=Origin.EXTRACTED)
    text = models.TextField()
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    speaker = models.ForeignKey(Speaker, null=True, blank=True, on_delete=models.SET_NULL, related_name="claims")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    checkworthiness = models.FloatField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.NEW)
    # Higher first in the queue; editors raise it for breaking news.
    priority = models.SmallIntegerField(default=0)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="assigned_claims"
    )
    assigned_at = models.DateTimeField(null=True, blank=True)
    duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="duplicates"
    )
    match_score = models.FloatField(null=True, blank=True)
    dismiss_reason = models.TextField(blank=True)
    # Every edit of text, speaker, kind or quantities bumps it and leaves a ClaimRevision (the ETag).
    version = models.PositiveIntegerField(default=1)
    # The compound claim this one was split out of, and the claim this one was merged into.
    split_from = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="parts")
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged_claims"
    )
    # Who added the claim by hand (None: the extractor found it, or a split made it).
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Normalised text fingerprint for exact-duplicate look-ups (near duplicates use ClaimBand).
    fingerprint = models.CharField(max_length=64, blank=True, db_index=True)
    # The sentence encoder's vector of the text (archive matching; HNSW-indexed on PostgreSQL) and
    # which model wrote it, so a model change can re-embed. Filled after commit by archive.tasks.
    embedding = EmbeddingField(dimensions=384, null=True, blank=True)
    embedding_model = models.CharField(max_length=80, blank=True)
    created_at = StampedDateTimeField(auto_now_add=True)
    updated_at = StampedDateTimeField(auto_now=True)

    class Meta:
        ordering = list(QUEUE_ORDER)
        permissions = [
            ("take_claim", "Can take claims, decide evidence and draft verdicts"),
            ("approve_verdict", "Can approve, return and publish verdicts"),
            ("assign_claim", "Can reassign claims"),
            ("dismiss_claim", "Can dismiss claims"),
            ("view_reports", "Can see editor reports"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(checkworthiness__gte=0) & Q(checkworthiness__lte=1), name="claim_checkworthiness_range"
            ),
            models.CheckConstraint(condition=Q(end__gte=F("start")), name="claim_span_ordered"),
            models.CheckConstraint(
                condition=Q(
                    status__in=["new", "in_progress", "submitted", "published", "dismissed", "split", "merged"]
                ),
                name="claim_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["statistic", "quote", "promise", "comparison", "event", "opinion"]),
                name="claim_kind_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status="in_progress") | Q(assignee__isnull=False), name="claim_in_progress_has_assignee"
            ),
            models.CheckConstraint(condition=~Q(duplicate_of=F("id")), name="claim_not_duplicate_of_itself"),
            models.CheckConstraint(condition=~Q(merged_into=F("id")), name="claim_not_merged_into_itself"),
            models.CheckConstraint(condition=Q(version__gte=1), name="claim_version_positive"),
            models.CheckConstraint(condition=Q(origin__in=["extracted", "split", "added"]), name="claim_origin_valid"),
            # One extracted claim per sentence span (re-ingesting is idempotent per span); claims a reviewer
            # split out or added may share or lack a span (a typed claim not found in the text has none).
            models.UniqueConstraint(
                fields=["article", "start", "end"],
                condition=Q(origin="extracted"),
                name="claim_span_unique_per_article",
            ),
        ]
        indexes = [
            # The queue: open claims by priority, score, age.
            models.Index(
                F("status"),
                F("priority").desc(),
                F("checkworthiness").desc(),
                F("created_at"),
                F("id"),
                name="claim_queue_idx",
            ),
            # New claims only, in queue order: take-next's pick and the default queue. Without it the
            # planner walks claim_order_idx past every claim already taken at the top of the order
            # (907 rows and 1.3 s at 1,000,000 claims; 0.09 ms with it).
            models.Index(
                F("priority").desc(),
                F("checkworthiness").desc(),
                F("created_at"),
                F("id"),
                condition=Q(status="new"),
                name="claim_new_order_idx",
            ),
            # The same order across all statuses ("status: any" in the queue).
            models.Index(
                F("priority").desc(), F("checkworthiness").desc(), F("created_at"), F("id"), name="claim_order_idx"
            ),
            models.Index(fields=["assignee", "status"], name="claim_assignee_idx"),
            models.Index(fields=["speaker", "status"], name="claim_speaker_idx"),
            models.Index(fields=["created_at"], name="claim_created_idx"),
        ]

    def __str__(self) -> str:
        return self.text if len(self.text) <= 80 else self.text[:77] + "..."

    @property
    def is_open(self) -> bool:
        """New or in progress: its text, shape and evidence may still change (the services' rule)."""
        return self.status in OPEN_STATUSES


# Claims still being worked on; the services' conditional updates filter on them.
OPEN_STATUSES = (Claim.Status.NEW, Claim.Status.IN_PROGRESS)

# Claims closed by reshaping: their parts or their survivor stand for them in counts and marks.
RESHAPED = (Claim.Status.SPLIT, Claim.Status.MERGED)


class ClaimRevision(models.Model):
    """A claim as it was at one version, kept when a reviewer edits it: version 1 is the claim as
    extracted (or as added), so the original stays visible however often it is edited."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="revisions")
    version = models.PositiveIntegerField()
    text = models.TextField()
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    speaker = models.ForeignKey(Speaker, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # The speaker's name then: the snapshot reads the same after the speaker is renamed or deleted.
    speaker_name = models.CharField(max_length=200, blank=True)
    kind = models.CharField(max_length=12, choices=Claim.Kind.choices)
    quantities = models.JSONField(default=list, blank=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = StampedDateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["claim", "version"]
        constraints = [models.UniqueConstraint(fields=["claim", "version"], name="claimrevision_unique")]

    def __str__(self) -> str:
        return f"claim {self.claim_id} v{self.version}"


class ClaimBand(models.Model):
    """One locality-sensitive hash band of a claim's text (MinHash LSH).

    Claims sharing a band are candidates for near-duplicate matching: the look-up is an
    index probe per band, not a scan of all claims.
    """

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="bands")
    key = models.BigIntegerField()

    class Meta:
        indexes = [models.Index(fields=["key"], name="claimband_key_idx")]
        constraints = [models.UniqueConstraint(fields=["claim", "key"], name="claimband_unique")]

    def __str__(self) -> str:
        return f"band {self.key} of claim {self.claim_id}"


class Quantity(models.Model):
    class Kind(models.TextChoices):
        COUNT = "count", "Count"
        PERCENT = "percent", "Percent"
        MONEY = "money", "Money"
        RATIO = "ratio", "Ratio"
        DATE = "date", "Date"
        MEASURE = "measure", "Measure"

    class Bound(models.TextChoices):
        EQ = "eq", "exactly"
        AT_LEAST = "ge", "at least"
        AT_MOST = "le", "at most"
        APPROX = "approx", "about"

    class Change(models.TextChoices):
        FROM = "from", "from"
        TO = "to", "to"

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="quantities")
    text = models.CharField(max_length=300)
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    value = models.FloatField()
    value_to = models.FloatField(null=True, blank=True)
    unit = models.CharField(max_length=80, blank=True)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    bound = models.CharField(max_length=8, choices=Bound.choices, blank=True)
    change = models.CharField(max_length=4, choices=Change.choices, blank=True)
    currency = models.CharField(max_length=3, blank=True)
    of = models.CharField(max_length=120, blank=True)
    noun = models.CharField(max_length=120, blank=True)

    class Meta:
        ordering = ["start"]
        verbose_name_plural = "quantities"
        constraints = [models.CheckConstraint(condition=Q(end__gte=F("start")), name="quantity_span_ordered")]

    def __str__(self) -> str:
        return self.text


class Rating(models.Model):
    """One step of the verdict scale. ``value`` is None for ratings off the numeric scale."""

    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    value = models.PositiveSmallIntegerField(null=True, blank=True)
    description = models.CharField(max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name


class Verdict(models.Model):
    """The current verdict of a claim. Each saved change bumps ``version`` and leaves a revision."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"
        RETURNED = "returned", "Returned"
        PUBLISHED = "published", "Published"
        # Withdrawn after publishing: the public page says so and the ClaimReview leaves the feeds.
        RETRACTED = "retracted", "Retracted"

    claim = models.OneToOneField(Claim, on_delete=models.CASCADE, related_name="verdict")
    rating = models.ForeignKey(Rating, null=True, blank=True, on_delete=models.PROTECT, related_name="verdicts")
    summary = models.CharField(max_length=300, blank=True)
    explanation = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    version = models.PositiveIntegerField(default=1)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="authored_verdicts")
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="edited_verdicts"
    )
    return_comment = models.TextField(blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)
    # The last correction after publishing (the ClaimReview's dateModified) and the retraction.
    corrected_at = models.DateTimeField(null=True, blank=True)
    retracted_at = models.DateTimeField(null=True, blank=True)
    created_at = StampedDateTimeField(auto_now_add=True)
    updated_at = StampedDateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["draft", "submitted", "returned", "published", "retracted"]),
                name="verdict_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | (Q(published_at__isnull=False) & Q(rating__isnull=False)),
                name="verdict_published_has_rating_and_date",
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="verdict_version_positive"),
            models.CheckConstraint(
                condition=~Q(status="retracted") | (Q(published_at__isnull=False) & Q(retracted_at__isnull=False)),
                name="verdict_retracted_was_published",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "submitted_at"], name="verdict_status_idx"),
            # Reports over published verdicts by period: read from the index without the table.
            models.Index(
                fields=["published_at", "rating", "author", "claim"],
                condition=Q(status="published"),
                name="verdict_published_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rating or 'Unrated'}: {self.claim}"

    @property
    def is_editable(self) -> bool:
        """A draft or a returned verdict: its author may still write it (the services' rule)."""
        return self.status in EDITABLE_VERDICTS


# Verdicts their author may still write; the services' conditional updates filter on them.
EDITABLE_VERDICTS = (Verdict.Status.DRAFT, Verdict.Status.RETURNED)


class VerdictRevision(models.Model):
    """A snapshot of a verdict at one version: history, and the diff an editor reviews."""

    verdict = models.ForeignKey(Verdict, on_delete=models.CASCADE, related_name="revisions")
    version = models.PositiveIntegerField()
    status = models.CharField(max_length=10, choices=Verdict.Status.choices)
    rating = models.ForeignKey(Rating, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    summary = models.CharField(max_length=300, blank=True)
    explanation = models.TextField(blank=True)
    citations = models.JSONField(default=list, blank=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = StampedDateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["verdict", "version"]
        constraints = [models.UniqueConstraint(fields=["verdict", "version"], name="verdictrevision_unique")]

    def __str__(self) -> str:
        return f"{self.verdict_id} v{self.version}"


class VerdictCorrection(models.Model):
    """A public change to a published verdict: a correction (keeping what it replaced) or a retraction.

    The public page lists them as "Corrected on …: …" with the previous rating and summary; the
    revision history keeps every version in full besides.
    """

    class Kind(models.TextChoices):
        CORRECTION = "correction", "Correction"
        RETRACTION = "retraction", "Retraction"

    verdict = models.ForeignKey(Verdict, on_delete=models.CASCADE, related_name="corrections")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    note = models.TextField()
    # The verdict's version once the change was made.
    version = models.PositiveIntegerField()
    previous_rating = models.ForeignKey(Rating, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    previous_summary = models.CharField(max_length=300, blank=True)
    previous_explanation = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = StampedDateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=["correction", "retraction"]), name="verdictcorrection_kind"),
            models.CheckConstraint(condition=~Q(note=""), name="verdictcorrection_has_note"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of verdict {self.verdict_id} (v{self.version})"


class Citation(models.Model):
    verdict = models.ForeignKey(Verdict, on_delete=models.CASCADE, related_name="citations")
    evidence = models.ForeignKey(
        "evidence.EvidenceCandidate", null=True, blank=True, on_delete=models.SET_NULL, related_name="citations"
    )
    # A public http(s) address, or the evidence's own address ("library:3" for a library document).
    url = models.CharField(max_length=2000, blank=True)
    title = models.CharField(max_length=500, blank=True)
    note = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(evidence__isnull=False) | ~Q(url=""), name="citation_has_source"),
        ]

    def __str__(self) -> str:
        return self.title or self.url


# The report roll-up (claims.services.report_rollup keeps it; the reports read it for past days).
# The ids are plain columns (foreign keys without constraints): a roll-up row names what the live
# tables said when its day was computed, and deleting a speaker must not wait on it.
def _rollup_key(model: str) -> models.ForeignKey:
    return models.ForeignKey(
        model, null=True, on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, related_name="+"
    )


class ReportVerdictDay(models.Model):
    """Verdicts published on ``day`` (site time zone) per outlet, speaker, author, rating and claim kind."""

    day = models.DateField()
    outlet = _rollup_key("claims.Outlet")
    speaker = _rollup_key("claims.Speaker")
    author = _rollup_key(settings.AUTH_USER_MODEL)
    rating = _rollup_key("claims.Rating")
    kind = models.CharField(max_length=20)
    verdicts = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["day"], name="rollup_verdict_day_idx")]

    def __str__(self) -> str:
        return f"{self.day}: {self.verdicts} verdicts"


class ReportVerdictTiming(models.Model):
    """One published verdict's durations in seconds, filed under its publication day and the report
    filters: percentiles cannot be added up, so the reports take them over these rows (narrow, no
    join to the claims) for past days and over the live verdicts for today."""

    day = models.DateField()
    outlet = _rollup_key("claims.Outlet")
    speaker = _rollup_key("claims.Speaker")
    author = _rollup_key(settings.AUTH_USER_MODEL)
    rating = _rollup_key("claims.Rating")
    to_verdict = models.FloatField(null=True)
    review = models.FloatField(null=True)
    working = models.FloatField(null=True)

    class Meta:
        indexes = [models.Index(fields=["day"], name="rollup_timing_day_idx")]

    def __str__(self) -> str:
        return f"{self.day}: {self.to_verdict} s to verdict"


class ReportStepDay(models.Model):
    """Claims through one throughput step on ``day`` (site time zone) per outlet (and, for returns, the
    verdict's author): ``events`` counted, and distinct claims three ways: the claims with the step on this
    day, and those whose first such step of the ISO week (of the month) falls on this day, so whole weeks
    and months add up without counting a claim twice."""

    day = models.DateField()
    step = models.CharField(max_length=10)
    outlet = _rollup_key("claims.Outlet")
    author = _rollup_key(settings.AUTH_USER_MODEL)
    events = models.PositiveIntegerField()
    claims_day = models.PositiveIntegerField()
    claims_week = models.PositiveIntegerField()
    claims_month = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["day", "step"], name="rollup_step_day_idx")]

    def __str__(self) -> str:
        return f"{self.day} {self.step}: {self.claims_day} claims"


class ReportRollupState(models.Model):
    """Which days the roll-up holds: ``since`` ≤ day < ``until``. No row: none (reports read live tables)."""

    since = models.DateField()
    until = models.DateField()
    rebuilt_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"report roll-up {self.since} to {self.until}"
