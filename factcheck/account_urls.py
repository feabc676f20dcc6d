"""Account pages: API tokens and webhook subscriptions (mounted at /account/)."""

from django.urls import path

from factcheck.api import pages

app_name = "account"
urlpatterns = [
    path("tokens/", pages.tokens, name="tokens"),
    path("tokens/<int:token_id>/revoke", pages.token_revoke, name="token-revoke"),
    path("webhooks/", pages.webhook_list, name="webhooks"),
    path("webhooks/<int:subscription_id>/", pages.webhook_detail, name="webhook-detail"),
    path("webhooks/<int:subscription_id>/<slug:action>", pages.webhook_action, name="webhook-action"),
    path("webhooks/<int:subscription_id>/deliveries/<int:delivery_id>/redeliver", pages.webhook_redeliver,
         name="webhook-redeliver"),
]
