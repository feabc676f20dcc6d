"""Writes for articles, claims and verdicts. Every door (UI, API, admin, CLI, tasks) calls these."""

from claims.services.articles import article_delete
from claims.services.bulk import BulkAction, BulkResult, bulk_summary, claims_bulk
from claims.services.claim_edit import KEEP, claim_edit
from claims.services.claim_shape import claim_add, claim_split, claims_merge
from claims.services.claim_text import QuantityInput
from claims.services.corrections import verdict_correct, verdict_retract
from claims.services.verdicts import (
    CitationInput,
    SaveAndSubmitResult,
    verdict_approve,
    verdict_return,
    verdict_save_and_submit,
    verdict_save_draft,
    verdict_submit,
)
from claims.services.workflow import (
    claim_assign,
    claim_delete,
    claim_dismiss,
    claim_mark_duplicate,
    claim_release,
    claim_reopen,
    claim_set_priority,
    claim_take,
    claim_take_next,
    claim_take_over,
)

__all__ = [
    "KEEP",
    "BulkAction",
    "BulkResult",
    "CitationInput",
    "QuantityInput",
    "SaveAndSubmitResult",
    "article_delete",
    "bulk_summary",
    "claim_add",
    "claim_assign",
    "claim_delete",
    "claim_dismiss",
    "claim_edit",
    "claim_mark_duplicate",
    "claim_release",
    "claim_reopen",
    "claim_set_priority",
    "claim_split",
    "claim_take",
    "claim_take_next",
    "claim_take_over",
    "claims_bulk",
    "claims_merge",
    "verdict_approve",
    "verdict_correct",
    "verdict_retract",
    "verdict_return",
    "verdict_save_and_submit",
    "verdict_save_draft",
    "verdict_submit",
]
