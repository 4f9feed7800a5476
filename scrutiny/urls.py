"""Every address in Scrutiny. Partnership data lives under /p/<slug>/ and /api/v1/partnerships/<slug>/."""

from django.contrib import admin
from django.urls import include, path

from scrutiny.accounts.views import email_addresses
from scrutiny.api.urls import api
from scrutiny.api.views import docs as api_docs

urlpatterns = [
    path("", include("scrutiny.home.urls")),
    path("", include("scrutiny.partnerships.urls")),
    path("", include("scrutiny.accounts.urls")),
    path("", include("scrutiny.clocks.urls")),
    path("", include("scrutiny.frameworks.urls")),
    path("", include("scrutiny.evidence.urls")),
    path("", include("scrutiny.actions.urls")),
    path("", include("scrutiny.assurance.urls")),
    path("", include("scrutiny.reviews.urls")),
    path("", include("scrutiny.performance.urls")),
    path("", include("scrutiny.governance.urls")),
    path("", include("scrutiny.audits.urls")),
    path("", include("scrutiny.voice.urls")),
    path("", include("scrutiny.engagement.urls")),
    path("", include("scrutiny.reports.urls")),
    path("", include("scrutiny.mail.urls")),
    # E-mail addresses are the identity invitations are sent to: people do not change their own.
    path("accounts/email/", email_addresses, name="account_email"),
    path("accounts/", include("allauth.urls")),
    path("api/v1/docs", api_docs, name="api_docs"),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]

handler403 = "scrutiny.errors.forbidden"
handler404 = "scrutiny.errors.not_found"
handler500 = "scrutiny.errors.server_error"
