"""The OpenAPI 3.1 document of the open data API (/api/v1/openapi.json).

Built from the same lists the API checks against (states, themes, value kinds, the years that
have accounts), so the document and the answers cannot drift apart; tests run schemathesis
against it. Objects are closed (additionalProperties: false): every field the API sends is here.
"""

from flask import request

from ..accounts.models import UNIT_KINDS
from ..ideas.models import THEMES, VALUE_KINDS
from ..ideas.states import LISTED_STATES, STATES
from . import accounts as acc
from . import indicators as ind

MAX_ID = 2**31 - 1
PUBLIC_STATES = [s for s in STATES if s in LISTED_STATES]
CURSOR_PATTERN = "^[A-Za-z0-9_-]{6}$"

DATE_TIME = {"type": "string", "format": "date-time"}
NULLABLE_DATE_TIME = {"type": ["string", "null"], "format": "date-time"}
ID = {"type": "integer", "minimum": 1, "maximum": MAX_ID}


def _ref(name):
    return {"$ref": f"#/components/schemas/{name}"}


def _object(properties, description=None):
    schema = {
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }
    if description:
        schema["description"] = description
    return schema


def _idea_properties():
    return {
        "id": ID,
        "title": {"type": "string"},
        "problem": {"type": "string", "description": "Vilket problem idén löser, och för vem."},
        "proposal": {"type": "string", "description": "Förslaget."},
        "value": {"type": "string", "description": "Det värde idén väntas skapa."},
        "value_kinds": {
            "type": "array",
            "items": {"type": "string", "enum": list(VALUE_KINDS)},
            "uniqueItems": True,
        },
        "themes": {
            "type": "array",
            "items": {"type": "string", "enum": list(THEMES)},
            "uniqueItems": True,
        },
        "state": {"type": "string", "enum": PUBLIC_STATES},
        "state_label": {"type": "string", "description": "Lägets namn på svenska."},
        "unit": {"anyOf": [_ref("UnitRef"), {"type": "null"}]},
        "challenge": {"anyOf": [_ref("ChallengeRef"), {"type": "null"}]},
        "submitted_by": {
            "type": "string",
            "description": "Det namn idégivaren har valt att visa, annars ”Anonym”. "
            "Aldrig en e-postadress.",
        },
        "vote_count": {"type": "integer", "minimum": 0},
        "comment_count": {"type": "integer", "minimum": 0},
        "created_at": DATE_TIME,
        "submitted_at": NULLABLE_DATE_TIME,
        "state_changed_at": NULLABLE_DATE_TIME,
        "updated_at": DATE_TIME,
        "url": {"type": "string", "format": "uri", "description": "Idéns sida."},
    }


