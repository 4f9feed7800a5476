"""What the browser tests share: who visits, which pages, and how a visit is watched and checked."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import axe_playwright_python
import pytest
from playwright.sync_api import ConsoleMessage, Page, Request, Response

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_MISSING = "Chromium not found at /usr/bin/chromium: apt-get install chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-gpu",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

#: axe-core as bundled by axe-playwright-python. It is injected with ``page.evaluate``, which goes
#: through the DevTools protocol and is not governed by the page's Content Security Policy, so the
#: pages are checked exactly as a person sees them: no ``bypass_csp`` anywhere in this suite.
AXE_SCRIPT = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")
AXE_OPTIONS: dict[str, Any] = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
    "resultTypes": ["violations"],
}
#: Every browser test is marked, and may use the database: the package's one demo (see conftest.py),
#: in a transaction rolled back after each test. WhiteNoise warns that STATIC_ROOT has not been collected: in tests
#: the live server serves static files through the staticfiles finders instead.
BROWSER_TEST_MARKS = [
    pytest.mark.browser,
    pytest.mark.django_db,
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]
#: How many failing elements of one rule a failure message shows.
NODES_SHOWN = 5


@dataclass(frozen=True)
class Person:
    """Someone who opens pages: a demo user of the Riverbank partnership, or nobody signed in."""

    key: str
    label: str
    email: str | None

    def __str__(self) -> str:
        return self.label


BUSINESS_MANAGER = Person("business-manager", "the business manager", "manager.riverbank@demo.example.org")
SCRUTINEER = Person("scrutineer", "the scrutineer", "scrutineer@demo.example.org")
VIEWER = Person("viewer", "the viewer", "viewer.riverbank@demo.example.org")
CONTRIBUTOR = Person("agency-contributor", "the agency contributor", "contributor.riverbank@demo.example.org")
POLICE_DSP = Person("police-dsp", "the police delegated safeguarding partner", "police.dsp@demo.example.org")
SIGNED_OUT = Person("signed-out", "someone signed out", None)
LEAD_PARTNER = Person(
    "lead-partner", "the council's lead safeguarding partner", "lsp.council.riverbank@demo.example.org"
)

EVERY_ROLE = (BUSINESS_MANAGER, SCRUTINEER, VIEWER, CONTRIBUTOR, POLICE_DSP)
#: Agency contributors see only their agency's slice: no people and no history (403 for them).
PARTNERSHIP_WIDE = (BUSINESS_MANAGER, SCRUTINEER, VIEWER, POLICE_DSP)
#: Those who see a room that all may read differently: who manages it, who only reads it, and who
#: sees their own agency's slice of it.
EVERY_ROOM_READER = (BUSINESS_MANAGER, VIEWER, CONTRIBUTOR)
#: The assurance room's home as the scrutineer (who manages it), the business manager (who
#: contributes) and the viewer (who reads) see it.
ASSURANCE_READERS = (SCRUTINEER, BUSINESS_MANAGER, VIEWER)
#: The people who hold roles in both demo partnerships, so see the switcher and a list at "/".
IN_TWO_PARTNERSHIPS = (SCRUTINEER, POLICE_DSP)


@dataclass(frozen=True)
class DemoData:
    """The records of the demo whose keys a page address needs (they change with every test)."""

    own_agency: int  # an agency linked only to Riverbank, so its business manager may change it
    area: int
    open_invitation: str  # raw tokens
    expired_invitation: str
    #: The key of one Riverbank record of each kind the URL walk knows (finding, evidence, action…),
    #: by that kind: see scrutiny.tests.url_objects.objects_in.
    records: Mapping[str, int] = field(default_factory=dict)

    def fields(self) -> dict[str, object]:
        """What a page address may name: the fields above, and each kind of record by its kind."""
        return {**self.records, **{k: v for k, v in vars(self).items() if k != "records"}}


@dataclass(frozen=True)
class PageSpec:
    """One distinct page (URL pattern, or error page) and the people who see it differently."""

    kind: str
    path: str  # a str.format template over DemoData's fields
    people: tuple[Person, ...]
    status: int = 200
    #: allauth asks for a recent password before changing a second factor; a session made with
    #: force_login has none, so these pages are opened after signing in through the real form.
    through_sign_in_form: bool = False

    def address(self, demo: DemoData) -> str:
        return self.path.format(**demo.fields())


PAGES = [
    # The Riverbank partnership's rooms.
    PageSpec("partnership-home", "/p/riverbank/", EVERY_ROLE),
    PageSpec("people", "/p/riverbank/people/", PARTNERSHIP_WIDE),
    PageSpec("invite", "/p/riverbank/people/invite/", (BUSINESS_MANAGER,)),
    PageSpec("deliveries", "/p/riverbank/email/", (BUSINESS_MANAGER,)),
    PageSpec("agency-list", "/p/riverbank/agencies/", EVERY_ROLE),
    PageSpec("agency-add", "/p/riverbank/agencies/add/", (BUSINESS_MANAGER,)),
    PageSpec("agency-detail", "/p/riverbank/agencies/{own_agency}/", EVERY_ROLE),
    PageSpec("agency-edit", "/p/riverbank/agencies/{own_agency}/edit/", (BUSINESS_MANAGER,)),
    PageSpec("area-list", "/p/riverbank/areas/", EVERY_ROLE),
    PageSpec("area-add", "/p/riverbank/areas/add/", (BUSINESS_MANAGER,)),
    PageSpec("area-detail", "/p/riverbank/areas/{area}/", EVERY_ROLE),
    PageSpec("history", "/p/riverbank/history/", PARTNERSHIP_WIDE),
    # Frameworks: the scrutineer manages them as the business manager does, so sees what they see.
    PageSpec("framework-list", "/p/riverbank/frameworks/", EVERY_ROOM_READER),
    PageSpec("framework-detail", "/p/riverbank/frameworks/{framework}/", EVERY_ROOM_READER),
    PageSpec("requirement-detail", "/p/riverbank/frameworks/requirements/{requirement}/", EVERY_ROOM_READER),
    PageSpec("local-requirement-add", "/p/riverbank/frameworks/requirements/add/", (BUSINESS_MANAGER,)),
    PageSpec("local-requirement-edit", "/p/riverbank/frameworks/requirements/{requirement}/edit/", (SCRUTINEER,)),
    PageSpec("priority-add", "/p/riverbank/frameworks/priorities/add/", (BUSINESS_MANAGER,)),
    PageSpec("priority-edit", "/p/riverbank/frameworks/priorities/{priority}/edit/", (SCRUTINEER,)),
    # The evidence library: contributors see and add their own agency's evidence only.
    PageSpec("evidence-list", "/p/riverbank/evidence/", EVERY_ROOM_READER),
    PageSpec("evidence-add", "/p/riverbank/evidence/add/", (BUSINESS_MANAGER, CONTRIBUTOR)),
    PageSpec("evidence-add-link", "/p/riverbank/evidence/add/?kind=link", (BUSINESS_MANAGER,)),
    PageSpec("evidence-detail", "/p/riverbank/evidence/{evidence}/", EVERY_ROOM_READER),
    PageSpec("evidence-edit", "/p/riverbank/evidence/{evidence}/edit/", (BUSINESS_MANAGER,)),
    PageSpec("evidence-new-version", "/p/riverbank/evidence/{evidence}/versions/add/", (BUSINESS_MANAGER,)),
    PageSpec("evidence-supersede", "/p/riverbank/evidence/{evidence}/supersede/", (SCRUTINEER,)),
    # The action tracker: contributors see and update their own agency's actions only.
    PageSpec("action-list", "/p/riverbank/actions/", EVERY_ROOM_READER),
    PageSpec("action-add", "/p/riverbank/actions/add/", (BUSINESS_MANAGER,)),
    PageSpec("action-detail", "/p/riverbank/actions/{action}/", EVERY_ROOM_READER),
    PageSpec("action-edit", "/p/riverbank/actions/{action}/edit/", (BUSINESS_MANAGER,)),
    PageSpec("action-update-add", "/p/riverbank/actions/{action}/updates/add/", (BUSINESS_MANAGER, CONTRIBUTOR)),
    PageSpec("action-evidence", "/p/riverbank/actions/{action}/evidence/", (CONTRIBUTOR,)),
    PageSpec("action-complete", "/p/riverbank/actions/{action}/complete/", (CONTRIBUTOR,)),
    PageSpec("action-close", "/p/riverbank/actions/{action}/close/", (SCRUTINEER,)),
    PageSpec("action-impact", "/p/riverbank/actions/{action}/impact/", (BUSINESS_MANAGER,)),
    PageSpec("reminder-settings", "/account/reminders/", (BUSINESS_MANAGER, CONTRIBUTOR)),
    # The assurance room: the scrutineer manages it, the business manager contributes, the viewer
    # reads, and the agency contributor opens only what is addressed to their agency.
    PageSpec("assurance-home", "/p/riverbank/assurance/", ASSURANCE_READERS),
    PageSpec("finding-list", "/p/riverbank/assurance/findings/", (SCRUTINEER, VIEWER)),
    PageSpec("finding-add", "/p/riverbank/assurance/findings/add/", (SCRUTINEER,)),
    PageSpec("finding-detail", "/p/riverbank/assurance/findings/{finding}/", (SCRUTINEER, VIEWER)),
    PageSpec("finding-edit", "/p/riverbank/assurance/findings/{finding}/edit/", (SCRUTINEER,)),
    PageSpec("finding-recommend", "/p/riverbank/assurance/findings/{finding}/recommend/", (SCRUTINEER,)),
    PageSpec("recommendation-list", "/p/riverbank/assurance/recommendations/", (SCRUTINEER, VIEWER)),
    PageSpec("recommendation-inbox", "/p/riverbank/assurance/recommendations/addressed-to-us/", (CONTRIBUTOR,)),
    PageSpec(
        "recommendation-detail",
        "/p/riverbank/assurance/recommendations/{recommendation}/",
        (SCRUTINEER, BUSINESS_MANAGER, VIEWER),
    ),
    PageSpec(
        "recommendation-respond", "/p/riverbank/assurance/recommendations/{recommendation}/respond/", (CONTRIBUTOR,)
    ),
    PageSpec(
        "recommendation-action", "/p/riverbank/assurance/recommendations/{recommendation}/action/", (CONTRIBUTOR,)
    ),
    PageSpec("challenge-list", "/p/riverbank/assurance/challenges/", (SCRUTINEER, VIEWER)),
    PageSpec("challenge-inbox", "/p/riverbank/assurance/challenges/addressed-to-us/", (CONTRIBUTOR,)),
    PageSpec("challenge-add", "/p/riverbank/assurance/challenges/raise/", (SCRUTINEER, CONTRIBUTOR)),
    PageSpec("challenge-detail", "/p/riverbank/assurance/challenges/{challenge}/", (SCRUTINEER, VIEWER)),
    PageSpec("challenge-respond", "/p/riverbank/assurance/challenges/{challenge}/respond/", (CONTRIBUTOR,)),
    PageSpec("assurance-settings", "/p/riverbank/assurance/settings/", (BUSINESS_MANAGER,)),
    PageSpec("disagreement-list", "/p/riverbank/assurance/disagreements/", (SCRUTINEER, VIEWER)),
    PageSpec("disagreement-themes", "/p/riverbank/assurance/disagreements/themes/", (SCRUTINEER,)),
    PageSpec("disagreement-add", "/p/riverbank/assurance/disagreements/add/", (BUSINESS_MANAGER, CONTRIBUTOR)),
    PageSpec("disagreement-detail", "/p/riverbank/assurance/disagreements/{disagreement}/", (SCRUTINEER, VIEWER)),
    PageSpec("disagreement-update", "/p/riverbank/assurance/disagreements/{disagreement}/progress/", (CONTRIBUTOR,)),
    PageSpec("disagreement-advice", "/p/riverbank/assurance/disagreements/{disagreement}/advice/", (SCRUTINEER,)),
    PageSpec("escalation-policy", "/p/riverbank/assurance/escalation-policy/", (BUSINESS_MANAGER, VIEWER)),
    PageSpec("escalation-stage-add", "/p/riverbank/assurance/escalation-policy/add/", (BUSINESS_MANAGER,)),
    PageSpec(
        "escalation-stage-edit", "/p/riverbank/assurance/escalation-policy/{escalation_stage}/", (BUSINESS_MANAGER,)
    ),
    PageSpec("assessment-year", "/p/riverbank/assurance/assessments/", (SCRUTINEER, VIEWER)),
    PageSpec("assessment-year-on-year", "/p/riverbank/assurance/assessments/year-on-year/", (SCRUTINEER,)),
    PageSpec("assessment-detail", "/p/riverbank/assurance/assessments/{assessment}/", (SCRUTINEER, VIEWER)),
    PageSpec("assessment-edit", "/p/riverbank/assurance/assessments/{assessment}/edit/", (SCRUTINEER,)),
    PageSpec("plan-list", "/p/riverbank/assurance/plan/", (SCRUTINEER, VIEWER)),
    PageSpec("plan-coverage", "/p/riverbank/assurance/plan/coverage/", (SCRUTINEER,)),
    PageSpec("activity-add", "/p/riverbank/assurance/plan/add/", (SCRUTINEER,)),
    PageSpec("activity-detail", "/p/riverbank/assurance/plan/{activity}/", (SCRUTINEER, VIEWER)),
    PageSpec("activity-edit", "/p/riverbank/assurance/plan/{activity}/edit/", (SCRUTINEER,)),
    PageSpec("independence-register", "/p/riverbank/assurance/independence/", (BUSINESS_MANAGER, VIEWER)),
    PageSpec("appointment-add", "/p/riverbank/assurance/independence/add/", (BUSINESS_MANAGER,)),
    PageSpec("appointment-detail", "/p/riverbank/assurance/independence/{appointment}/", (SCRUTINEER, VIEWER)),
    PageSpec("appointment-edit", "/p/riverbank/assurance/independence/{appointment}/edit/", (BUSINESS_MANAGER,)),
    PageSpec("statement", "/p/riverbank/assurance/statement/", (SCRUTINEER, BUSINESS_MANAGER, VIEWER)),
    PageSpec("statement-edit", "/p/riverbank/assurance/statement/edit/", (SCRUTINEER,)),
    PageSpec("statement-respond", "/p/riverbank/assurance/statement/respond/", (POLICE_DSP, BUSINESS_MANAGER)),
    PageSpec("innovation-list", "/p/riverbank/assurance/innovation/", (SCRUTINEER, VIEWER)),
    PageSpec("innovation-add", "/p/riverbank/assurance/innovation/add/", (SCRUTINEER, CONTRIBUTOR)),
    PageSpec("innovation-detail", "/p/riverbank/assurance/innovation/{innovation}/", (SCRUTINEER, VIEWER)),
    PageSpec("innovation-edit", "/p/riverbank/assurance/innovation/{innovation}/edit/", (CONTRIBUTOR,)),
    PageSpec("innovation-observe", "/p/riverbank/assurance/innovation/{innovation}/observations/", (SCRUTINEER,)),
    PageSpec("assurance-forbidden", "/p/riverbank/assurance/findings/", (CONTRIBUTOR,), status=403),
    # The reviews room: the business manager runs it, the scrutineer and the viewer read it, lead
    # and delegated partners sign rapid reviews off, and the agency contributor writes their
    # agency's contribution (and sees nothing else of the room).
    PageSpec("reviews-home", "/p/riverbank/reviews/", PARTNERSHIP_WIDE),
    PageSpec("incident-list", "/p/riverbank/reviews/incidents/", (BUSINESS_MANAGER, VIEWER)),
    PageSpec("incident-add", "/p/riverbank/reviews/incidents/add/", (BUSINESS_MANAGER,)),
    PageSpec("incident-detail", "/p/riverbank/reviews/incidents/{incident}/", (BUSINESS_MANAGER, VIEWER)),
    PageSpec("incident-edit", "/p/riverbank/reviews/incidents/{incident}/edit/", (BUSINESS_MANAGER,)),
    PageSpec("incident-rapid-review", "/p/riverbank/reviews/incidents/{incident}/rapid-review/", (BUSINESS_MANAGER,)),
    PageSpec("rapid-review-list", "/p/riverbank/reviews/rapid-reviews/", (BUSINESS_MANAGER, SCRUTINEER)),
    PageSpec(
        "rapid-review-detail",
        "/p/riverbank/reviews/rapid-reviews/{rapid_review}/",
        (BUSINESS_MANAGER, VIEWER, POLICE_DSP),
    ),
    PageSpec("rapid-review-edit", "/p/riverbank/reviews/rapid-reviews/{rapid_review}/edit/", (BUSINESS_MANAGER,)),
    PageSpec("rapid-review-request", "/p/riverbank/reviews/rapid-reviews/{rapid_review}/request/", (BUSINESS_MANAGER,)),
    PageSpec(
        "rapid-review-sign-off",
        "/p/riverbank/reviews/rapid-reviews/{rapid_review}/sign-off/",
        (POLICE_DSP,),
    ),
    PageSpec("rapid-review-send", "/p/riverbank/reviews/rapid-reviews/{rapid_review}/send/", (BUSINESS_MANAGER,)),
    PageSpec("rapid-review-panel", "/p/riverbank/reviews/rapid-reviews/{rapid_review}/panel/", (BUSINESS_MANAGER,)),
    PageSpec(
        "rapid-review-learning-add",
        "/p/riverbank/reviews/rapid-reviews/{rapid_review}/learning/add/",
        (BUSINESS_MANAGER,),
    ),
    PageSpec("contribution-list", "/p/riverbank/reviews/contributions/", (BUSINESS_MANAGER, CONTRIBUTOR)),
    PageSpec(
        "contribution-detail", "/p/riverbank/reviews/contributions/{contribution}/", (BUSINESS_MANAGER, CONTRIBUTOR)
    ),
    PageSpec("contribution-edit", "/p/riverbank/reviews/contributions/{contribution}/edit/", (CONTRIBUTOR,)),
    PageSpec("lcspr-list", "/p/riverbank/reviews/lcsprs/", (BUSINESS_MANAGER, VIEWER)),
    PageSpec("lcspr-add", "/p/riverbank/reviews/lcsprs/add/", (BUSINESS_MANAGER,)),
    PageSpec("lcspr-detail", "/p/riverbank/reviews/lcsprs/{lcspr}/", (BUSINESS_MANAGER, VIEWER)),
    PageSpec("lcspr-edit", "/p/riverbank/reviews/lcsprs/{lcspr}/edit/", (BUSINESS_MANAGER,)),
    PageSpec("lcspr-publication", "/p/riverbank/reviews/lcsprs/{lcspr}/publication/", (BUSINESS_MANAGER,)),
    PageSpec("lcspr-milestone-add", "/p/riverbank/reviews/lcsprs/{lcspr}/milestones/add/", (BUSINESS_MANAGER,)),
    PageSpec("lcspr-export", "/p/riverbank/reviews/lcsprs/{lcspr}/export/", (BUSINESS_MANAGER, SCRUTINEER)),
    PageSpec("lcspr-learning-add", "/p/riverbank/reviews/lcsprs/{lcspr}/learning/add/", (BUSINESS_MANAGER,)),
    PageSpec("milestone-edit", "/p/riverbank/reviews/milestones/{milestone}/edit/", (BUSINESS_MANAGER,)),
    PageSpec("national-review-list", "/p/riverbank/reviews/national/", (BUSINESS_MANAGER, VIEWER)),
    PageSpec("national-review-add", "/p/riverbank/reviews/national/add/", (BUSINESS_MANAGER,)),
    PageSpec("national-review-detail", "/p/riverbank/reviews/national/{national_review}/", (BUSINESS_MANAGER, VIEWER)),
    PageSpec("national-review-edit", "/p/riverbank/reviews/national/{national_review}/edit/", (BUSINESS_MANAGER,)),
    PageSpec(
        "national-review-learning-add",
        "/p/riverbank/reviews/national/{national_review}/learning/add/",
        (BUSINESS_MANAGER,),
    ),
    PageSpec("learning-list", "/p/riverbank/reviews/learning/", (BUSINESS_MANAGER, SCRUTINEER, VIEWER)),
    PageSpec("learning-themes", "/p/riverbank/reviews/learning/themes/", (BUSINESS_MANAGER, SCRUTINEER)),
    PageSpec("learning-detail", "/p/riverbank/reviews/learning/{learning_point}/", (BUSINESS_MANAGER, VIEWER)),
    PageSpec("learning-edit", "/p/riverbank/reviews/learning/{learning_point}/edit/", (BUSINESS_MANAGER,)),
    PageSpec("learning-action", "/p/riverbank/reviews/learning/{learning_point}/action/", (BUSINESS_MANAGER,)),
    PageSpec("learning-impact", "/p/riverbank/reviews/learning/{learning_point}/impact/", (BUSINESS_MANAGER,)),
    PageSpec("learning-product-list", "/p/riverbank/reviews/products/", (BUSINESS_MANAGER, VIEWER)),
    PageSpec("learning-product-add", "/p/riverbank/reviews/products/add/", (BUSINESS_MANAGER,)),
    PageSpec(
        "learning-product-detail", "/p/riverbank/reviews/products/{learning_product}/", (BUSINESS_MANAGER, VIEWER)
    ),
    PageSpec("learning-product-edit", "/p/riverbank/reviews/products/{learning_product}/edit/", (BUSINESS_MANAGER,)),
    PageSpec("reviews-forbidden", "/p/riverbank/reviews/", (CONTRIBUTOR,), status=403),
    PageSpec("deadlines", "/p/riverbank/deadlines/", EVERY_ROLE),
    PageSpec("clock-settings", "/p/riverbank/clocks/", (BUSINESS_MANAGER, SCRUTINEER)),
    PageSpec("clock-setting-edit", "/p/riverbank/clocks/rapid-review-agency-contribution/", (BUSINESS_MANAGER,)),
    PageSpec("performance-home", "/p/riverbank/performance/", (BUSINESS_MANAGER, POLICE_DSP, VIEWER)),
    PageSpec("performance-earlier-year", "/p/riverbank/performance/?year=2022", (SCRUTINEER,)),
    PageSpec("indicator-list", "/p/riverbank/performance/indicators/", (BUSINESS_MANAGER, VIEWER)),
    PageSpec(
        "indicator-detail", "/p/riverbank/performance/indicators/cin.rereferrals_12m_pct/", (BUSINESS_MANAGER, VIEWER)
    ),
    PageSpec("indicator-factors", "/p/riverbank/performance/indicators/cin.assessment_factors_pct/", (SCRUTINEER,)),
    PageSpec("indicator-local", "/p/riverbank/performance/indicators/police.missing_children/", (SCRUTINEER,)),
    PageSpec("indicator-annex-a", "/p/riverbank/performance/indicators/annex_a.cla_visits_in_time_pct/", (SCRUTINEER,)),
    PageSpec("import-list", "/p/riverbank/performance/imports/", (BUSINESS_MANAGER, VIEWER)),
    PageSpec("import-detail", "/p/riverbank/performance/imports/{return_import}/", (BUSINESS_MANAGER, VIEWER)),
    PageSpec("import-upload", "/p/riverbank/performance/imports/upload/", (BUSINESS_MANAGER,)),
    PageSpec("upload-detail", "/p/riverbank/performance/uploads/{return_upload}/", (BUSINESS_MANAGER,)),
    PageSpec("measure-list", "/p/riverbank/performance/measures/", (BUSINESS_MANAGER, VIEWER)),
    PageSpec("measure-add", "/p/riverbank/performance/measures/add/", (BUSINESS_MANAGER,)),
    PageSpec("measure-edit", "/p/riverbank/performance/measures/{local_measure}/edit/", (BUSINESS_MANAGER,)),
    PageSpec("measure-detail", "/p/riverbank/performance/measures/{local_measure}/", (BUSINESS_MANAGER, VIEWER)),
    PageSpec("round-list", "/p/riverbank/performance/rounds/", (BUSINESS_MANAGER, VIEWER)),
    PageSpec("round-add", "/p/riverbank/performance/rounds/add/", (BUSINESS_MANAGER,)),
    PageSpec("round-detail", "/p/riverbank/performance/rounds/{return_round}/", (BUSINESS_MANAGER, VIEWER)),
    PageSpec("agency-returns", "/p/riverbank/performance/returns/", (BUSINESS_MANAGER, CONTRIBUTOR)),
    PageSpec("submission-detail", "/p/riverbank/performance/returns/{agency_submission}/", (CONTRIBUTOR, SCRUTINEER)),
    PageSpec("performance-forbidden", "/p/riverbank/performance/", (CONTRIBUTOR,), status=403),
    PageSpec("governance-home", "/p/riverbank/meetings/", (BUSINESS_MANAGER, CONTRIBUTOR)),
    PageSpec("series-detail", "/p/riverbank/meetings/series/{meeting_series}/", (BUSINESS_MANAGER, VIEWER)),
    PageSpec("series-add", "/p/riverbank/meetings/series/add/", (BUSINESS_MANAGER,)),
    PageSpec("series-edit", "/p/riverbank/meetings/series/{meeting_series}/edit/", (BUSINESS_MANAGER,)),
    PageSpec("member-add", "/p/riverbank/meetings/series/{meeting_series}/members/add/", (BUSINESS_MANAGER,)),
    PageSpec(
        "member-edit",
        "/p/riverbank/meetings/series/{meeting_series}/members/{expected_member}/",
        (BUSINESS_MANAGER,),
    ),
    PageSpec("meeting-add", "/p/riverbank/meetings/add/", (BUSINESS_MANAGER,)),
    PageSpec("meeting-detail", "/p/riverbank/meetings/{meeting}/", (BUSINESS_MANAGER, CONTRIBUTOR)),
    PageSpec("meeting-edit", "/p/riverbank/meetings/{meeting}/edit/", (BUSINESS_MANAGER,)),
    PageSpec("meeting-attendance", "/p/riverbank/meetings/{meeting}/attendance/", (BUSINESS_MANAGER,)),
    PageSpec("meeting-minutes", "/p/riverbank/meetings/{meeting}/minutes/", (BUSINESS_MANAGER,)),
    PageSpec("meeting-agenda-add", "/p/riverbank/meetings/{meeting}/agenda/add/", (BUSINESS_MANAGER,)),
    PageSpec("meeting-agenda-edit", "/p/riverbank/meetings/{meeting}/agenda/{agenda_item}/", (BUSINESS_MANAGER,)),
    PageSpec("meeting-decision-add", "/p/riverbank/meetings/{meeting}/decisions/add/", (BUSINESS_MANAGER,)),
    PageSpec("meeting-action-add", "/p/riverbank/meetings/{meeting}/actions/add/", (BUSINESS_MANAGER,)),
    PageSpec("meeting-survey", "/p/riverbank/meetings/{meeting}/survey/", (CONTRIBUTOR,)),
    PageSpec("meeting-observation-add", "/p/riverbank/meetings/{meeting}/observations/add/", (SCRUTINEER,)),
    PageSpec("meeting-as-scrutineer", "/p/riverbank/meetings/{meeting}/", (SCRUTINEER,)),
    PageSpec("engagement-scorecard", "/p/riverbank/engagement/", (BUSINESS_MANAGER,)),
    # Voice: the public pages (no account) and the staff's.
    PageSpec("voice-public-start", "/feedback/riverbank/", (SIGNED_OUT,)),
    PageSpec("voice-public-start-welsh", "/feedback/riverbank/?lang=cy", (SIGNED_OUT,)),
    PageSpec("voice-form-children", "/feedback/riverbank/children/", (SIGNED_OUT,)),
    PageSpec("voice-form-young-people", "/feedback/riverbank/young-people/", (SIGNED_OUT,)),
    PageSpec("voice-form-parents", "/feedback/riverbank/parents/", (SIGNED_OUT,)),
    PageSpec("voice-you-said-we-did", "/feedback/riverbank/you-said-we-did/", (SIGNED_OUT,)),
    PageSpec("voice-home", "/p/riverbank/voice/", (BUSINESS_MANAGER, VIEWER)),
    PageSpec("voice-feedback-detail", "/p/riverbank/voice/feedback/{voice_feedback}/", (BUSINESS_MANAGER,)),
    PageSpec("voice-concern-close", "/p/riverbank/voice/feedback/{voice_feedback}/close/", (BUSINESS_MANAGER,)),
    PageSpec("voice-settings", "/p/riverbank/voice/settings/", (BUSINESS_MANAGER,)),
    PageSpec("voice-safety-words", "/p/riverbank/voice/safety-words/", (BUSINESS_MANAGER, VIEWER)),
    PageSpec("voice-safety-words-try", "/p/riverbank/voice/safety-words/?try=i+wanna+kms", (BUSINESS_MANAGER,)),
    PageSpec("voice-response-add", "/p/riverbank/voice/themes/add/", (BUSINESS_MANAGER,)),
    PageSpec("voice-theme-response", "/p/riverbank/voice/themes/{theme_response}/", (BUSINESS_MANAGER,)),
    PageSpec("voice-response-edit", "/p/riverbank/voice/themes/{theme_response}/edit/", (BUSINESS_MANAGER,)),
    PageSpec(
        "voice-response-action-add", "/p/riverbank/voice/themes/{theme_response}/actions/add/", (BUSINESS_MANAGER,)
    ),
    PageSpec("voice-consultation-public", "/feedback/riverbank/consultations/{consultation}/", (SIGNED_OUT,)),
    PageSpec("voice-consultation-add", "/p/riverbank/voice/consultations/add/", (BUSINESS_MANAGER,)),
    PageSpec("voice-consultation", "/p/riverbank/voice/consultations/{consultation}/", (BUSINESS_MANAGER, VIEWER)),
    PageSpec("voice-consultation-edit", "/p/riverbank/voice/consultations/{consultation}/edit/", (BUSINESS_MANAGER,)),
    PageSpec(
        "voice-consultation-question-add",
        "/p/riverbank/voice/consultations/{consultation}/questions/add/",
        (BUSINESS_MANAGER,),
    ),
    PageSpec("voice-panel-add", "/p/riverbank/voice/panel/add/", (BUSINESS_MANAGER,)),
    PageSpec("voice-panel-session", "/p/riverbank/voice/panel/{panel_session}/", (BUSINESS_MANAGER,)),
    PageSpec("voice-panel-edit", "/p/riverbank/voice/panel/{panel_session}/edit/", (BUSINESS_MANAGER,)),
    PageSpec(
        "voice-panel-question-add", "/p/riverbank/voice/panel/{panel_session}/questions/add/", (BUSINESS_MANAGER,)
    ),
    PageSpec(
        "voice-panel-question-answer",
        "/p/riverbank/voice/panel/{panel_session}/questions/{panel_question}/answer/",
        (CONTRIBUTOR,),
    ),
    # The yearly report: this year's draft, last year's published report, and its public pages.
    PageSpec("reports-home", "/p/riverbank/reports/", (BUSINESS_MANAGER, VIEWER)),
    PageSpec("report-draft", "/p/riverbank/reports/{yearly_report}/", (BUSINESS_MANAGER, SCRUTINEER, LEAD_PARTNER)),
    PageSpec("report-published", "/p/riverbank/reports/{published_report}/", (BUSINESS_MANAGER,)),
    PageSpec("report-preview", "/p/riverbank/reports/{yearly_report}/preview/", (BUSINESS_MANAGER,)),
    PageSpec("report-summary", "/p/riverbank/reports/{yearly_report}/summary/", (BUSINESS_MANAGER,)),
    PageSpec("report-section", "/p/riverbank/reports/{yearly_report}/sections/impact/", (BUSINESS_MANAGER, VIEWER)),
    PageSpec("report-scrutiny-section", "/p/riverbank/reports/{yearly_report}/sections/scrutiny/", (SCRUTINEER,)),
    PageSpec(
        "report-source-add", "/p/riverbank/reports/{yearly_report}/sections/impact/sources/add/", (BUSINESS_MANAGER,)
    ),
    PageSpec("report-sign", "/p/riverbank/reports/{yearly_report}/sign/", (LEAD_PARTNER,)),
    PageSpec("report-publish", "/p/riverbank/reports/{yearly_report}/publish/", (BUSINESS_MANAGER,)),
    PageSpec("report-copies", "/p/riverbank/reports/{published_report}/copies/", (BUSINESS_MANAGER,)),
    PageSpec("report-correct", "/p/riverbank/reports/{published_report}/correct/", (BUSINESS_MANAGER,)),
    PageSpec("reports-public", "/reports/riverbank/", (SIGNED_OUT,)),
    PageSpec("report-public", "/reports/riverbank/{published_report_year}/", (SIGNED_OUT,)),
    # Audits: Section 11 and schools' rounds, returns, moderation and case file audits.
    PageSpec("audits-home", "/p/riverbank/audits/", (BUSINESS_MANAGER, CONTRIBUTOR)),
    PageSpec("audit-standards", "/p/riverbank/audits/standards/", (BUSINESS_MANAGER,)),
    PageSpec("audit-standards-detail", "/p/riverbank/audits/standards/{audit_standards}/", (BUSINESS_MANAGER,)),
    PageSpec(
        "audit-standards-new-version",
        "/p/riverbank/audits/standards/{audit_standards}/new-version/",
        (BUSINESS_MANAGER,),
    ),
    PageSpec("audit-standard-add", "/p/riverbank/audits/standards/{audit_standards}/add/", (BUSINESS_MANAGER,)),
    PageSpec(
        "audit-standard-edit", "/p/riverbank/audits/standards/{audit_standards}/{audit_standard}/", (BUSINESS_MANAGER,)
    ),
    PageSpec("audit-round-add", "/p/riverbank/audits/rounds/add/", (BUSINESS_MANAGER,)),
    PageSpec("audit-round", "/p/riverbank/audits/rounds/{audit_round}/", (BUSINESS_MANAGER, CONTRIBUTOR)),
    PageSpec("audit-round-edit", "/p/riverbank/audits/rounds/{audit_round}/edit/", (BUSINESS_MANAGER,)),
    PageSpec("audit-round-peer-add", "/p/riverbank/audits/rounds/{audit_round}/peers/add/", (BUSINESS_MANAGER,)),
    PageSpec(
        "audit-return",
        "/p/riverbank/audits/rounds/{audit_round}/agencies/{audit_agency}/",
        (BUSINESS_MANAGER, CONTRIBUTOR),
    ),
    PageSpec(
        "audit-return-start", "/p/riverbank/audits/rounds/{audit_round}/agencies/{audit_agency}/start/", (CONTRIBUTOR,)
    ),
    PageSpec(
        "audit-return-answer",
        "/p/riverbank/audits/rounds/{audit_round}/agencies/{audit_agency}/answers/{audit_answer}/",
        (CONTRIBUTOR,),
    ),
    PageSpec(
        "audit-return-share", "/p/riverbank/audits/rounds/{audit_round}/agencies/{audit_agency}/share/", (CONTRIBUTOR,)
    ),
    PageSpec(
        "audit-return-question-add",
        "/p/riverbank/audits/rounds/{audit_round}/agencies/{audit_agency}/questions/add/",
        (SCRUTINEER,),
    ),
    PageSpec(
        "audit-return-question-answer",
        "/p/riverbank/audits/rounds/{audit_round}/agencies/{audit_agency}/questions/{audit_question}/answer/",
        (CONTRIBUTOR,),
    ),
    PageSpec(
        "audit-return-moderate",
        "/p/riverbank/audits/rounds/{audit_round}/agencies/{audit_agency}/moderate/",
        (BUSINESS_MANAGER,),
    ),
    PageSpec(
        "audit-return-changes",
        "/p/riverbank/audits/rounds/{audit_round}/agencies/{audit_agency}/changes/",
        (BUSINESS_MANAGER,),
    ),
    PageSpec(
        "audit-return-action-add",
        "/p/riverbank/audits/rounds/{audit_round}/agencies/{audit_agency}/actions/add/",
        (BUSINESS_MANAGER,),
    ),
    PageSpec("case-audit-add", "/p/riverbank/audits/case-files/add/", (BUSINESS_MANAGER,)),
    PageSpec("case-audit", "/p/riverbank/audits/case-files/{case_file_audit}/", (BUSINESS_MANAGER, CONTRIBUTOR)),
    PageSpec("case-audit-edit", "/p/riverbank/audits/case-files/{case_file_audit}/edit/", (BUSINESS_MANAGER,)),
    PageSpec("case-audit-case-add", "/p/riverbank/audits/case-files/{case_file_audit}/cases/add/", (BUSINESS_MANAGER,)),
    PageSpec(
        "case-audit-part",
        "/p/riverbank/audits/case-files/{case_file_audit}/cases/{audited_case}/parts/{case_part}/",
        (CONTRIBUTOR,),
    ),
    PageSpec(
        "case-audit-moderate",
        "/p/riverbank/audits/case-files/{case_file_audit}/cases/{audited_case}/moderate/",
        (BUSINESS_MANAGER,),
    ),
    PageSpec(
        "case-audit-action-add", "/p/riverbank/audits/case-files/{case_file_audit}/actions/add/", (BUSINESS_MANAGER,)
    ),
    PageSpec(
        "case-audit-feedback-add", "/p/riverbank/audits/case-files/{case_file_audit}/feedback/add/", (CONTRIBUTOR,)
    ),
    # Pages outside any one partnership.
    PageSpec("index", "/", IN_TWO_PARTNERSHIPS),
    PageSpec("clock", "/clock/", (BUSINESS_MANAGER, POLICE_DSP)),
    PageSpec("clock-with-result", "/clock/?due-rule=rapid-review&due-start=2025-12-15", (BUSINESS_MANAGER,)),
    PageSpec("account", "/account/", (BUSINESS_MANAGER, SCRUTINEER)),
    PageSpec("mfa-index", "/accounts/2fa/", (BUSINESS_MANAGER,), through_sign_in_form=True),
    PageSpec("mfa-totp-activate", "/accounts/2fa/totp/activate/", (BUSINESS_MANAGER,), through_sign_in_form=True),
    # Error pages.
    PageSpec("not-found", "/p/no-such-partnership/", (BUSINESS_MANAGER,), status=404),
    PageSpec("forbidden", "/p/riverbank/people/invite/", (VIEWER,), status=403),
    # Pages for people not signed in.
    PageSpec("sign-in", "/accounts/login/", (SIGNED_OUT,)),
    PageSpec("password-reset", "/accounts/password/reset/", (SIGNED_OUT,)),
    PageSpec("invitation-accept", "/invitations/{open_invitation}/", (SIGNED_OUT,)),
    PageSpec("invitation-expired", "/invitations/{expired_invitation}/", (SIGNED_OUT,), status=410),
]


@dataclass
class Watcher:
    """What a page reports that nobody sees on screen: console errors (Chromium reports every
    Content Security Policy violation there), uncaught JavaScript errors and failed sub-requests."""

    page: Page
    problems: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.problems.append(f"JavaScript error: {error}"))
        self.page.on("requestfailed", self._request_failed)
        self.page.on("response", self._response)

    def _console(self, message: ConsoleMessage) -> None:
        # The document's own 4xx status is the point of an error page; Chromium logs it anyway.
        if message.type == "error" and not (
            message.text.startswith("Failed to load resource") and message.location.get("url") == self.page.url
        ):
            self.problems.append(f"console {message.type}: {message.text}")

    def _request_failed(self, request: Request) -> None:
        self.problems.append(f"request failed: {request.method} {request.url} ({request.failure})")

    def _response(self, response: Response) -> None:
        if response.status >= 400 and response.request.resource_type != "document":
            self.problems.append(f"sub-request answered {response.status}: {response.url}")


@dataclass
class Visit:
    page: Page
    status: int
    watcher: Watcher

    @property
    def problems(self) -> list[str]:
        return self.watcher.problems

    @property
    def landed_on(self) -> str:
        """The address shown now, without scheme and host, to catch redirects."""
        url = urlsplit(self.page.url)
        return url.path + (f"?{url.query}" if url.query else "")


def open_page(page: Page, address: str) -> Visit:
    watcher = Watcher(page)
    response = page.goto(address)
    assert response is not None, f"No response for {address}"
    return Visit(page=page, status=response.status, watcher=watcher)


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """axe-core's WCAG 2.2 AA violations on the page as it is now."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE_SCRIPT)
    results: dict[str, Any] = page.evaluate("(options) => axe.run(document, options)", AXE_OPTIONS)
    return list(results["violations"])


