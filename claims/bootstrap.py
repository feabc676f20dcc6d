"""Rows the workbench cannot run without: the role groups and the default rating scale.

Installed by the data migration, and again after every ``migrate``/``flush`` (post_migrate),
so a database emptied by ``flush`` (as transactional tests do) still has its roles.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps as global_apps

from factcheck.roles import ROLE_PERMISSIONS

DEFAULT_SCALE = [
    # name, slug, value (None: off the numeric scale), description
    ("True", "true", 5, "The statement is accurate and nothing significant is missing."),
    ("Mostly true", "mostly-true", 4, "Accurate but needs clarification or additional information."),
    (
        "Half true",
        "half-true",
        3,
        "Partially accurate but leaves out important details or takes things out of context.",
    ),
    ("Mostly false", "mostly-false", 2, "Contains an element of truth but ignores critical facts."),
    ("False", "false", 1, "The statement is not accurate."),
    ("Misleading", "misleading", None, "Accurate figures used to give a false impression."),
    ("Unverifiable", "unverifiable", None, "There is not enough public evidence to prove or disprove it."),
]


def install_roles(apps: Any) -> None:
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, perms in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        wanted = []
        for dotted in perms:
            app_label, codename = dotted.split(".")
            permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
            # An app migrated after this data migration (archive) has no permissions yet; the
            # post_migrate run at the end of every migrate adds them.
            if permission is not None:
                wanted.append(permission)
        group.permissions.set(wanted)


def install_rating_scale(apps: Any) -> None:
    Rating = apps.get_model("claims", "Rating")
    if Rating.objects.exists():  # an admin may have renamed or replaced the scale: leave it
        return
    for order, (name, slug, value, description) in enumerate(DEFAULT_SCALE):
        Rating.objects.get_or_create(
            slug=slug, defaults={"name": name, "value": value, "description": description, "order": order}
        )


def ensure_after_migrate(sender: Any, apps: Any = None, **kwargs: Any) -> None:
    """post_migrate handler: runs for the last installed app, when every app's permissions exist."""
    if sender.label != list(global_apps.get_app_configs())[-1].label:
        return
    registry = apps or global_apps
    try:
        install_roles(registry)
        install_rating_scale(registry)
    except LookupError:  # a partial migration state without these models
        return
