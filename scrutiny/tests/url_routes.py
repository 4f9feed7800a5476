"""The walk's map of the site: every route, what the permission matrix says of it, and how to fill
its placeholders with one partnership's objects. Shared by test_url_matrix.py and test_url_walk.py."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver

from scrutiny.api.urls import api, operation_access
from scrutiny.partnerships.access import Access
from scrutiny.partnerships.permissions import STAFF_NAMESPACES, THIRD_PARTY_URLS


@dataclass(frozen=True)
class Route:
    pattern: str
    name: str
    namespace: str
    callback: Any


def _walk(patterns: list[Any], prefix: str = "", namespace: str = "") -> Iterator[Route]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = entry.namespace or namespace
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            yield Route(prefix + str(entry.pattern), entry.name or "", namespace, entry.callback)


def all_routes() -> list[Route]:
    """Every reachable route: where two share a pattern, Django answers with the first."""
    seen: dict[str, Route] = {}
    for route in _walk(get_resolver().url_patterns):
        seen.setdefault(route.pattern, route)
    return list(seen.values())


def access_of(route: Route) -> Access | None:
    full_name = f"{route.namespace}:{route.name}" if route.namespace else route.name
    if route.namespace in STAFF_NAMESPACES:
        return Access("staff")
    declared = getattr(route.callback, "access", None)
    if declared is not None:
        return declared  # type: ignore[no-any-return]
    if route.namespace == "api" and route.name in operation_access():
        return operation_access()[route.name]
    if full_name in THIRD_PARTY_URLS:
        return Access(THIRD_PARTY_URLS[full_name])  # type: ignore[arg-type]
    return None


def fill_path(route: Route, objects: dict[str, Any], slug: str) -> str:
    """A concrete path for the route, using this partnership's objects for its arguments."""
    path = route.pattern
    path = re.sub(r"\^|\$", "", path)
    path = path.replace("<slug:slug>", slug).replace("<slug>", slug)
    for key, value in objects.items():
        path = path.replace(key, str(value))
    # Library routes with regex groups (password reset keys and so on) get harmless values.
    path = re.sub(r"\(\?P<uidb36>[^)]*\)", "zz", path)
    path = re.sub(r"\(\?P<key>[^)]*\)", "not-a-real-key", path)
    assert "<" not in path, f"cannot fill {route.pattern}"
    assert "(" not in path, f"cannot fill {route.pattern}"
    return "/" + path


