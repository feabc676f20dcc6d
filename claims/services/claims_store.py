"""Storing extracted claims: speakers, claims, quantities, and links to earlier claims."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef, Q, QuerySet

from claims import matching
from claims.extraction.types import ExtractedClaim, SpeakerRef
from claims.extraction.types import Quantity as ExtractedQuantity
from claims.models import Article, Claim, ClaimBand, Quantity, Speaker, Verdict
from evidence.models import EvidenceCandidate
from factcheck.models import ReviewEvent

# How many band-sharing candidates are verified per claim (the most-shared first).
MAX_MATCH_CANDIDATES = 50
# Articles whose whole texts are at least this similar (Jaccard of their content words) are
# versions of one article; at most this many band-sharing articles are compared.
FAMILY_SIMILARITY = 0.8
MAX_FAMILY_CANDIDATES = 10


def speaker_get_or_create(ref: SpeakerRef | None) -> Speaker | None:
    """The stored speaker with that name (case-insensitive), created on first sight; a title fills in."""
    if ref is None or not ref.name.strip():
        return None
    name = ref.name.strip()[:200]
    speaker = Speaker.objects.filter(name__iexact=name).first()
    if speaker is None:
        try:
            with transaction.atomic():
                speaker = Speaker.objects.create(
                    name=name, title=(ref.title or "")[:200], is_organisation=ref.is_organisation
                )
        except IntegrityError:
            speaker = Speaker.objects.get(name__iexact=name)
    elif ref.title and not speaker.title:
        speaker.title = ref.title[:200]
        speaker.save(update_fields=["title"])
    return speaker


def find_match(text: str, *, exclude_article: int | None = None) -> tuple[Claim | None, float]:
    """The earlier claim that says the same thing, preferring one with a published verdict.

    Candidates come from the indexed band keys (claims sharing at least one MinHash band),
    then each is verified with :func:`claims.matching.compare`.
    """
    keys = matching.band_keys(matching.tokens_of(text))
    if not keys:
        return None, 0.0
    bands = ClaimBand.objects.filter(key__in=keys)
    if exclude_article is not None:
        bands = bands.exclude(claim__article_id=exclude_article)
    shared = Counter(bands.values_list("claim_id", flat=True)[:5000])
    candidate_ids = [cid for cid, _ in shared.most_common(MAX_MATCH_CANDIDATES)]
    if not candidate_ids:
        return None, 0.0
    best: tuple[Claim | None, float, bool] = (None, 0.0, False)
    candidates = Claim.objects.filter(pk__in=candidate_ids).select_related("verdict")
    for candidate in candidates:
        score = matching.compare(text, candidate.text)
        if not score.is_match:
            continue
        has_verdict = _published(candidate)
        if (has_verdict, score.similarity) > (best[2], best[1]):
            best = (candidate, score.similarity, has_verdict)
    matched = best[0]
    # Link to the original, not to another duplicate.
    if matched is not None and matched.duplicate_of_id:
        matched = Claim.objects.filter(pk=matched.duplicate_of_id).first() or matched
    return matched, best[1]


def _published(claim: Claim) -> bool:
    try:
        return claim.verdict.status == Verdict.Status.PUBLISHED
    except Verdict.DoesNotExist:
        return False


# Creating a claim stamps created_at and updated_at a few microseconds apart; a later write (a
# service or an edit in the admin) moves updated_at on by more than this.
EDIT_SLACK = timedelta(seconds=1)


def untouched_claims(article: Article) -> QuerySet[Claim]:
    """The article's claims nobody has worked on: the only ones a re-ingest may replace.

    Touched means any of: not new any more, ever assigned, a verdict (even a draft), a priority or
    an edit, any evidence decided or added by a reviewer, or any audit event written by a person
    (taken and released again, evidence reset to pending, "fetch evidence again").
    """
    reviewed_evidence = EvidenceCandidate.objects.filter(claim=OuterRef("pk")).filter(
        ~Q(decision=EvidenceCandidate.Decision.PENDING) | Q(added_by__isnull=False) | Q(decided_by__isnull=False)
    )
    people_events = ReviewEvent.objects.filter(claim=OuterRef("pk"), actor__isnull=False)
    return (
        Claim.objects.filter(
            article=article,
            status=Claim.Status.NEW,
            assignee__isnull=True,
            assigned_at__isnull=True,
            verdict__isnull=True,
            priority=0,
            dismiss_reason="",
            updated_at__lt=F("created_at") + EDIT_SLACK,
        )
        .exclude(Exists(reviewed_evidence))
        .exclude(Exists(people_events))
    )


def article_family(article: Article, texts: Sequence[str]) -> set[int]:
    """Other versions of ``article``: the same canonical URL, or near-identical text.

    Candidates are the articles whose claims share a MinHash band with ``texts`` (the claims
    just extracted), most shared first; each is then compared on its whole text.
    """
    family: set[int] = set()
    if article.canonical_url:
        family.update(
            Article.objects.filter(canonical_url=article.canonical_url)
            .exclude(pk=article.pk)
            .values_list("pk", flat=True)
        )
    keys = {key for text in texts for key in matching.band_keys(matching.tokens_of(text))}
    if not keys or not article.text:
        return family
    sharing = Counter(
        ClaimBand.objects.filter(key__in=keys)
        .exclude(claim__article=article)
        .values_list("claim__article_id", flat=True)[:20000]
    )
    candidates = [pk for pk, _ in sharing.most_common(MAX_FAMILY_CANDIDATES) if pk not in family]
    words = matching.tokens_of(article.text)
    for pk, text in Article.objects.filter(pk__in=candidates).values_list("pk", "text"):
        if matching.jaccard(words, matching.tokens_of(text)) >= FAMILY_SIMILARITY:
            family.add(pk)
    return family


def family_repeats(texts: Sequence[str], family: set[int]) -> list[tuple[Claim | None, float]]:
    """For each of ``texts``, the claim of another version of the article that says the same (its
    original, if that claim is itself a duplicate) and the similarity; ``(None, 0.0)`` where none does.

    At most three queries for the whole article, however many texts: the family's band keys shared
    with any of the texts, the claims behind them, and the originals of those that are duplicates.
    """
    found: list[tuple[Claim | None, float]] = [(None, 0.0)] * len(texts)
    keys_of = [set(matching.band_keys(matching.tokens_of(text))) for text in texts]
    all_keys: set[int] = set().union(*keys_of)
    if not family or not all_keys:
        return found
    claims_by_key: dict[int, set[int]] = defaultdict(set)
    shared = ClaimBand.objects.filter(key__in=all_keys, claim__article_id__in=family)
    for claim_id, key in shared.values_list("claim_id", "key"):
        claims_by_key[key].add(claim_id)
    candidates = Claim.objects.in_bulk({pk for ids in claims_by_key.values() for pk in ids})
    for i, (text, keys) in enumerate(zip(texts, keys_of, strict=True)):
        # In primary-key order, so the earliest of equally similar claims wins.
        for pk in sorted({pk for key in keys for pk in claims_by_key.get(key, ())}):
            score = matching.compare(text, candidates[pk].text)
            if score.is_match and score.similarity > found[i][1]:
                found[i] = (candidates[pk], score.similarity)
    originals = Claim.objects.in_bulk(
        {claim.duplicate_of_id for claim, _ in found if claim is not None and claim.duplicate_of_id}
    )
    return [
        (originals.get(claim.duplicate_of_id, claim) if claim is not None and claim.duplicate_of_id else claim, score)
        for claim, score in found
    ]


def _already_kept(item: ExtractedClaim, kept: Sequence[Claim]) -> bool:
    """Whether a claim someone worked on already stands for ``item``: the same span, a span over
    the same words (split or moved), or the same statement (edited, or stored by another reader)."""
    for claim in kept:
        if claim.start < item.end and item.start < claim.end:
            return True
        if matching.compare(item.text, claim.text).is_match:
            return True
    return False


def claim_index_text(claim: Claim, *, fresh: bool = False) -> None:
    """The claim's text fingerprint and MinHash bands, written again after its text changed."""
    if not fresh:
        ClaimBand.objects.filter(claim=claim).delete()
    ClaimBand.objects.bulk_create(
        [ClaimBand(claim=claim, key=k) for k in set(matching.band_keys(matching.tokens_of(claim.text)))]
    )


