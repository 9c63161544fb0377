"""The contract: the OpenAPI document is valid OpenAPI 3.1, and schemathesis, against the live
API over real HTTP with a real token, finds no 5xx and no answer that differs from the document
(every operation, positive and negative cases; deterministic and bounded)."""

from __future__ import annotations

import requests
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from openapi_spec_validator import validate
from schemathesis.specs.openapi.checks import positive_data_acceptance

from tests.api.factories import basic, bearer, make_client
from tests.api.live import serving
from tests.cases.factories import make_case, make_participant


def test_the_document_is_valid_openapi_3_1(client):
    document = client.get("/api/v1/openapi.json").get_json()
    assert document["openapi"] == "3.1.0"
    validate(document)
    methods = ("get", "post", "delete")
    operations = {(m, p) for p, item in document["paths"].items() for m in item if m in methods}
    assert len(operations) == 14
    for path, item in document["paths"].items():
        for method in set(item) & set(methods):
            operation = item[method]
            if path != "/api/v1/token":
                assert operation["security"], (method, path)


def test_the_documentation_page_shows_every_operation(client):
    page = client.get("/api/v1/docs").get_data(as_text=True)
    for path in ("/api/v1/referrals", "/api/v1/cases", "/api/v1/statistics/{key}"):
        assert path in page
    assert "referrals:write" in page and "<script" not in page


def _check(operation, mode, base: str, headers: dict) -> None:
    """Up to EXAMPLES cases of one operation in one mode, each called and validated."""

    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def run(case):
        # A schema-valid body may still be refused (422) by what no schema can say: a personal
        # number's check digit, a framework version that exists already.
        case.call_and_validate(
            base_url=base, headers=headers, excluded_checks=[positive_data_acceptance]
        )

    try:
        run()
    except Unsatisfiable:
        # an operation that takes nothing (GET /statistics) has no negative case to make
        assert mode is schemathesis.GenerationMode.NEGATIVE


EXAMPLES = 12


def test_the_api_keeps_its_contract(app, world):
    """Every operation, positive and negative cases, with a token holding every scope of a
    client of `home` (one case of its own to read)."""
    api_client, secret = make_client(world.home)
    make_case(world["coach"], make_participant(world.home))
    with serving(app) as base:
        answer = requests.post(
            f"{base}/api/v1/token",
            data={"grant_type": "client_credentials"},
            headers=basic(api_client.client_id, secret),
            timeout=30,
        )
        headers = bearer(answer.json()["access_token"])
        schema = schemathesis.openapi.from_url(f"{base}/api/v1/openapi.json", timeout=30)
        operations = [result.ok() for result in schema.get_all_operations()]
        assert len(operations) == 14
        for operation in operations:
            for mode in schemathesis.GenerationMode:
                _check(operation, mode, base, headers)
