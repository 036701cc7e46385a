"""The OpenAPI 3.1 document, built from the route table and the msgspec Structs.

Handlers declare their contract in ``opt["doc"]`` (a ``Doc``); component schemas come
from ``msgspec.json.schema_components`` over the same Structs the code encodes, with
three adjustments JSON Schema needs: decimals are JSON numbers (we never send them as
strings), every property carries the description from its Struct's ``Attributes:``
docstring, and problems are ``application/problem+json``. Litestar's own generator is
off: batna reads raw bodies (to report every invalid field, §4), which it cannot see.

Examples are computed from the golden cases when the document is built
(``batna.api.examples``); every response declares the headers the server sends with it
(``X-Request-ID`` always; ``RateLimit-*`` under ``/v1``; ``Retry-After`` on 429 and 503);
problem ``type`` and ``error`` are enumerated from the problem tables. The document is
linted with Spectral (``spectral:oas`` and OWASP, ``scripts/spectral/.spectral.yaml``).
"""

from __future__ import annotations

import inspect
import json
import re
from importlib import metadata
from typing import TYPE_CHECKING, Any, Final

import msgspec

from batna.schemas.jsonout import ENCODER

if TYPE_CHECKING:
    from pathlib import Path

    from litestar import Litestar

    from batna.api.examples import Examples
    from batna.engine import Engine

__all__ = ["API_VERSION", "Doc", "build_document"]

API_VERSION: Final = "1.0.0"
_REF: Final = "#/components/schemas/{name}"
_PARAM: Final = re.compile(r"\{(\w+)(?::\w+)?\}")
_SUCCESS: Final = {200: "OK", 201: "Created and stored.", 204: "Done; no content."}
_ERROR_TEXT: Final = {
    400: "The body is not valid JSON.",
    401: "No API key, or one that is unknown or revoked (Authorization: Bearer <key>).",
    404: "Not found (another tenant's records do not exist for you).",
    413: "The body (or the batch) is over the configured limit.",
    415: "The body is not application/json.",
    422: "Invalid input; every issue is listed with its code and JSON pointer "
    "(/query/… and /headers/… for parameters).",
    429: "Over the API key's rate (or too many failed logins): see Retry-After, RateLimit-*.",
    500: "A server error; the problem carries an id to quote, never a trace.",
    503: "The audit store is unavailable; nothing was stored. Retry after Retry-After seconds.",
}
_INT64: Final = {"type": "integer", "format": "int64", "minimum": 0, "maximum": 2**63 - 1}
_SECONDS: Final = {**_INT64, "minimum": 1}
# Response headers: name → (schema, description). What the server sends, checked over HTTP.
_HEADERS: Final[dict[str, tuple[dict[str, Any], str]]] = {
    "X-Request-ID": (
        {"type": "string", "minLength": 1, "maxLength": 64, "pattern": "^[A-Za-z0-9._:-]{1,64}$"},
        (
            "This request's id: the caller's X-Request-ID when it matches the pattern, else "
            "one the server made. Every log line of the request carries it; a 500's instance "
            "is it."
        ),
    ),
    "Access-Control-Allow-Origin": (
        {"type": "string", "format": "uri", "maxLength": 2048},
        (
            "CORS: sent only when the request's Origin is one of BATNA_CORS_ORIGINS (none by "
            "default, so browsers get no access); the value is that origin."
        ),
    ),
    "RateLimit-Limit": (_INT64, "Requests the API key may make in a burst (its bucket's size)."),
    "RateLimit-Remaining": (_INT64, "Requests left in the bucket now."),
    "RateLimit-Reset": (_INT64, "Seconds until the bucket is full again."),
    "Retry-After": (_SECONDS, "Seconds to wait before retrying."),
    "WWW-Authenticate": (
        {"type": "string", "const": 'Bearer realm="batna"'},
        "The scheme to authenticate with.",
    ),
    "Location": (
        {"type": "string", "format": "uri-reference", "maxLength": 2048},
        "Where the created resource is.",
    ),
    "Idempotent-Replayed": (
        {"type": "string", "enum": ["true"]},
        "Present when this is the stored response to an earlier request with the same key.",
    ),
}
_RATE: Final = ("RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset")
_SERVER_TEXT: Final = (
    "This deployment: the host serving this document (local, staging or production)."
)


