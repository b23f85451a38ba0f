"""The OpenAPI 3.1 description of the open-data API, as a Python dict.

The query parameters are read from the FilterSet, so the description cannot
drift from what the API accepts; tests call every path it lists.
"""

import django_filters
from django_countries import countries

from pages.identity import portal_name
from practices.filters import PracticeFilter

PRACTICE_SUMMARY = {
    "type": "object",
    "required": ["slug", "title", "url", "summary", "country", "main_institution"],
    "properties": {
        "slug": {"type": "string"},
        "title": {"type": "string", "description": "In the original language"},
        "url": {"type": "string", "format": "uri"},
        "summary": {"type": "string"},
        "language": {
            "type": "string",
            "description": "The language the practice is written in (en, fr)",
        },
        "languages": {
            "type": "array",
            "items": {"type": "string"},
            "description": "The languages it can be read in, its original first",
        },
        "translations": {
            "type": "object",
            "description": "Title and summary per language it can be read in; "
            "in the detail also the description, resources note, partners' roles, "
            "action axes, evidence, difficulties and learning points, in the order "
            'of the main fields ("" where a text has no translation)',
            "additionalProperties": {"type": "object"},
        },
        "country": {"type": "string", "description": "ISO 3166-1 alpha-2 code"},
        "region": {"type": "string"},
        "nuts_code": {"type": "string"},
        "main_institution": {
            "type": "object",
            "properties": {"name": {"type": "string"}, "kind": {"type": "string"}},
        },
        "partners": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"name": {"type": "string"}, "role": {"type": "string"}},
            },
        },
        "topics": {"type": "array", "items": {"type": "string"}},
        "topic_names": {
            "type": "object",
            "description": "Each topic's name per language, by slug",
            "additionalProperties": {"type": "object"},
        },
        "keywords": {"type": "array", "items": {"type": "string"}},
        "policy_tags": {
            "type": "array",
            "description": "The EU cohesion policy objectives 2021-2027 (kind "
            "'objective', 1-5) and UN Sustainable Development Goals (kind 'sdg', "
            "1-17) the practice serves; filter with objective=po1, sdg=sdg8",
            "items": {
                "type": "object",
                "properties": {
                    "slug": {"type": "string"},
                    "kind": {"type": "string", "enum": ["objective", "sdg"]},
                    "number": {"type": "integer"},
                    "name": {
                        "type": "object",
                        "additionalProperties": {"type": "string"},
                    },
                },
            },
        },
        "start_date": {"type": "string", "description": "YYYY-MM"},
        "end_date": {"type": ["string", "null"], "description": "YYYY-MM"},
        "is_ongoing": {"type": "boolean"},
        "budget": {
            "type": ["object", "null"],
            "properties": {
                "amount": {"type": "string", "description": "Decimal amount"},
                "currency": {"type": "string"},
            },
        },
        "duration_months": {"type": ["integer", "null"]},
        "published_at": {"type": ["string", "null"], "format": "date-time"},
        "updated_at": {"type": "string", "format": "date-time"},
        "transfers": {
            "type": "array",
            "description": "Confirmed transfers to other regions",
            "items": {
                "type": "object",
                "properties": {
                    "organisation": {"type": "string"},
                    "country": {"type": "string"},
                    "region": {"type": "string"},
                    "nuts_code": {"type": "string"},
                    "stage": {
                        "type": "string",
                        "enum": ["exploring", "adapting", "implemented", "stopped"],
                    },
                    "start_date": {"type": "string", "description": "YYYY-MM"},
                    "adaptations": {"type": "string"},
                    "results": {"type": "string"},
                    "stopped_reason": {"type": "string"},
                    "confirmed_at": {"type": ["string", "null"], "format": "date-time"},
                },
            },
        },
        "evidence_level": {
            "type": ["integer", "null"],
            "enum": [1, 2, 3, 4, None],
            "description": "1 idea tested, 2 results measured, "
            "3 independently evaluated, 4 transferred elsewhere; "
            "null until an expert sets it",
        },
    },
}

INDICATOR = {
    "type": "object",
    "properties": {
        "name": {"type": "string"},
        "unit": {"type": "string"},
        "baseline": {"$ref": "#/components/schemas/IndicatorValue"},
        "target": {"type": ["string", "null"], "description": "Decimal value"},
        "achieved": {"$ref": "#/components/schemas/IndicatorValue"},
        "source": {
            "type": "object",
            "properties": {
                "title": {"type": "string"},
                "url": {"type": "string"},
            },
        },
    },
}

INDICATOR_VALUE = {
    "type": ["object", "null"],
    "properties": {
        "value": {"type": "string", "description": "Decimal value"},
        "year": {"type": "integer"},
    },
}

