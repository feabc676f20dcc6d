"""The first lock of every write on a claim's work: the claim row itself.

Services that change a claim, its evidence, fetch runs or verdict lock the claim row before any
of those rows (see :mod:`factcheck.transactions` for why one order matters). On SQLite, which has
no row locks, this is a plain read.
"""

from __future__ import annotations

from claims.models import Claim
from factcheck.errors import DomainError, ErrorKind


def lock_claim(claim_id: int) -> Claim | None:
    """The claim, locked ``FOR UPDATE`` until the transaction ends; None if it was deleted."""
    return Claim.objects.select_for_update(of=("self",)).filter(pk=claim_id).first()


def locked_claim(claim_id: int) -> Claim:
    """:func:`lock_claim` for a service acting on the claim: a deleted claim is a readable 404."""
    claim = lock_claim(claim_id)
    if claim is None:
        raise DomainError("The claim was deleted.", kind=ErrorKind.NOT_FOUND)
    return claim
