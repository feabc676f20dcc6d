"""The API's JSON parser: refuses a body nested deeper than ``API_MAX_JSON_DEPTH`` before parsing it.

Python's JSON decoder recurses once per ``[`` or ``{``: a 2 KB body of a thousand nested arrays
ends in a RecursionError (a 500) instead of an answer. Counting the depth first is a flat scan,
so no body can make the decoder recurse further than the limit allows.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from typing import IO, Any

from django.conf import settings
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

# A JSON string (skipped whole: brackets inside it do not nest) or one bracket.
_TOKEN = re.compile(rb'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.DOTALL)
_OPENERS = frozenset(b"[{")


def json_depth_exceeds(body: bytes, limit: int) -> bool:
    """True if ``body`` opens more than ``limit`` arrays or objects inside each other."""
    if body.count(b"[") + body.count(b"{") <= limit:
        return False  # cannot nest deeper than it has brackets
    depth = 0
    for match in _TOKEN.finditer(body):
        token = match.group()
        if token[0] in _OPENERS:
            depth += 1
            if depth > limit:
                return True
        elif token[0] != 0x22:  # a closing bracket, not a string
            depth -= 1
    return False


def too_deep_message() -> str:
    return f"The JSON body is nested more than {settings.API_MAX_JSON_DEPTH} levels deep."


class DepthLimitedJSONParser(JSONParser):
    """DRF's JSON parser, after a depth check that needs no recursion."""

    def parse(
        self, stream: IO[Any] | None, media_type: str | None = None, parser_context: Mapping[str, Any] | None = None
    ) -> Any:
        body = stream.read() if stream is not None else b""
        if json_depth_exceeds(body, settings.API_MAX_JSON_DEPTH):
            raise ParseError(too_deep_message())
        try:
            return super().parse(io.BytesIO(body), media_type, parser_context)
        except RecursionError:  # the limit was set above what the interpreter allows
            raise ParseError(too_deep_message()) from None
