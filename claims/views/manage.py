"""Editors' claim management from the desk: reassign, dismiss with a reason, set priority, reopen.

Each is a desk button (:func:`claims.views.desk.claim_button`) whose form's fields are the
service's keyword arguments.
"""

from __future__ import annotations

from claims.forms import AssignForm, DismissForm, PriorityForm
from claims.services import claim_assign, claim_dismiss, claim_reopen, claim_set_priority
from claims.views.common import editor_required
from claims.views.desk import claim_button
from factcheck.errors import DomainError

assign = claim_button(
    claim_assign,
    role=editor_required,
    form_class=AssignForm,
    done=lambda claim, values: f"Assigned to {values['assignee'].get_username()}.",
)
dismiss = claim_button(
    claim_dismiss,
    role=editor_required,
    form_class=DismissForm,
    done="Claim dismissed.",
    refusal=lambda form: DomainError("Say why the claim is dismissed.", field="reason"),
)
reopen = claim_button(claim_reopen, role=editor_required, done="Claim back in the queue.")
set_priority = claim_button(
    claim_set_priority,
    role=editor_required,
    form_class=PriorityForm,
    done=lambda claim, values: f"Priority set to {values['priority']}.",
)