def quantity_row(claim: Claim, q: ExtractedQuantity) -> Quantity:
    """An unsaved Quantity of ``claim`` from an extracted one (offsets as extracted: into the article)."""
    return Quantity(
        claim=claim,
        text=q.text[:300],
        start=q.start,
        end=q.end,
        value=q.value,
        value_to=q.value_to,
        unit=(q.unit or "")[:80],
        kind=q.kind.value,
        bound=q.bound.value if q.bound else "",
        change=q.change.value if q.change else "",
        currency=q.currency or "",
        of=(q.of or "")[:120],
        noun=(q.noun or "")[:120],
    )


def quantities_store(claim: Claim, quantities: Iterable[ExtractedQuantity]) -> list[Quantity]:
    return Quantity.objects.bulk_create([quantity_row(claim, q) for q in quantities])


def claims_store(*, article: Article, extracted: Sequence[ExtractedClaim]) -> list[Claim]:
    """Store the claims of an article (inside the caller's transaction). Idempotent per span.

    Claims nobody has touched are replaced; every other claim of the article stays as it is, and
    an extracted claim it already stands for is not stored again. A claim that repeats one of
    another version of the article (:func:`article_family`) is stored dismissed, linked to it.
    The claims to replace are locked first (the claim row before its evidence: one lock order).
    """
    replaceable = list(untouched_claims(article).select_for_update(of=("self",)).values_list("pk", flat=True))
    Claim.objects.filter(pk__in=replaceable).delete()
    kept = list(Claim.objects.filter(article=article).only("pk", "text", "start", "end"))
    family = article_family(article, [item.text for item in extracted])
    fresh = [item for item in extracted if not _already_kept(item, kept)]
    stored: list[Claim] = []
    for item, repeat in zip(fresh, family_repeats([item.text for item in fresh], family), strict=True):
        match, similarity = repeat if repeat[0] is not None else find_match(item.text, exclude_article=article.pk)
        claim = Claim.objects.create(
            article=article,
            text=item.text,
            start=item.start,
            end=item.end,
            speaker=speaker_get_or_create(item.speaker),
            kind=item.kind.value,
            checkworthiness=min(1.0, max(0.0, float(item.checkworthiness))),
            fingerprint=matching.fingerprint(item.text),
            duplicate_of=match,
            match_score=round(similarity, 4) if match else None,
            # A repeat from another version of the same article is linked to the claim already
            # there and kept out of the queue: resubmitting an article must not flood the desk.
            status=Claim.Status.DISMISSED if repeat[0] is not None else Claim.Status.NEW,
            dismiss_reason=(
                f"Repeats claim #{repeat[0].pk} of another version of this article (#{repeat[0].article_id})."
                if repeat[0] is not None
                else ""
            ),
        )
        claim_index_text(claim, fresh=True)
        quantities_store(claim, item.quantities)
        stored.append(claim)
    return stored
