"""What every door (page or API) does the same way when a selector finds nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404

Row = TypeVar("Row")


def found_or_404(selector: Callable[[int], Row], pk: int, *, missing: str) -> Row:
    """What a one-row selector returns for ``pk``, or a 404 saying ``missing`` when the row does not
    exist (selectors raise the model's ``DoesNotExist``; a door answers 404)."""
    try:
        return selector(pk)
    except ObjectDoesNotExist:
        raise Http404(missing) from None
