"""Reads of the claim desk: the claim in context, its evidence, its provider runs, its later mentions."""

from __future__ import annotations

from django.db.models import Count, Prefetch, QuerySet

from claims.models import Claim, ClaimRevision, Speaker
from evidence.models import EvidenceCandidate, FetchRun
from factcheck.models import ReviewEvent


def claim_by_id(pk: int) -> Claim:
    """One claim, its own columns only: what an action on it needs (raises Claim.DoesNotExist)."""
    return Claim.objects.get(pk=pk)


def desk_claim(pk: int) -> Claim:
    """A claim with everything the desk shows about it joined (raises Claim.DoesNotExist)."""
    return (
        Claim.objects.select_related(
            "article",
            "article__outlet",
            "speaker",
            "assignee",
            "duplicate_of",
            "duplicate_of__speaker",
            "duplicate_of__article",
            "duplicate_of__verdict",
            "duplicate_of__verdict__rating",
        )
        .prefetch_related("quantities")
        .get(pk=pk)
    )


def evidence_for(claim: Claim) -> list[EvidenceCandidate]:
    """The claim's candidates, best first (the ranking's score, then the order they were found)."""
    return list(
        EvidenceCandidate.objects.filter(claim=claim).select_related("decided_by", "document").order_by("-score", "id")
    )


def evidence_item(pk: int) -> EvidenceCandidate:
    return EvidenceCandidate.objects.select_related("claim", "decided_by", "document").get(pk=pk)


def provider_status(claim: Claim) -> list[FetchRun]:
    """The latest run of each provider for the claim (a claim has a handful of runs, filtered here)."""
    latest: dict[str, FetchRun] = {}
    for run in FetchRun.objects.filter(claim=claim).order_by("provider", "-queued_at", "-id"):
        latest.setdefault(run.provider, run)
    return list(latest.values())


def later_mentions(claim: Claim, limit: int = 5) -> list[Claim]:
    """Other claims matched to this one as saying the same thing (it is their "already checked")."""
    return list(
        Claim.objects.filter(duplicate_of=claim).select_related("article", "speaker").order_by("-created_at")[:limit]
    )


def claims_with_details() -> QuerySet[Claim]:
    """Claims with everything the API's claim detail shows, in a fixed number of queries."""
    return Claim.objects.select_related(
        "speaker", "assignee", "article", "article__outlet", "verdict", "verdict__rating"
    ).prefetch_related(
        "quantities",
        Prefetch("duplicates", queryset=Claim.objects.only("id", "duplicate_of_id").order_by("id")),
        Prefetch("evidence", queryset=EvidenceCandidate.objects.only("id", "claim_id", "decision")),
        Prefetch(
            "fetch_runs",
            queryset=FetchRun.objects.only("id", "claim_id", "provider", "status", "queued_at").order_by(
                "-queued_at", "-id"
            ),
        ),
    )


def claim_events(claim_id: int) -> QuerySet[ReviewEvent]:
    """The audit trail of one claim, with its actors (raises Claim.DoesNotExist for an unknown claim)."""
    claim = Claim.objects.only("id").get(pk=claim_id)
    return ReviewEvent.objects.filter(claim=claim).select_related("actor")


def claim_revisions(claim: Claim) -> list[ClaimRevision]:
    """The claim's earlier versions, oldest first: the first is the claim as extracted (or added)."""
    return list(ClaimRevision.objects.filter(claim=claim).select_related("changed_by").order_by("version"))


def claim_revision_list(claim_id: int) -> QuerySet[ClaimRevision]:
    """:func:`claim_revisions` as a query for the API (raises Claim.DoesNotExist for an unknown claim)."""
    return ClaimRevision.objects.filter(claim=Claim.objects.only("id").get(pk=claim_id)).select_related("changed_by")


def claim_family(claim: Claim) -> tuple[list[Claim], list[Claim]]:
    """The claim's split parts (only once it is split) and the claims merged into it, each in id order."""
    parts = list(claim.parts.order_by("pk")) if claim.status == Claim.Status.SPLIT else []
    return parts, list(claim.merged_claims.order_by("pk"))


def speaker_names(limit: int = 500) -> list[str]:
    """Known speakers' names for the edit forms' suggestions, those with most claims first."""
    return list(
        Speaker.objects.annotate(n=Count("claims")).order_by("-n", "name").values_list("name", flat=True)[:limit]
    )


def claims_by_ids(ids: list[int]) -> list[Claim]:
    """The claims with these ids (those that exist), in id order."""
    return list(Claim.objects.filter(pk__in=ids).order_by("pk"))
