"""Writes of the evidence app, one module per subdomain, re-exported here.

* :mod:`.decisions`: reviewers accept or reject candidates and add sources by hand;
* :mod:`.library`: editors add, change and remove reference documents;
* :mod:`.gathering`: provider runs for a claim, storing and ranking what they find.
"""

from evidence.services.decisions import MANUAL_PROVIDER, evidence_add_source, evidence_decide
from evidence.services.gathering import (
    claim_input,
    fail_run,
    gather_for_claim,
    rerank_claim,
    run_provider,
    start_gathering,
    store_candidates,
)
from evidence.services.library import (
    LibraryAddResult,
    library_add_document,
    library_delete_document,
    library_update_document,
)

__all__ = [
    "MANUAL_PROVIDER",
    "LibraryAddResult",
    "claim_input",
    "evidence_add_source",
    "evidence_decide",
    "fail_run",
    "gather_for_claim",
    "library_add_document",
    "library_delete_document",
    "library_update_document",
    "rerank_claim",
    "run_provider",
    "start_gathering",
    "store_candidates",
]
