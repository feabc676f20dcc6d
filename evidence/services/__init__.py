"""Writes of the evidence app, one module per subdomain, re-exported here.

* :mod:`.decisions`: reviewers accept or reject candidates and add sources by hand;
* :mod:`.library`: editors add, change and remove reference documents;
* :mod:`.gathering`: provider runs for a claim, storing and ranking what they find.
"""

from evidence.services.decisions import MANUAL_PROVIDER, evidence_add_source, evidence_decide
from evidence.services.gathering import (
    candidates_rerank,
    candidates_store,
    claim_input,
    evidence_gather,
    fetch_run_execute,
    fetch_run_fail,
    fetch_runs_start,
)
from evidence.services.library import (
    LibraryAddResult,
    library_document_add,
    library_document_delete,
    library_document_update,
)

__all__ = [
    "MANUAL_PROVIDER",
    "LibraryAddResult",
    "candidates_rerank",
    "candidates_store",
    "claim_input",
    "evidence_add_source",
    "evidence_decide",
    "evidence_gather",
    "fetch_run_execute",
    "fetch_run_fail",
    "fetch_runs_start",
    "library_document_add",
    "library_document_delete",
    "library_document_update",
]
