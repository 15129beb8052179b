"""The OpenAPI schema as a contract: what partner sites generate their clients from.

drf-spectacular describes the successful answers from the serializers; this module adds
what it cannot see: the portal's token scheme, and the error answers every operation may
give, all in the one shape of tpc_portal.api.exception_handler.
"""

from drf_spectacular.contrib.knox_auth_token import KnoxTokenScheme

ERROR_SCHEMA = {
    "type": "object",
    "description": "Every error answer of the API.",
    "properties": {
        "message": {"type": "string", "description": "What went wrong, for a person."},
        "errors": {
            "type": "object",
            "description": "Messages per input field; empty when no field is at fault.",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        },
    },
    "required": ["message", "errors"],
}

_DESCRIPTIONS = {
    "400": "The input is invalid (a field, a filter or a page size).",
    "401": "No credentials, or a token that is wrong, expired or malformed.",
    "403": "Authenticated, but not allowed to do this.",
    "404": "No such object, or not one the caller may see; or no such page of results.",
    "429": "Too many requests: wait as long as the Retry-After header says.",
}


class PortalTokenScheme(KnoxTokenScheme):
    """The portal's knox token authentication (tpc_portal.authentication), as knox's."""

    target_class = "tpc_portal.authentication.TokenAuthentication"


def _error_statuses(method: str, operation: dict) -> list[str]:
    parameters = {(p["in"], p["name"]) for p in operation.get("parameters", [])}
    where = {place for place, _ in parameters}
    statuses = ["429"]  # every operation is throttled
    if "query" in where or "requestBody" in operation:
        statuses.append("400")
    # Any caller may send a bad token, which is 401 even where visitors are welcome. An
    # operation open to visitors lists {} among its security requirements.
    statuses.append("401")
    if {} not in operation.get("security", []) or method not in {"get", "head", "options"}:
        statuses.append("403")
    if "path" in where or ("query", "page") in parameters:
        statuses.append("404")
    return sorted(statuses)


def error_responses(result: dict, generator, request, public) -> dict:
    """A drf-spectacular postprocessing hook: the error answers, on every operation."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    error = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            for status in _error_statuses(method, operation):
                responses.setdefault(
                    status, {"description": _DESCRIPTIONS[status], "content": error}
                )
    return result
