"""The back office over the archive and the matches: a window, not a door.

Fact-checks arrive through the import service (which re-embeds what changed) and matches change
through the decision services (audited, sent to webhooks), so both pages show and refuse changes.
"""

from __future__ import annotations

from django.contrib import admin

from archive.models import ClaimMatch, FactCheck
from factcheck.admin_readonly import ReadOnlyAdmin


@admin.register(FactCheck)
class FactCheckAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "rating", "publisher", "published", "source", "external_id"]
    list_filter = ["source", "language"]
    search_fields = ["claim_reviewed", "title", "external_id", "publisher"]
    exclude = ["embedding"]


@admin.register(ClaimMatch)
class ClaimMatchAdmin(ReadOnlyAdmin):
    list_display = ["claim", "factcheck", "matched_claim", "score", "numbers", "state", "decided_by", "decided_at"]
    list_filter = ["state", "numbers"]
    raw_id_fields = ["claim", "factcheck", "matched_claim"]