class Doc(msgspec.Struct, frozen=True, kw_only=True):
    """The contract of one operation, declared beside its handler.

    Attributes:
        summary: One line.
        description: What it does, for integrators.
        tag: Group in the document.
        request: Struct of the JSON request body, if any.
        response: Struct of the 2xx JSON response.
        errors: Problem statuses it can answer besides 500 (and 401/429/503 under /v1).
        path_params: Description of each path parameter.
        query: Each query parameter's JSON schema and description.
        headers: Each request header's JSON schema and description.
        status: The success status (200, 201, 204).
        response_headers: Headers of the success response, with descriptions.
        request_media: A non-JSON request body: each media type and what it holds.
        response_media: Media type of the success response (the ``response`` Struct
            describes one line for ``application/x-ndjson``; text otherwise).
        response_alternatives: Other media types the success response can take (chosen
            by the request's Accept), each with what it holds.
        links: OpenAPI links from the success response: name → (operation id, path
            parameter), the parameter taken from the response body's ``id``.
    """

    summary: str
    description: str
    tag: str
    request: type | None = None
    response: type | None = None
    errors: tuple[int, ...] = ()
    path_params: dict[str, str] = {}
    query: dict[str, tuple[dict[str, Any], str]] = {}
    headers: dict[str, tuple[dict[str, Any], str]] = {}
    status: int = 200
    response_headers: dict[str, str] = {}
    request_media: dict[str, str] = {}
    response_media: str = "application/json"
    response_alternatives: dict[str, str] = {}
    links: dict[str, tuple[str, str]] = {}


def _docstring_fields(cls: type) -> tuple[str, dict[str, str]]:
    """The summary paragraph and the ``Attributes:`` entries of a Google-style docstring."""
    doc = inspect.cleandoc(cls.__doc__ or "")
    summary = doc.split("\n\n", 1)[0].replace("\n", " ").strip()
    fields: dict[str, str] = {}
    if "Attributes:" in doc:
        block = doc.split("Attributes:", 1)[1]
        name = None
        for line in block.splitlines():
            found = re.match(r"^ {4}(\w+):\s*(.*)$", line)
            if found:
                name = found.group(1)
                fields[name] = found.group(2).strip()
            elif name and line.strip():
                fields[name] += " " + line.strip()
    return summary, fields


def _fix(node: Any) -> Any:  # noqa: ANN401 - JSON Schema of any shape
    """Decimals as numbers and untyped arrays as arrays of anything, recursively."""
    if isinstance(node, dict):
        out = {k: _fix(v) for k, v in node.items()}
        if out.get("type") == "string" and out.get("format") == "decimal":
            out["type"] = "number"
            del out["format"]
        if out.get("type") == "array" and "items" not in out:
            out["items"] = {}  # any JSON value, said explicitly (client generators need it)
        return out
    if isinstance(node, list):
        return [_fix(v) for v in node]
    return node


