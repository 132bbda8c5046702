"""The API answers exactly as its OpenAPI document says (schemathesis, in-process over WSGI).

Run against a few demo-like ideas (conftest.open_data); deterministic and bounded: at most 25
generated cases per operation and mode, derandomized, no network. Positive cases (valid by the
document) must be answered as documented; negative ones must be refused with a 4xx.

(schemathesis.pytest.from_fixture reads a private attribute pytest 9 no longer has, so each
operation's strategy runs under Hypothesis directly.)
"""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode

OPERATIONS = [
    "/ideas",
    "/ideas.csv",
    "/ideas/{idea_id}",
    "/challenges",
    "/challenges.csv",
    "/units",
    "/units.csv",
    "/indicators",
]


@pytest.fixture
def api_schema(app, open_data):
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)


def test_the_document_lists_these_operations(api_schema):
    found = sorted(result.ok().path for result in api_schema.get_all_operations())
    assert found == sorted(OPERATIONS)


# Negative cases need parameters to break; the other operations take none.
WITH_PARAMETERS = ["/ideas", "/ideas.csv", "/ideas/{idea_id}", "/indicators"]
CASES = [(path, GenerationMode.POSITIVE) for path in OPERATIONS] + [
    (path, GenerationMode.NEGATIVE) for path in WITH_PARAMETERS
]


@pytest.mark.parametrize(("path", "mode"), CASES, ids=[f"{p} {m.value}" for p, m in CASES])
def test_the_api_matches_its_document(api_schema, path, mode):
    operation = api_schema[path]["GET"]

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=25,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    def check(case):
        case.call_and_validate()

    check()


def test_real_ideas_match_the_document(api_schema, open_data, client):
    """Generated ids rarely exist: the known public ideas, and a page with a cursor, too."""
    detail = api_schema["/ideas/{idea_id}"]["GET"]
    for idea in open_data.public:
        detail.Case(path_parameters={"idea_id": idea.id}).call_and_validate()
    cursor = client.get("/api/v1/ideas?limit=2").json["next_cursor"]
    listing = api_schema["/ideas"]["GET"]
    listing.Case(query={"limit": 2, "cursor": cursor}).call_and_validate()
    listing.Case(query={"state": "implemented", "theme": "klimat"}).call_and_validate()
