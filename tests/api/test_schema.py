"""The OpenAPI schema at /api/v1/schema is valid OpenAPI (openapi-spec-validator) and describes exactly the
endpoints the API serves."""

import re

from django.test import Client
from openapi_spec_validator import validate

from dragoman.api.main import api


def test_the_schema_validates_and_matches_the_endpoints(db):
    response = Client().get("/api/v1/schema")
    assert response.status_code == 200
    schema = response.json()
    validate(schema)

    served = set()
    for _, router in api._routers:  # every route the API's routers serve, with the methods of each
        for path, path_view in router.path_operations.items():
            route = "/api/v1" + re.sub(r"\{(?:\w+:)?(\w+)\}", r"{\1}", path)
            for operation in path_view.operations:
                served |= {(method.lower(), route) for method in operation.methods}
    described = {(method, path) for path, operations in schema["paths"].items() for method in operations}
    assert described == served
    assert len(served) >= 25
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert operation.get("summary"), f"{method} {path} has no summary"
            if method != "get" or "{" in path:
                assert "400" in operation["responses"] or method == "get", f"{method} {path} documents no 400"


def test_the_docs_page_is_served_with_its_own_scripts(db):
    response = Client().get("/api/v1/docs")
    assert response.status_code == 200
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert "cdn" not in response.content.decode().lower()
