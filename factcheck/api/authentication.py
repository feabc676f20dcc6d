"""Bearer-token authentication: ``Authorization: Token <key>`` or ``Authorization: Bearer <key>``."""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.request import Request

from factcheck.services.tokens import api_token_authenticate

KEYWORDS = ("token", "bearer")


class TokenAuthentication(BaseAuthentication):
    """Authenticates as the token's user; ``request.auth`` is the :class:`ApiToken`.

    It is the first authentication class, so its ``WWW-Authenticate`` challenge is what makes
    DRF answer an unauthenticated request with 401 rather than 403.
    """

    def authenticate(self, request: Request) -> tuple[Any, Any] | None:
        parts = get_authorization_header(request).split()
        if not parts or parts[0].decode("latin-1").lower() not in KEYWORDS:
            return None
        if len(parts) != 2:
            raise AuthenticationFailed("The Authorization header must be 'Token <key>' or 'Bearer <key>'.")
        try:
            key = parts[1].decode("ascii")
        except UnicodeDecodeError:
            raise AuthenticationFailed("The token contains characters a key never has.") from None
        token = api_token_authenticate(key=key)
        if token is None:
            raise AuthenticationFailed("The token is unknown or was revoked.")
        if not token.user.is_active:
            raise AuthenticationFailed("The token's user is deactivated.")
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return 'Bearer realm="api"'


class TokenAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = "factcheck.api.authentication.TokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "An API token created at /account/tokens/ or with POST /api/v1/auth/token/. "
            "Send it as `Authorization: Bearer <key>` (or `Token <key>`).",
        }
