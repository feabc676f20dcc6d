"""Create the three roles with their permissions, and the default rating scale."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

DEFAULT_SCALE = [
    # name, slug, value (None: off the numeric scale), description
    ("True", "true", 5, "The statement is accurate and nothing significant is missing."),
    ("Mostly true", "mostly-true", 4, "Accurate but needs clarification or additional information."),
    ("Half true", "half-true", 3, "Partially accurate but leaves out important details or takes things out of context."),
    ("Mostly false", "mostly-false", 2, "Contains an element of truth but ignores critical facts."),
    ("False", "false", 1, "The statement is not accurate."),
    ("Misleading", "misleading", None, "Accurate figures used to give a false impression."),
    ("Unverifiable", "unverifiable", None, "There is not enough public evidence to prove or disprove it."),
]


def create_roles(apps, schema_editor):
    from factcheck.roles import ROLE_PERMISSIONS

    # Permissions are normally created after all migrations; roles need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, perms in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        objs = []
        for dotted in perms:
            app_label, codename = dotted.split(".")
            objs.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
        group.permissions.set(objs)


def remove_roles(apps, schema_editor):
    from factcheck.roles import ROLE_NAMES

    apps.get_model("auth", "Group").objects.filter(name__in=ROLE_NAMES).delete()


def create_scale(apps, schema_editor):
    Rating = apps.get_model("claims", "Rating")
    for order, (name, slug, value, description) in enumerate(DEFAULT_SCALE):
        Rating.objects.get_or_create(
            slug=slug, defaults={"name": name, "value": value, "description": description, "order": order}
        )


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("claims", "0002_initial"),
        ("evidence", "0001_initial"),
        ("factcheck", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(create_roles, remove_roles),
        migrations.RunPython(create_scale, migrations.RunPython.noop),
    ]
