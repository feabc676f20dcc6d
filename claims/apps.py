from django.apps import AppConfig


class ClaimsConfig(AppConfig):
    verbose_name = "Articles, claims and verdicts"
    name = "claims"
    default_auto_field = "django.db.models.BigAutoField"
