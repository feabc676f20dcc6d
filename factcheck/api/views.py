"""Account endpoints: create an API token with a password, list and revoke tokens, who am I."""

from __future__ import annotations

from typing import Any

from axes.exceptions import AxesBackendPermissionDenied
from django.conf import settings
from django.contrib.auth import authenticate
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import AuthenticationFailed, Throttled
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from factcheck import roles
from factcheck.api.authentication import TokenAuthentication
from factcheck.api.docs import ERRORS_AUTH, errors
from factcheck.api.generics import OwnRowsListApi, read_schema
from factcheck.api.query import parse_body
from factcheck.models import ApiToken
from factcheck.selectors import api_tokens_of
from factcheck.services.tokens import api_token_create, api_token_revoke
from factcheck.users import signed_in_user


class TokenSerializer(serializers.ModelSerializer):
    class Meta:
        model = ApiToken
        fields = ["id", "name", "prefix", "created_at", "last_used_at", "revoked_at"]
        read_only_fields = fields


class TokenCreatedSerializer(TokenSerializer):
    key = serializers.CharField(read_only=True, help_text="The API key. Shown only in this response.")

    class Meta(TokenSerializer.Meta):
        fields = [*TokenSerializer.Meta.fields, "key"]
        read_only_fields = fields


class TokenObtainInputSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=1024, style={"input_type": "password"}, trim_whitespace=False)
    name = serializers.CharField(max_length=100, help_text="What the token is for, e.g. 'CMS integration'.")


class TokenNameInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100)


def _created(token: ApiToken, key: str) -> dict[str, Any]:
    data = dict(TokenSerializer(token).data)
    data["key"] = key
    return data


class TokenObtainApi(APIView):
    """Exchange a user name and password for a new API token (log-in failures are throttled)."""

    # No session (so no CSRF for scripts); the token class only supplies the 401 challenge.
    authentication_classes = [TokenAuthentication]
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="auth_token_create",
        request=TokenObtainInputSerializer,
        responses={201: TokenCreatedSerializer, **errors(400, 401, 403, 429)},
        auth=[],
        tags=["auth"],
    )
    def post(self, request: Request) -> Response:
        values = parse_body(TokenObtainInputSerializer, request)
        try:
            user = authenticate(request._request, username=values["username"], password=values["password"])
        except AxesBackendPermissionDenied:
            user, locked_out = None, True
        else:
            locked_out = getattr(request._request, "axes_locked_out", False)
        if locked_out:
            # Answer in the API's own body; otherwise axes' middleware swaps in its HTML lockout page.
            request._request.axes_locked_out = False  # type: ignore[attr-defined]  # axes' own flag
            raise Throttled(
                wait=settings.AXES_COOLOFF_TIME.total_seconds(),
                detail="Too many failed log-ins for this user from this address; try again later.",
            )
        if user is None or not user.is_active:
            raise AuthenticationFailed("The user name or password is wrong.")
        created = api_token_create(user=user, name=values["name"])
        return Response(_created(created.token, created.key), status=status.HTTP_201_CREATED)


@read_schema("auth_tokens_list", TokenSerializer, many=True, tags=["auth"])
class TokenListApi(OwnRowsListApi):
    """Your API tokens (keys are never shown again); create one while logged in or with a token."""

    serializer_class = TokenSerializer
    selector = api_tokens_of

    @extend_schema(
        operation_id="auth_tokens_create",
        request=TokenNameInputSerializer,
        responses={201: TokenCreatedSerializer, **errors(400, 401)},
        tags=["auth"],
    )
    def post(self, request: Request) -> Response:
        values = parse_body(TokenNameInputSerializer, request)
        created = api_token_create(user=request.user, name=values["name"])
        return Response(_created(created.token, created.key), status=status.HTTP_201_CREATED)


class TokenDetailApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="auth_tokens_revoke",
        request=None,
        responses={204: OpenApiResponse(description="Revoked."), **errors(401, 404)},
        tags=["auth"],
    )
    def delete(self, request: Request, token_id: int) -> Response:
        token = get_object_or_404(api_tokens_of(request.user), pk=token_id)
        api_token_revoke(token=token, user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    name = serializers.CharField()
    email = serializers.EmailField(allow_blank=True)
    role = serializers.CharField(allow_null=True, help_text="fact-checker, editor, admin, or null")
    permissions = serializers.ListField(child=serializers.CharField())
    token = TokenSerializer(allow_null=True, help_text="The token this request used, if any.")


class MeApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="me", responses={200: MeSerializer, **ERRORS_AUTH}, tags=["auth"])
    def get(self, request: Request) -> Response:
        user = signed_in_user(request)
        data = {
            "id": user.pk,
            "username": user.get_username(),
            "name": user.get_full_name(),
            "email": user.email,
            "role": roles.role_of(user),
            "permissions": sorted(user.get_all_permissions()),
            "token": request.auth if isinstance(request.auth, ApiToken) else None,
        }
        return Response(MeSerializer(data).data)
