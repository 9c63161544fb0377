"""The OpenAPI document read for people: operations and schemas, flat, for the docs page."""

from __future__ import annotations

import json
from typing import Any

METHODS = ("get", "post", "put", "patch", "delete")


def _ref_name(ref: str) -> str:
    return ref.rsplit("/", 1)[-1]


def type_of(schema: dict[str, Any]) -> str:
    """A schema's type in a few words: "Case", "array of Case", "string (date)"."""
    if "$ref" in schema:
        return _ref_name(schema["$ref"])
    kind = schema.get("type", "any")
    if isinstance(kind, list):
        kind = " | ".join(kind)
    if schema.get("type") == "array" or kind.startswith("array"):
        return f"array of {type_of(schema.get('items', {}))}"
    return f"{kind} ({schema['format']})" if "format" in schema else kind


def _body(operation: dict) -> dict | None:
    content = operation.get("requestBody", {}).get("content", {})
    for media, spec in content.items():
        return {"media": media, "type": type_of(spec.get("schema", {}))}
    return None


def _responses(operation: dict, document: dict) -> list[dict]:
    found = []
    for status, response in sorted(operation.get("responses", {}).items()):
        if "$ref" in response:
            response = document["components"]["responses"][_ref_name(response["$ref"])]
        for media, spec in (response.get("content") or {"": {}}).items():
            schema = spec.get("schema")
            found.append(
                {
                    "status": status,
                    "description": response.get("description", ""),
                    "media": media,
                    "type": type_of(schema) if schema else "",
                }
            )
    return found


def operations(document: dict) -> list[dict]:
    """Every operation: method, path, summary, scopes, parameters, body and responses."""
    found = []
    for path, item in document.get("paths", {}).items():
        for method in METHODS:
            if method not in item:
                continue
            operation = item[method]
            scopes = [s for need in operation.get("security", []) for s in need.get("oauth2", [])]
            found.append(
                {
                    "id": f"{method}-{path}".replace("/", "-").replace("{", "").replace("}", ""),
                    "method": method.upper(),
                    "path": path,
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "scopes": scopes,
                    "parameters": [
                        {**p, "type": type_of(p.get("schema", {}))}
                        for p in [*item.get("parameters", []), *operation.get("parameters", [])]
                    ],
                    "body": _body(operation),
                    "responses": _responses(operation, document),
                }
            )
    return found


def schemas_of(document: dict) -> list[dict]:
    """Every schema with its properties (type, required, description, example)."""
    found = []
    for name, schema in sorted(document.get("components", {}).get("schemas", {}).items()):
        required = set(schema.get("required", []))
        properties = [
            {
                "name": prop,
                "type": type_of(spec),
                "required": prop in required,
                "description": spec.get("description", ""),
                "example": json.dumps(spec["example"], ensure_ascii=False)
                if "example" in spec
                else "",
                "choices": ", ".join(str(c) for c in spec.get("enum", [])),
            }
            for prop, spec in schema.get("properties", {}).items()
        ]
        found.append({"name": name, "properties": properties})
    return found