PRACTICE_DETAIL = {
    "allOf": [
        {"$ref": "#/components/schemas/PracticeSummary"},
        {
            "type": "object",
            "properties": {
                "description": {"type": "string"},
                "resources_note": {"type": "string"},
                "action_axes": {"type": "array", "items": {"type": "object"}},
                "funding_sources": {"type": "array", "items": {"type": "object"}},
                "evidence": {"type": "array", "items": {"type": "string"}},
                "difficulties": {"type": "array", "items": {"type": "object"}},
                "learning_points": {"type": "array", "items": {"type": "string"}},
                "follower_count": {"type": "integer"},
                "indicators": {
                    "type": "array",
                    "items": {"$ref": "#/components/schemas/Indicator"},
                },
                "images": {"type": "array", "items": {"type": "object"}},
                "documents": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {
                            "title": {"type": "string"},
                            "language": {"type": "string"},
                            "format": {"type": "string"},
                            "size": {"type": "integer"},
                            "url": {"type": "string", "format": "uri"},
                        },
                    },
                },
                "videos": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {
                            "title": {"type": "string"},
                            "url": {"type": "string", "format": "uri"},
                            "host": {"type": "string"},
                        },
                    },
                },
            },
        },
    ]
}

ERROR = {
    "type": "object",
    "required": ["detail"],
    "properties": {
        "detail": {"type": "string"},
        "errors": {
            "type": "object",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        },
    },
}


def _schema(filter_):
    if isinstance(filter_, django_filters.BooleanFilter):
        return {"type": "boolean"}
    if isinstance(filter_, django_filters.TypedChoiceFilter):
        choices = filter_.extra.get("choices")
        return {"type": "integer", "enum": [value for value, _label in choices]}
    if isinstance(filter_, django_filters.NumberFilter):
        return {"type": "number"}
    if isinstance(filter_, django_filters.ModelChoiceFilter):
        return {"type": "string", "description": "Topic slug or organisation id"}
    if isinstance(filter_, django_filters.ChoiceFilter):
        choices = filter_.extra.get("choices")
        if choices is countries:
            return {"type": "string", "description": "ISO 3166-1 alpha-2 code"}
        return {"type": "string", "enum": [value for value, _label in choices]}
    return {"type": "string"}


def query_parameters():
    parameters = [
        {
            "name": name,
            "in": "query",
            "required": False,
            "description": str(filter_.label),
            "schema": _schema(filter_),
        }
        for name, filter_ in PracticeFilter.base_filters.items()
    ]
    parameters.append(
        {
            "name": "page",
            "in": "query",
            "required": False,
            "schema": {"type": "integer", "minimum": 1},
        }
    )
    return parameters


def _json(schema, description):
    return {
        "description": description,
        "content": {"application/json": {"schema": schema}},
    }


def openapi_document(server_url):
    error = {"$ref": "#/components/schemas/Error"}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": f"{portal_name('en')} open data",
            "version": "1.0.0",
            "description": "Published good practices, public fields only.",
            "license": {"name": "CC BY 4.0", "identifier": "CC-BY-4.0"},
        },
        "servers": [{"url": server_url.rstrip("/")}],
        "paths": {
            "/api/practices/": {
                "get": {
                    "operationId": "listPractices",
                    "summary": "Search and filter published practices",
                    "parameters": query_parameters(),
                    "responses": {
                        "200": _json(
                            {
                                "type": "object",
                                "required": ["count", "next", "previous", "results"],
                                "properties": {
                                    "count": {"type": "integer"},
                                    "next": {"type": ["string", "null"]},
                                    "previous": {"type": ["string", "null"]},
                                    "results": {
                                        "type": "array",
                                        "items": {
                                            "$ref": "#/components/schemas/"
                                            "PracticeSummary"
                                        },
                                    },
                                },
                            },
                            "A page of practices",
                        ),
                        "400": _json(error, "Invalid parameters"),
                        "404": _json(error, "Page past the end"),
                    },
                }
            },
            "/api/practices/{slug}/": {
                "get": {
                    "operationId": "getPractice",
                    "summary": "One published practice",
                    "parameters": [
                        {
                            "name": "slug",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string"},
                        }
                    ],
                    "responses": {
                        "200": _json(
                            {"$ref": "#/components/schemas/PracticeDetail"},
                            "The practice",
                        ),
                        "404": _json(error, "No published practice has this slug"),
                    },
                }
            },
            "/api/openapi.json": {
                "get": {
                    "operationId": "getOpenAPI",
                    "summary": "This description",
                    "responses": {"200": _json({"type": "object"}, "OpenAPI 3.1")},
                }
            },
        },
        "components": {
            "schemas": {
                "PracticeSummary": PRACTICE_SUMMARY,
                "PracticeDetail": PRACTICE_DETAIL,
                "Indicator": INDICATOR,
                "IndicatorValue": INDICATOR_VALUE,
                "Error": ERROR,
            }
        },
    }
