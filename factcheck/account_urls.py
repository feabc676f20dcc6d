"""Account pages: API tokens and webhook subscriptions (mounted at /account/)."""

from django.urls import path

from factcheck import account_views

app_name = "account"
urlpatterns = [
    path("tokens/", account_views.tokens, name="tokens"),
    path("tokens/<int:token_id>/revoke", account_views.token_revoke, name="token-revoke"),
    path("webhooks/", account_views.webhook_list, name="webhooks"),
    path("webhooks/<int:subscription_id>/", account_views.webhook_detail, name="webhook-detail"),
    path("webhooks/<int:subscription_id>/<slug:action>", account_views.webhook_action, name="webhook-action"),
    path(
        "webhooks/<int:subscription_id>/deliveries/<int:delivery_id>/redeliver",
        account_views.webhook_redeliver,
        name="webhook-redeliver",
    ),
]
