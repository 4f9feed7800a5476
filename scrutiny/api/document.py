"""The committed OpenAPI document (``docs/openapi.json``) and the document the code makes now."""

from __future__ import annotations

import json
from pathlib import Path

from scrutiny.api.urls import api

DOCUMENT = Path(__file__).resolve().parent.parent.parent / "docs" / "openapi.json"


def current_document() -> str:
    """The API's OpenAPI document as the code describes it, in a stable, reviewable form."""
    schema = api.get_openapi_schema(path_prefix="/api/v1/")
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