def markup_problems(page: Page) -> list[str]:
    """What axe-core no longer reports but breaks labels, error-summary links and skip links: an id
    given to two elements, and a label or aria reference naming an id that no element has."""
    found: list[str] = page.evaluate(
        """() => {
            const problems = [];
            const counts = new Map();
            for (const el of document.querySelectorAll('[id]')) counts.set(el.id, (counts.get(el.id) || 0) + 1);
            for (const [id, n] of counts) if (n > 1) problems.push(`id "${id}" is given to ${n} elements`);
            for (const label of document.querySelectorAll('label[for]')) {
                const id = label.htmlFor;
                if (!document.getElementById(id)) problems.push(`label for "${id}" names no element`);
            }
            for (const attr of ['aria-describedby', 'aria-labelledby', 'aria-controls']) {
                for (const el of document.querySelectorAll(`[${attr}]`)) {
                    for (const id of el.getAttribute(attr).split(/\\s+/).filter(Boolean)) {
                        if (!document.getElementById(id)) problems.push(`${attr} "${id}" names no element`);
                    }
                }
            }
            return problems;
        }"""
    )
    return [f"markup: {problem}" for problem in found]


def _short(text: str, width: int = 180) -> str:
    return textwrap.shorten(" ".join(text.split()), width=width, placeholder=" …")


def describe_violations(violations: list[dict[str, Any]]) -> list[str]:
    """One line per rule, then its failing elements: enough for a developer to find and fix them."""
    lines: list[str] = []
    for violation in violations:
        nodes = violation["nodes"]
        lines.append(
            f"axe {violation['id']} ({violation['impact']}, {len(nodes)} element(s)): {violation['help']}"
            f" - {violation['helpUrl']}"
        )
        for node in nodes[:NODES_SHOWN]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"    {target}: {_short(node['html'])}")
            summary = [line.strip() for line in node.get("failureSummary", "").splitlines()[1:] if line.strip()]
            if summary:
                lines.append(f"        {_short(summary[0], 220)}")
        if len(nodes) > NODES_SHOWN:
            lines.append(f"    … and {len(nodes) - NODES_SHOWN} more")
    return lines
