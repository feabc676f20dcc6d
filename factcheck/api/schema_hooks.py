"""The OpenAPI schema must not depend on the database it was generated on.

Model integer fields get validators from ``connection.ops.integer_field_range``: ±2³¹ and ±2¹⁵ on
PostgreSQL, ±2⁶³ on SQLite, so the same code produced two schemas. Those bounds describe storage,
not the API (the fields they land on are read-only or checked by the service), so this hook removes
them; bounds the API sets on purpose (ids: 1 to 2⁶³−1, priority: −100 to 100) stay.
"""

from __future__ import annotations

from typing import Any

_STORAGE_MAXIMA = {2**15 - 1, 2**31 - 1, 2**63 - 1}
_STORAGE_MINIMA = {-(2**15), -(2**31), -(2**63)}


def _strip(node: Any) -> None:
    if isinstance(node, dict):
        if node.get("type") == "integer" and node.get("minimum") != 1:
            if node.get("maximum") in _STORAGE_MAXIMA:
                del node["maximum"]
                if node.get("format") == "int64":
                    del node["format"]
            if node.get("minimum") in _STORAGE_MINIMA:
                del node["minimum"]
        for value in node.values():
            _strip(value)
    elif isinstance(node, list):
        for value in node:
            _strip(value)


def vendor_neutral_integers(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    _strip(result)
    return result
