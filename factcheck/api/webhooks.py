"""Webhook subscriptions (admins, each their own): CRUD, rotate the secret, send a test event,
see every delivery and attempt, redeliver."""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from factcheck.api.docs import ERRORS_READ, ERRORS_WRITE, destroy_schema
from factcheck.api.generics import (
    OwnRowsListApi,
    RowActionApi,
    SelectorListApi,
    SelectorQuerysetMixin,
    SelectorRetrieveApi,
    action_schema,
    read_schema,
)
from factcheck.api.pagination import DeliveryCursorPagination
from factcheck.api.permissions import CanManageWebhooks
from factcheck.api.query import parse_body
from factcheck.models import WebhookAttempt, WebhookDelivery, WebhookSubscription
from factcheck.selectors import webhook_deliveries, webhook_subscriptions_of
from factcheck.webhooks import services

EVENT_CHOICES = WebhookSubscription.Event.choices


class WebhookSubscriptionSerializer(serializers.ModelSerializer):
    events = serializers.ListField(child=serializers.ChoiceField(choices=EVENT_CHOICES))
    rotating = serializers.SerializerMethodField(help_text="True while the previous secret still signs too.")

    class Meta:
        model = WebhookSubscription
        fields = [
            "id",
            "url",
            "events",
            "description",
            "is_active",
            "disabled_reason",
            "rotating",
            "previous_secret_expires_at",
            "created_at",
            "updated_at",
        ]

    def get_rotating(self, subscription: WebhookSubscription) -> bool:
        return len(services.secrets_in_use(subscription)) > 1


class WebhookSubscriptionWithSecretSerializer(WebhookSubscriptionSerializer):
    secret = serializers.CharField(help_text="The signing secret (whsec_…). Shown only in this response.")

    class Meta(WebhookSubscriptionSerializer.Meta):
        fields = [*WebhookSubscriptionSerializer.Meta.fields, "secret"]


class WebhookSubscriptionInputSerializer(serializers.Serializer):
    url = serializers.CharField(max_length=2000, help_text="A public https:// (or http://) address.")
    events = serializers.ListField(child=serializers.ChoiceField(choices=EVENT_CHOICES), min_length=1)
    description = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class WebhookSubscriptionPatchSerializer(serializers.Serializer):
    url = serializers.CharField(max_length=2000, required=False)
    events = serializers.ListField(child=serializers.ChoiceField(choices=EVENT_CHOICES), min_length=1, required=False)
    description = serializers.CharField(max_length=200, required=False, allow_blank=True)
    is_active = serializers.BooleanField(required=False, help_text="True re-enables a disabled subscription.")


class WebhookAttemptSerializer(serializers.ModelSerializer):
    class Meta:
        model = WebhookAttempt
        fields = ["number", "status_code", "error", "duration_ms", "created_at"]


class WebhookDeliverySerializer(serializers.ModelSerializer):
    attempt_log = WebhookAttemptSerializer(many=True)
    payload = serializers.JSONField()

    class Meta:
        model = WebhookDelivery
        fields = [
            "id",
            "event_id",
            "event_type",
            "status",
            "attempts",
            "next_attempt_at",
            "last_status_code",
            "last_error",
            "created_at",
            "delivered_at",
            "payload",
            "attempt_log",
        ]


def _with_secret(subscription: WebhookSubscription, secret: str) -> dict[str, Any]:
    return {**WebhookSubscriptionSerializer(subscription).data, "secret": secret}


def _own_subscription(request: Request, subscription_id: int) -> WebhookSubscription:
    return get_object_or_404(webhook_subscriptions_of(request.user), pk=subscription_id)


def _delivery(subscription: WebhookSubscription, delivery_id: int) -> WebhookDelivery:
    return get_object_or_404(webhook_deliveries(subscription), pk=delivery_id)


def _delivery_queued(delivery: WebhookDelivery) -> Response:
    """A delivery just queued (a test event, a redelivery), read back with its attempts: 202."""
    data = WebhookDeliverySerializer(_delivery(delivery.subscription, delivery.pk)).data
    return Response(data, status=status.HTTP_202_ACCEPTED)


def _queues_delivery(operation_id: str, description: str) -> Any:
    """The schema of an action answered by :func:`_delivery_queued`."""
    return action_schema(
        operation_id, WebhookDeliverySerializer, description, status_code=status.HTTP_202_ACCEPTED, tags=["webhooks"]
    )


