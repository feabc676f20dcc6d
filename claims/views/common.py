"""What every screen shares: role checks, and the one place a DomainError becomes a response.

Services raise :class:`DomainError` with a readable message, an optional field and a kind.
Here it becomes either an error on the form the user filled in (so they see it next to the
field and lose nothing they typed), or, for one-click actions, a message on the page they
came from — with the HTTP status the kind stands for, so htmx and tests can tell them apart.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import wraps
from typing import Any, Protocol, TypeVar

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme

from factcheck import roles
from factcheck.errors import DomainError, ErrorKind
from factcheck.forms import add_domain_error

STATUS_FOR_KIND = {
    ErrorKind.INVALID: 400,
    ErrorKind.FORBIDDEN: 403,
    ErrorKind.NOT_FOUND: 404,
    ErrorKind.CONFLICT: 409,
    ErrorKind.STALE: 412,
}

View = TypeVar("View", bound=Callable[..., HttpResponse])
Result = TypeVar("Result")
BoundForm = TypeVar("BoundForm", bound=forms.Form)


def is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def forbidden(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "forbidden.html", {"message": message}, status=403)


def _role_required(check: Callable[[Any], bool], message: str) -> Callable[[View], View]:
    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not check(request.user):
                return forbidden(request, message)
            return view(request, *args, **kwargs)

        return login_required(wrapped)  # type: ignore[return-value]

    return decorator


# A logged-in user without a role sees nothing of the workbench (403), not an empty queue.
staff_required = _role_required(roles.can_take, "You need the fact-checker or editor role to use the workbench.")
editor_required = _role_required(roles.is_editor, "Only editors can review verdicts and manage claims.")


def int_param(value: Any) -> int | None:
    """A whole number from a query parameter, or None when it is missing or not one."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def safe_next(request: HttpRequest, fallback: str) -> str:
    """Where to go back to after an action: the posted ``next`` when it is on this site."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def action_error(request: HttpRequest, error: DomainError, *, back: str) -> HttpResponse:
    """A refused one-click action (take, release, approve, ...): the reason, on the right status.

    Forbidden is a page of its own (403); anything else goes back to where the user was with
    the reason as a message. htmx requests get the message as a fragment with the status code
    (base.html tells htmx to swap 4xx fragments into the page).
    """
    status = STATUS_FOR_KIND.get(error.kind, 400)
    if is_htmx(request):
        return render(request, "claims/_error.html", {"message": error.message}, status=status)
    if error.kind == ErrorKind.FORBIDDEN:
        return forbidden(request, error.message)
    messages.error(request, error.message)
    return see_other(back)


class HttpResponseSeeOther(HttpResponseRedirect):
    status_code = 303


def run_action(
    request: HttpRequest, call: Callable[[], object], *, done: str, back: str, then: str | None = None
) -> HttpResponse:
    """A one-click action: call the service; on a refusal go ``back`` with the reason (see
    :func:`action_error`), on success say ``done`` and go to ``then`` (default ``back``)."""
    try:
        call()
    except DomainError as error:
        return action_error(request, error, back=back)
    messages.success(request, done)
    return see_other(then or back)


def see_other(url: str) -> HttpResponse:
    """After a successful POST: 303, so reloading the next page never re-posts."""
    return HttpResponseSeeOther(url)


def form_refusal(form: forms.Form) -> DomainError:
    """An invalid form's first error, as the refusal a one-click action reports."""
    first_field, errors = next(iter(form.errors.items()))
    return DomainError(str(errors[0]), field=first_field)


def form_submit(
    request: HttpRequest,
    form: forms.Form,
    call: Callable[[dict[str, Any]], Result],
    *,
    done: Callable[[Result], str],
    then: Callable[[Result], str],
    page: Callable[[int], HttpResponse],
) -> HttpResponse:
    """A form that calls one service. When the form is valid, ``call`` gets its cleaned data: on
    success say ``done(result)`` and go to ``then(result)`` (303); on a refusal the reason goes onto
    the form (see :func:`~factcheck.forms.add_domain_error`) and ``page(status)`` draws the form's
    page again, on the status the refusal's kind stands for (400 when the form itself is not valid)."""
    status = 400
    if form.is_valid():
        try:
            result = call(form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
            status = STATUS_FOR_KIND[error.kind]
        else:
            messages.success(request, done(result))
            return see_other(then(result))
    return page(status)


def form_at_version(form: BoundForm, version: int, **form_kwargs: Any) -> BoundForm:
    """The same typed values against ``version`` (the one someone else saved), so saving again is a
    deliberate overwrite; ``form_kwargs`` are what the form class takes besides its data."""
    data = form.data.copy()  # type: ignore[attr-defined]  # a QueryDict: the form is always bound here
    data["version"] = str(version)
    rebound = type(form)(data, **form_kwargs)
    rebound.is_valid()
    return rebound


class Outcome(Protocol):
    @property
    def ok(self) -> bool: ...


def bulk_done(request: HttpRequest, outcomes: Sequence[Outcome], summary: str, *, back: str) -> HttpResponse:
    """After a bulk action (each item checked and recorded on its own): the summary, as a success
    when every item went through and as a warning when any was refused; then back to the list."""
    if all(outcome.ok for outcome in outcomes):
        messages.success(request, summary)
    else:
        messages.warning(request, summary)
    return see_other(back)