def _schemas():
    this_year = acc.current_year()
    idea_detail = _idea_properties()
    idea_detail["history"] = {
        "type": "array",
        "description": "Grindbesluten i tidsordning (utan motiveringar).",
        "items": _object(
            {
                "from_state": {"type": "string", "enum": list(STATES)},
                "to_state": {"type": "string", "enum": list(STATES)},
                "at": DATE_TIME,
            }
        ),
    }
    idea_detail["adoptions"] = {
        "type": "array",
        "description": "Enheter som har infört lösningen (spridning).",
        "items": _object({"unit": _ref("UnitRef"), "at": DATE_TIME}),
    }
    org_unit = _object(
        {
            "id": {"type": ["integer", "null"], "minimum": 1, "maximum": MAX_ID},
            "name": {"type": "string"},
        },
        "Enheten, eller id null och namnet ”Stockholms stad” för hela staden.",
    )
    return {
        "UnitRef": _object({"id": ID, "name": {"type": "string"}}),
        "ChallengeRef": _object({"id": ID, "title": {"type": "string"}}),
        "Idea": _object(_idea_properties(), "En offentlig idé."),
        "IdeaDetail": _object(idea_detail, "En offentlig idé med historik och spridning."),
        "IdeaPage": _object(
            {
                "items": {"type": "array", "items": _ref("Idea")},
                "limit": {"type": "integer", "minimum": 1, "maximum": 100},
                "next_cursor": {
                    "type": ["string", "null"],
                    "pattern": CURSOR_PATTERN,
                    "description": "Skicka som cursor för nästa sida; null på sista sidan.",
                },
            }
        ),
        "Challenge": _object(
            {
                "id": ID,
                "title": {"type": "string"},
                "description": {"type": "string"},
                "unit": _ref("UnitRef"),
                "opens_on": {"type": "string", "format": "date"},
                "closes_on": {"type": "string", "format": "date"},
                "is_open": {"type": "boolean"},
                "public_idea_count": {"type": "integer", "minimum": 0},
                "url": {"type": "string", "format": "uri"},
            }
        ),
        "ChallengeList": _object({"items": {"type": "array", "items": _ref("Challenge")}}),
        "Unit": _object(
            {
                "id": ID,
                "name": {"type": "string"},
                "kind": {"type": "string", "enum": list(UNIT_KINDS)},
                "kind_label": {"type": "string"},
            }
        ),
        "UnitList": _object({"items": {"type": "array", "items": _ref("Unit")}}),
        "OrganisationalUnit": org_unit,
        "Indicator": _object(
            {
                "code": {"type": "string", "enum": ind.indicator_codes()},
                "name": {"type": "string"},
                "value": {"type": ["number", "null"]},
                "unit_of_measure": {
                    "type": "string",
                    "enum": ["antal", "dagar", "kronor", "personer"],
                },
                "year": {"type": "integer", "minimum": acc.FIRST_YEAR, "maximum": this_year},
                "organisational_unit": _ref("OrganisationalUnit"),
            }
        ),
        "IndicatorSet": _object(
            {
                "schema_version": {"type": "string", "const": ind.SCHEMA_VERSION},
                "year": {"type": "integer", "minimum": acc.FIRST_YEAR, "maximum": this_year},
                "organisational_unit": _ref("OrganisationalUnit"),
                "indicators": {"type": "array", "items": _ref("Indicator")},
            },
            "ILS-indikatorerna för ett år: koderna är stabila, nya läggs till i slutet.",
        ),
        "Error": _object(
            {
                "error": _object(
                    {
                        "code": {
                            "type": "string",
                            "enum": ["invalid_parameter", "not_found", "method_not_allowed"],
                        },
                        "parameter": {"type": ["string", "null"]},
                        "message": _object({"sv": {"type": "string"}, "en": {"type": "string"}}),
                    }
                )
            }
        ),
    }


def _param(name, schema, description, where="query", required=False):
    return {
        "name": name,
        "in": where,
        "required": required,
        "description": description,
        "schema": schema,
    }


def _json(schema_name, description):
    return {
        "description": description,
        "headers": {
            "ETag": {
                "description": "Svag ETag; skicka i If-None-Match.",
                "schema": {"type": "string"},
            }
        },
        "content": {"application/json": {"schema": _ref(schema_name)}},
    }


def _csv(description):
    return {
        "description": description,
        "content": {"text/csv": {"schema": {"type": "string"}}},
    }


ERRORS = {
    "304": {"description": "Inte ändrad sedan ETag i If-None-Match."},
    "400": {
        "description": "Felaktig parameter.",
        "content": {"application/json": {"schema": _ref("Error")}},
    },
}
NOT_FOUND = {
    "404": {
        "description": "Finns inte (eller är inte offentlig).",
        "content": {"application/json": {"schema": _ref("Error")}},
    }
}


def _idea_filters():
    return [
        _param("state", {"type": "string", "enum": PUBLIC_STATES}, "Bara idéer i detta läge."),
        _param("unit", ID, "Bara idéer som hör till enheten."),
        _param("theme", {"type": "string", "enum": list(THEMES)}, "Bara idéer med temat."),
        _param("challenge", ID, "Bara idéer som svarar på utmaningen."),
        _param(
            "updated_since",
            {
                "anyOf": [
                    {"type": "string", "format": "date-time"},
                    {"type": "string", "format": "date"},
                ]
            },
            "Bara idéer som har ändrats sedan (ISO 8601; utan tidszon: UTC).",
        ),
    ]