#: URL-name prefixes (longest first) and the kind of object their ``<int:pk>`` is.
PK_KINDS = [
    ("report_", "yearly_report"),
    ("delivery", "delivery"),
    ("section_edit", "yearly_report"),
    ("voice_consultation", "consultation"),
    ("consultation", "consultation"),
    ("panel", "panel_session"),
    ("voice_feedback", "voice_feedback"),
    ("voice_concern", "voice_feedback"),
    ("voice_contact", "designated_contact"),
    ("voice_response", "theme_response"),
    ("theme_response", "theme_response"),
    ("audit_standard", "audit_standards"),
    ("audit_round", "audit_round"),
    ("audit_return", "audit_round"),
    ("case_audit", "case_file_audit"),
    ("series", "meeting_series"),
    ("meeting", "meeting"),
    ("import", "return_import"),
    ("upload", "return_upload"),
    ("measure", "local_measure"),
    ("round", "return_round"),
    ("submission", "agency_submission"),
    ("incident", "incident"),
    ("rapid_review", "rapid_review"),
    ("contribution", "contribution"),
    ("lcspr", "lcspr"),
    ("milestone", "milestone"),
    ("national_review", "national_review"),
    ("learning_product", "learning_product"),
    ("learning", "learning_point"),
    ("finding", "finding"),
    ("recommendation", "recommendation"),
    ("challenge", "challenge"),
    ("disagreement", "disagreement"),
    ("escalation_stage", "escalation_stage"),
    ("assessment", "assessment"),
    ("activity", "activity"),
    ("appointment", "appointment"),
    ("innovation", "innovation"),
    ("local_requirement", "requirement"),
    ("requirement", "requirement"),
    ("framework_detail", "framework"),
    ("priority", "priority"),
    ("evidence", "evidence"),
    ("action", "action"),
    ("agency", "agency"),
    ("area", "area"),
    ("invitation", "invitation"),
    ("membership", "membership"),
    ("token", "token"),
]
#: API path parameters and the kind of object each is.
PARAM_KINDS = {
    "<agency_id>": "agency",
    "<framework_id>": "framework",
    "<requirement_id>": "requirement",
    "<evidence_id>": "evidence",
    "<action_id>": "action",
    "<finding_id>": "finding",
    "<recommendation_id>": "recommendation",
    "<challenge_id>": "challenge",
    "<disagreement_id>": "disagreement",
    "<assessment_id>": "assessment",
    "<activity_id>": "activity",
    "<appointment_id>": "appointment",
    "<innovation_id>": "innovation",
    "<incident_id>": "incident",
    "<rapid_review_id>": "rapid_review",
    "<contribution_id>": "contribution",
    "<lcspr_id>": "lcspr",
    "<milestone_id>": "milestone",
    "<national_review_id>": "national_review",
    "<learning_point_id>": "learning_point",
    "<product_id>": "learning_product",
    "<import_id>": "return_import",
    "<submission_id>": "agency_submission",
    "<measure_id>": "local_measure",
    "<upload_id>": "return_upload",
    "<int:member>": "expected_member",
    "<int:item>": "agenda_item",
    "<meeting_id>": "meeting",
    "<int:agency>": "audit_agency",
    "<int:panel_question>": "panel_question",
    "<return_agency_id>": "audit_agency",
    "<round_id>": "audit_round",
    "<int:answer>": "audit_answer",
    "<int:question>": "audit_question",
    "<int:standard>": "audit_standard",
    "<int:case>": "audited_case",
    "<int:part>": "case_part",
    "<int:source_pk>": "report_source",
    "<report_id>": "yearly_report",
    "<feedback_id>": "voice_feedback",
}
FIXED_PARAMS = {
    "<rule_id>": "rapid-review",
    # A clock a partnership may set: one not yet confirmed (verified: false in clocks.yaml).
    "<slug:rule_id>": "rapid-review-agency-contribution",
    "<number>": "1",
    "<int:number>": "1",
    "<year>": "2025",
    "<str:code>": "cin.referrals_per_10k",
    "<code>": "cin.referrals_per_10k",
    "<standard_ref>": "1",
    "<str:audience>": "children",
    # A draft's Word file: its PDF takes seconds to make for each visitor, and is tested in the room.
    "<str:fmt>": "docx",
    "<str:key>": "impact",
    "<section_key>": "impact",
}


def objects_for(route: Route, own: dict[str, Any]) -> dict[str, Any]:
    """Map the route's placeholders to objects of the kind its name is about."""
    values: dict[str, Any] = {"<str:token>": own["invitation_token"], **FIXED_PARAMS}
    values.update({param: own[kind].pk for param, kind in PARAM_KINDS.items()})
    # The public pages show the version published for last year.
    values["<entry>"] = own["safety_term_entry"]
    values["<int:year>"] = own["published_report"].year
    values["<int:version>"] = own["published_report"].version
    for prefix, kind in PK_KINDS:
        if route.name.startswith(prefix):
            values["<int:pk>"] = own[kind].pk
            break
    return values


def api_methods() -> dict[str, set[str]]:
    """The HTTP methods each API URL name answers."""
    found: dict[str, set[str]] = {}
    for _prefix, api_router in api._routers:
        for path_view in api_router.path_operations.values():
            for operation in path_view.operations:
                found.setdefault(operation.url_name or "", set()).update(operation.methods)
    return found


QUERY = {
    "api:clock_due": "?start=2025-12-15",
    "api:workdays_add": "?start=2025-12-19&days=5",
    "api:workdays_between": "?start=2025-12-15&end=2026-01-08",
    "api:assurance_plan_coverage": "?year=2025",
    "api:performance_figures": "?year=2025",
}