def _components(types: list[type], rules: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    (_, components) = msgspec.json.schema_components(types, ref_template=_REF)
    encoded = json.loads(ENCODER.encode(components))
    by_name = {t.__name__: t for t in _all_structs(types)}
    for name, schema in encoded.items():
        cls = by_name.get(name)
        if cls is None:
            continue
        summary, fields = _docstring_fields(cls)
        if summary:
            schema["description"] = summary
        for prop, text in fields.items():
            target = schema.get("properties", {}).get(prop)
            if target is not None and "description" not in target:
                target["description"] = text
        if name in rules:
            schema["allOf"] = rules[name]
    return {name: _fix(schema) for name, schema in sorted(encoded.items())}


def _all_structs(types: list[type]) -> list[type]:
    seen: dict[str, type] = {}

    def visit(info: msgspec.inspect.Type) -> None:
        match info:
            case msgspec.inspect.StructType(cls=cls, fields=fields):
                if cls.__name__ not in seen:
                    seen[cls.__name__] = cls
                    for field in fields:
                        visit(field.type)
            case msgspec.inspect.Metadata(type=inner):
                visit(inner)
            case msgspec.inspect.UnionType(types=members):
                for member in members:
                    visit(member)
            case (
                msgspec.inspect.ListType(item_type=item) | msgspec.inspect.DictType(value_type=item)
            ):
                visit(item)

    for t in types:
        visit(msgspec.inspect.type_info(t))
    return list(seen.values())


def _ref(cls: type) -> dict[str, str]:
    return {"$ref": _REF.format(name=cls.__name__)}


def _header(name: str, *, required: bool = False, text: str | None = None) -> dict[str, Any]:
    schema, description = _HEADERS.get(name, ({"type": "string", "maxLength": 2048}, ""))
    out: dict[str, Any] = {"description": text or description, "schema": dict(schema)}
    if required:
        out["required"] = True
    return out


def _headers(status: int, *, secured: bool, own: dict[str, str]) -> dict[str, Any]:
    """The headers of one response: its own, then what every response of its kind carries."""
    out = {
        name: _header(name, required=name == "Location", text=text) for name, text in own.items()
    }
    out["X-Request-ID"] = _header("X-Request-ID", required=True)
    if secured and status != 503:  # a 503 may come before the key was checked
        # Every 2xx and 429 carries them; other problems once the key was checked.
        for name in _RATE:
            out[name] = _header(name, required=status < 300 or status == 429)
    if status in (429, 503):
        out["Retry-After"] = _header("Retry-After", required=True)
    if status == 401:
        out["WWW-Authenticate"] = _header("WWW-Authenticate", required=True)
    out["Access-Control-Allow-Origin"] = _header("Access-Control-Allow-Origin")
    return out


def _operation(doc: Doc, operation_id: str, path: str, examples: Examples) -> dict[str, Any]:
    from batna.problems import Problem  # noqa: PLC0415 - keeps this module import-light

    op: dict[str, Any] = {
        "operationId": operation_id,
        "summary": doc.summary,
        "description": doc.description,
        "tags": [doc.tag],
    }
    params = _PARAM.findall(path)
    parameters = [
        {
            "name": p,
            "in": "path",
            "required": True,
            "schema": {"type": "string"},
            "description": doc.path_params.get(p, ""),
        }
        for p in params
    ]
    parameters += [
        {
            "name": name,
            "in": "query",
            "required": False,
            "schema": _fix(schema),
            "description": text,
        }
        for name, (schema, text) in doc.query.items()
    ]
    parameters += [
        {
            "name": name,
            "in": "header",
            "required": False,
            "schema": _fix(schema),
            "description": text,
        }
        for name, (schema, text) in doc.headers.items()
    ]
    if parameters:
        op["parameters"] = parameters
    if doc.request is not None:
        content: dict[str, Any] = {"schema": _ref(doc.request)}
        if doc.request.__name__ in examples.requests:
            content["examples"] = examples.requests[doc.request.__name__]
        op["requestBody"] = {"required": True, "content": {"application/json": content}}
    if doc.request_media:
        op["requestBody"] = {
            "required": True,
            "content": {
                media: {"schema": {"type": "string", "description": text}}
                for media, text in doc.request_media.items()
            },
        }
    secured = path.startswith("/v1/")
    if secured:
        op["security"] = [{"apiKey": []}]
    responses: dict[str, Any] = {}
    success: dict[str, Any] = {"description": _SUCCESS.get(doc.status, "OK")}
    if doc.response is not None and doc.response_media == "application/json":
        success["content"] = {"application/json": {"schema": _ref(doc.response)}}
        if doc.response.__name__ in examples.responses:
            success["content"]["application/json"]["examples"] = examples.responses[
                doc.response.__name__
            ]
    elif doc.response is not None:
        line = f"One {doc.response.__name__} (see components) per line."
        success["content"] = {
            doc.response_media: {"schema": {"type": "string", "description": line}}
        }
    elif doc.response_media != "application/json":
        success["content"] = {doc.response_media: {"schema": {"type": "string"}}}
    for media, text in doc.response_alternatives.items():
        success.setdefault("content", {})[media] = {
            "schema": {"type": "string", "description": text}
        }
    success["headers"] = _headers(doc.status, secured=secured, own=doc.response_headers)
    if doc.links:
        success["links"] = {
            name: {"operationId": target, "parameters": {param: "$response.body#/id"}}
            for name, (target, param) in doc.links.items()
        }
    responses[str(doc.status)] = success
    errors = (*doc.errors, 401, 429, 503) if secured else doc.errors
    json_body = doc.request is not None
    for status in sorted({*errors, 500}):
        problem: dict[str, Any] = {"schema": _ref(Problem)}
        # A 400 or 422 example is of a situation: shown where a situation is the body.
        shown = status not in (400, 422) or (json_body and doc.request is _situation())
        if shown and status in examples.problems:
            problem["examples"] = examples.problems[status]
        responses[str(status)] = {
            "description": _ERROR_TEXT.get(status, "Error."),
            "headers": _headers(status, secured=secured, own={}),
            "content": {"application/problem+json": problem},
        }
    op["responses"] = responses
    return op


def _engine(app: Litestar) -> Engine:
    """The app's active engine: the default of its rulesets (``create_app`` sets them first)."""
    found: Engine = app.state.services.rulesets.default
    return found


def _situation() -> type:
    from batna.schemas.situation import Situation  # noqa: PLC0415 - import-light module

    return Situation


def _problem_enums(schema: dict[str, Any]) -> None:
    """``type`` and ``error`` of a problem schema, as the enums of every value sent."""
    from batna.api.problems import catalogue  # noqa: PLC0415 - import-light module

    pairs = catalogue()
    properties = schema.get("properties", {})
    if "type" in properties:
        properties["type"]["enum"] = sorted({t for t, _ in pairs})
    if "error" in properties:
        properties["error"]["enum"] = sorted({c for _, c in pairs})


def build_document(
    app: Litestar, cases: Path, rules: dict[str, list[dict[str, Any]]] | None = None
) -> dict[str, Any]:
    """The OpenAPI 3.1 document of ``app`` (operations from each handler's ``Doc``).

    ``rules`` adds ``allOf`` entries to components by name: the cross-field rules the
    Structs cannot carry (``batna.schemas.crossfield``). Examples are computed with the
    app's active engine from the golden cases under ``cases``.
    """
    from batna.api import examples as _examples  # noqa: PLC0415 - it imports the handlers' layer
    from batna.problems import Problem  # noqa: PLC0415

    paths: dict[str, dict[str, Any]] = {}
    types: list[type] = [Problem]
    examples = _examples.build(_engine(app), cases)
    for route in app.routes:
        for handler in getattr(route, "route_handlers", []):
            doc = handler.opt.get("doc")
            if not isinstance(doc, Doc):
                continue
            path = _PARAM.sub(lambda m: "{" + m.group(1) + "}", route.path)
            for method in sorted(handler.http_methods):
                op_id = (
                    handler.operation_id if isinstance(handler.operation_id, str) else handler.name
                )
                paths.setdefault(path, {})[method.lower()] = _operation(doc, op_id, path, examples)
            types += [t for t in (doc.request, doc.response) if t is not None]
    schemas = _components(list(dict.fromkeys(types)), rules or {})
    for name in ("Problem", "BatchProblem"):
        if name in schemas:
            _problem_enums(schemas[name])
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "batna",
            "version": API_VERSION,
            "contact": {"name": "batna maintainers", "url": "https://batna.dev"},
            "license": {"name": metadata.metadata("batna")["License"] or "Proprietary"},
            "summary": "Scores how a person plans to use an outside job offer, rule by rule.",
            "description": (
                "POST an offer situation; get back an overall recommendation, three scores, "
                "and every rule that fired with its reason and sources. Errors are RFC 9457 "
                "problems (application/problem+json). Amounts are JSON numbers, parsed as "
                "decimals, annual and gross in major currency units."
            ),
        },
        "servers": [{"url": "/", "description": _SERVER_TEXT, "x-internal": False}],
        "tags": [
            {"name": "evaluations", "description": "Evaluate offer situations."},
            {"name": "batches", "description": "Large jobs: upload, progress, results, report."},
            {"name": "rulesets", "description": "The rules, their sources and rationale."},
            {"name": "health", "description": "Liveness and readiness probes."},
        ],
        # Litestar orders a path's handlers by hash: sort, so the document is stable.
        "paths": {path: dict(sorted(ops.items())) for path, ops in sorted(paths.items())},
        "components": {
            "schemas": schemas,
            "securitySchemes": {
                "apiKey": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "A tenant's API key (`batna keys create --tenant NAME`).",
                }
            },
        },
    }