@read_schema("webhooks_list", WebhookSubscriptionSerializer, many=True, tags=["webhooks"])
class WebhookListCreateApi(OwnRowsListApi):
    """Your webhook subscriptions; POST registers an endpoint and returns its secret once."""

    serializer_class = WebhookSubscriptionSerializer
    permission_classes = [CanManageWebhooks]
    selector = webhook_subscriptions_of

    @extend_schema(
        operation_id="webhooks_create",
        request=WebhookSubscriptionInputSerializer,
        responses={201: WebhookSubscriptionWithSecretSerializer, **ERRORS_WRITE},
        tags=["webhooks"],
        description="The URL must be public (the same address checks as article fetching).",
    )
    def post(self, request: Request) -> Response:
        values = parse_body(WebhookSubscriptionInputSerializer, request)
        created = services.webhook_subscription_create(user=request.user, **values)
        return Response(_with_secret(created.subscription, created.secret), status=status.HTTP_201_CREATED)


class WebhookDetailApi(APIView):
    permission_classes = [CanManageWebhooks]

    @extend_schema(
        operation_id="webhooks_retrieve",
        responses={200: WebhookSubscriptionSerializer, **ERRORS_READ},
        tags=["webhooks"],
    )
    def get(self, request: Request, subscription_id: int) -> Response:
        return Response(WebhookSubscriptionSerializer(_own_subscription(request, subscription_id)).data)

    @extend_schema(
        operation_id="webhooks_partial_update",
        request=WebhookSubscriptionPatchSerializer,
        responses={200: WebhookSubscriptionSerializer, **ERRORS_WRITE},
        tags=["webhooks"],
    )
    def patch(self, request: Request, subscription_id: int) -> Response:
        subscription = _own_subscription(request, subscription_id)
        values = parse_body(WebhookSubscriptionPatchSerializer, request)
        subscription = services.webhook_subscription_update(subscription=subscription, user=request.user, **values)
        return Response(WebhookSubscriptionSerializer(subscription).data)

    @destroy_schema("webhooks_destroy", "Deleted.", tags=["webhooks"])
    def delete(self, request: Request, subscription_id: int) -> Response:
        services.webhook_subscription_delete(
            subscription=_own_subscription(request, subscription_id), user=request.user
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class _SubscriptionActionApi(RowActionApi):
    permission_classes = [CanManageWebhooks]
    url_argument = "subscription_id"
    row_argument = "subscription"

    def get_row(self, pk: int) -> WebhookSubscription:
        return _own_subscription(self.request, pk)


@action_schema(
    "webhooks_rotate_secret",
    WebhookSubscriptionWithSecretSerializer,
    "A new secret, shown once. For 24 hours both the old and the new signature are "
    "sent, so the receiver can switch without losing events.",
    tags=["webhooks"],
)
class WebhookRotateSecretApi(_SubscriptionActionApi):
    service = staticmethod(services.webhook_subscription_rotate_secret)

    def respond(self, row: WebhookSubscription, result: services.SubscriptionWithSecret) -> Response:
        return Response(_with_secret(result.subscription, result.secret))


@_queues_delivery("webhooks_send_test", "Queue a `webhook.test` event to this endpoint.")
class WebhookTestApi(_SubscriptionActionApi):
    service = staticmethod(services.webhook_send_test)

    def respond(self, row: WebhookSubscription, result: WebhookDelivery) -> Response:
        return _delivery_queued(result)


class _SubscriptionDeliveries(SelectorQuerysetMixin, generics.GenericAPIView):
    # The deliveries of one of your subscriptions (someone else's is a 404). A comment, not a
    # docstring: drf-spectacular would show it as the description of the detail endpoint.
    serializer_class = WebhookDeliverySerializer
    permission_classes = [CanManageWebhooks]
    selector = webhook_deliveries
    filter_backends: list[Any] = []

    def selector_arguments(self) -> dict[str, Any]:
        return {"subscription": _own_subscription(self.request, self.kwargs["subscription_id"])}


@read_schema("webhooks_deliveries_list", WebhookDeliverySerializer, many=True, tags=["webhooks"])
class WebhookDeliveryListApi(_SubscriptionDeliveries, SelectorListApi):
    """Every event sent to this endpoint with each attempt (newest first, cursor-paginated)."""

    pagination_class = DeliveryCursorPagination


@read_schema("webhooks_deliveries_retrieve", WebhookDeliverySerializer, many=False, tags=["webhooks"])
class WebhookDeliveryDetailApi(_SubscriptionDeliveries, SelectorRetrieveApi):
    lookup_url_kwarg = "delivery_id"


@_queues_delivery(
    "webhooks_deliveries_redeliver", "Send the event again with the same webhook-id (409 while it is still in flight)."
)
class WebhookRedeliverApi(RowActionApi):
    permission_classes = [CanManageWebhooks]
    url_argument = "delivery_id"
    row_argument = "delivery"
    service = staticmethod(services.webhook_redeliver)

    def get_row(self, pk: int) -> WebhookDelivery:
        return _delivery(_own_subscription(self.request, self.kwargs["subscription_id"]), pk)

    def respond(self, row: WebhookDelivery, result: Any) -> Response:
        return _delivery_queued(row)
