"""A readable, accessible page of the API's endpoints, built from the OpenAPI document itself."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from scrutiny.api.urls import api
from scrutiny.partnerships.access import signed_in_view


@signed_in_view
def docs(request: HttpRequest) -> HttpResponse:
    schema: dict[str, Any] = api.get_openapi_schema(path_prefix="/api/v1")
    endpoints = [
        {
            "method": method.upper(),
            "path": path,
            "summary": operation.get("summary", ""),
            "description": operation.get("description", ""),
            "parameters": operation.get("parameters", []),
            "tag": (operation.get("tags") or [""])[0],
        }
        for path, methods in schema.get("paths", {}).items()
        for method, operation in methods.items()
    ]
    return render(request, "api/docs.html", {"endpoints": endpoints, "info": schema.get("info", {})})
