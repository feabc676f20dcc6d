"""The public page of a published verdict, with its ClaimReview JSON-LD.

It needs no log-in (search engines and readers follow ClaimReview ``url``s here) and shows
only published verdicts, with their public corrections, and retracted ones (saying so, without
ClaimReview markup): anything else is a 404, so drafts never leak.
"""

from __future__ import annotations

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_GET

from claims.claimreview import claimreview_for
from claims.models import Verdict, VerdictCorrection
from claims.selectors.verdicts import published_claim
from factcheck.shortcuts import found_or_404

# The characters that could end or confuse a <script> data block, as JSON escapes (what json_script does).
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def ld_json(data: object) -> SafeString:
    """JSON that is safe inside ``<script type="application/ld+json">``: no ``</script>`` can appear."""
    return mark_safe(json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_SCRIPT_ESCAPES))


@require_GET
def verdict_public(request: HttpRequest, pk: int) -> HttpResponse:
    claim = found_or_404(published_claim, pk, missing="No published verdict for this claim.")
    verdict = claim.verdict
    retracted = verdict.status == Verdict.Status.RETRACTED
    corrections = list(verdict.corrections.all())
    return render(
        request,
        "claims/verdict_public.html",
        {
            "claim": claim,
            "verdict": verdict,
            "retracted": retracted,
            "retraction": next((c for c in corrections if c.kind == VerdictCorrection.Kind.RETRACTION), None),
            "corrections": [c for c in corrections if c.kind == VerdictCorrection.Kind.CORRECTION],
            # A withdrawn verdict is no longer a claim review: no markup for search engines to pick up.
            "claimreview": None if retracted else ld_json(claimreview_for(verdict)),
        },
    )
