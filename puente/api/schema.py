"""How the schema describes Puente's authentication."""

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "puente.api.authentication.ApiTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A personal API token (profile → API tokens): `Bearer pte_…`.",
        }


ERRORS = {
    "400": "The input is invalid: each field named with its messages.",
    "401": "No token, or an unknown or revoked one.",
    "403": "A member of the program without the right to this.",
    "404": "Not found, or not visible to you (outsiders get 404 for a whole program).",
    "429": "Too many wrong tokens from this address: wait for the cool-off.",
}


def add_error_responses(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """drf-spectacular post-processing hook: document the error answers every operation can give
    (the same shape everywhere: ``{"detail": "…"}``, or field → messages for a 400)."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["Error"] = {
        "type": "object",
        "description": "An error: `detail` says what went wrong; a 400 names each bad field.",
        "additionalProperties": {},
        "properties": {"detail": {"type": "string"}},
    }
    for path in result.get("paths", {}).values():
        for operation in path.values():
            responses = operation.setdefault("responses", {})
            for code, description in ERRORS.items():
                responses.setdefault(
                    code,
                    {
                        "description": description,
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}
                        },
                    },
                )
    return result