def document():
    """The whole document, as a dict."""
    this_year = acc.current_year()
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Idéslussen – öppna data",
            "version": "1.0.0",
            "description": (
                "Stockholms stads idésluss som öppna data: offentliga idéer, utmaningar, "
                "enheter och indikatorer för stadens ledningssystem (ILS). Bara offentliga "
                "idéer som har skickats in visas; interna idéer och utkast finns inte här. "
                "Personer visas bara med det namn de själva har valt att visa (annars "
                "”Anonym”), aldrig med e-postadress. Svaren har en svag ETag; frågor med "
                "If-None-Match besvaras med 304 när inget har ändrats. CORS är öppet för GET. "
                "CSV: kommaseparerad UTF-8; listor skiljs med |; text som börjar med = + - @ "
                "får en inledande apostrof så att kalkylprogram inte kör den som formel."
            ),
            "license": {"name": "CC0 1.0", "identifier": "CC0-1.0"},
        },
        "servers": [{"url": request.script_root + "/api/v1"}],
        "paths": {
            "/ideas": {
                "get": {
                    "operationId": "listIdeas",
                    "summary": "Offentliga idéer, äldst först, sida för sida.",
                    "parameters": [
                        _param(
                            "limit",
                            {"type": "integer", "minimum": 1, "maximum": 100, "default": 20},
                            "Antal idéer per sida (högst 100).",
                        ),
                        _param(
                            "cursor",
                            {"type": "string", "pattern": CURSOR_PATTERN},
                            "Var nästa sida börjar: next_cursor från föregående sida (opak).",
                        ),
                        *_idea_filters(),
                    ],
                    "responses": {"200": _json("IdeaPage", "En sida idéer."), **ERRORS},
                }
            },
            "/ideas.csv": {
                "get": {
                    "operationId": "listIdeasCsv",
                    "summary": "Alla offentliga idéer som matchar filtren, som CSV.",
                    "parameters": _idea_filters(),
                    "responses": {"200": _csv("Idéerna som CSV."), **ERRORS},
                }
            },
            "/ideas/{idea_id}": {
                "get": {
                    "operationId": "getIdea",
                    "summary": "En offentlig idé.",
                    "parameters": [_param("idea_id", ID, "Idéns id.", where="path", required=True)],
                    "responses": {
                        "200": _json("IdeaDetail", "Idén."),
                        "304": ERRORS["304"],
                        **NOT_FOUND,
                    },
                }
            },
            "/challenges": {
                "get": {
                    "operationId": "listChallenges",
                    "summary": "Utmaningar, nyast först.",
                    "responses": {
                        "200": _json("ChallengeList", "Utmaningarna."),
                        "304": ERRORS["304"],
                    },
                }
            },
            "/challenges.csv": {
                "get": {
                    "operationId": "listChallengesCsv",
                    "summary": "Utmaningar som CSV.",
                    "responses": {"200": _csv("Utmaningarna som CSV."), "304": ERRORS["304"]},
                }
            },
            "/units": {
                "get": {
                    "operationId": "listUnits",
                    "summary": "Stadens förvaltningar, stadsdelsförvaltningar och bolag.",
                    "responses": {"200": _json("UnitList", "Enheterna."), "304": ERRORS["304"]},
                }
            },
            "/units.csv": {
                "get": {
                    "operationId": "listUnitsCsv",
                    "summary": "Enheterna som CSV.",
                    "responses": {"200": _csv("Enheterna som CSV."), "304": ERRORS["304"]},
                }
            },
            "/indicators": {
                "get": {
                    "operationId": "getIndicators",
                    "summary": "Indikatorer för ILS, för ett år, hela staden eller en enhet.",
                    "description": (
                        "Öppna utan inloggning: de är antal och belopp över alla idéer och "
                        "innehåller inga personuppgifter och ingen text ur någon idé."
                    ),
                    "parameters": [
                        _param(
                            "year",
                            {"type": "integer", "minimum": acc.FIRST_YEAR, "maximum": this_year},
                            "Kalenderåret (standard: innevarande år).",
                        ),
                        _param("unit", ID, "Enheten (standard: hela staden)."),
                        _param(
                            "format",
                            {"type": "string", "enum": ["json", "csv"], "default": "json"},
                            "json eller csv.",
                        ),
                    ],
                    "responses": {
                        "200": {
                            "description": "Indikatorerna.",
                            "headers": _json("IndicatorSet", "")["headers"],
                            "content": {
                                "application/json": {"schema": _ref("IndicatorSet")},
                                "text/csv": {"schema": {"type": "string"}},
                            },
                        },
                        **ERRORS,
                        **NOT_FOUND,
                    },
                }
            },
        },
        "components": {"schemas": _schemas()},
    }
