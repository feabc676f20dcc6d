"""Reads of verdicts: a claim's verdict with what every screen shows of it, its revisions, the public page."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Max, Min, Prefetch, Q, QuerySet

from claims.models import Citation, Claim, Rating, Verdict, VerdictCorrection, VerdictRevision


def verdicts_with_details() -> QuerySet[Verdict]:
    """Verdicts with their rating, author, editor, citations (each with its evidence) and public corrections."""
    return Verdict.objects.select_related("rating", "author", "editor").prefetch_related(
        Prefetch("citations", queryset=Citation.objects.select_related("evidence").order_by("order", "id")),
        Prefetch("corrections", queryset=VerdictCorrection.objects.select_related("previous_rating", "created_by")),
    )


def verdict_detail(claim_id: int) -> Verdict:
    """The claim's verdict with its details (raises Verdict.DoesNotExist when it has none yet)."""
    return verdicts_with_details().get(claim_id=claim_id)


def verdict_for_claim(claim_id: int) -> Verdict | None:
    """The claim's verdict with its details (four queries), or None when it has none yet."""
    return verdicts_with_details().filter(claim_id=claim_id).first()


def claim_has_verdict(claim: Claim) -> bool:
    return Verdict.objects.filter(claim=claim).exists()


def verdict_history(claim_id: int) -> QuerySet[VerdictRevision]:
    """Every saved version of a claim's verdict, oldest first (raises Verdict.DoesNotExist when it has none)."""
    verdict = Verdict.objects.only("id").get(claim_id=claim_id)
    return VerdictRevision.objects.filter(verdict=verdict).select_related("rating", "changed_by").order_by("version")


def revision(verdict: Verdict, version: int) -> VerdictRevision | None:
    return VerdictRevision.objects.select_related("rating").filter(verdict=verdict, version=version).first()


def revision_versions(verdict: Verdict) -> list[tuple[int, str]]:
    return list(VerdictRevision.objects.filter(verdict=verdict).order_by("version").values_list("version", "status"))


PUBLIC_STATUSES = (Verdict.Status.PUBLISHED, Verdict.Status.RETRACTED)


def published_claim(pk: int) -> Claim:
    """A claim whose verdict was published (and maybe retracted since), with its corrections
    (raises Claim.DoesNotExist otherwise)."""
    return (
        Claim.objects.select_related(
            "article", "article__outlet", "speaker", "verdict", "verdict__rating", "verdict__author", "verdict__editor"
        )
        .prefetch_related(
            "verdict__citations",
            Prefetch("verdict__corrections", queryset=VerdictCorrection.objects.select_related("previous_rating")),
        )
        .get(pk=pk, verdict__status__in=PUBLIC_STATUSES)
    )


def published_verdicts(*, since: datetime | None = None) -> QuerySet[Verdict]:
    """Verdicts that have a ClaimReview (published, not retracted), oldest first, with what a
    ClaimReview shows joined; ``since`` keeps those published or corrected at or after that time
    (an incremental sync)."""
    verdicts = (
        Verdict.objects.filter(status=Verdict.Status.PUBLISHED)
        .select_related("rating", "claim", "claim__speaker", "claim__article", "claim__article__outlet")
        .prefetch_related("citations")
        .order_by("published_at", "id")
    )
    return verdicts.filter(Q(published_at__gte=since) | Q(corrected_at__gte=since)) if since else verdicts


def published_verdict(claim_id: int) -> Verdict:
    """The claim's verdict if it has a ClaimReview (raises Verdict.DoesNotExist otherwise)."""
    return published_verdicts().get(claim_id=claim_id)


def rating_scale() -> tuple[int, int]:
    """(best, worst) numeric rating values of the scale in use; read once per page, not per verdict."""
    bounds = Rating.objects.filter(value__isnull=False).aggregate(best=Max("value"), worst=Min("value"))
    return int(bounds["best"] or 5), int(bounds["worst"] or 1)
