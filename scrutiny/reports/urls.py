"""The yearly report's addresses: public pages under /reports/<slug>/, staff pages under
/p/<slug>/reports/."""

from django.urls import path

from scrutiny.reports.views import public, staff

P = "p/<slug:slug>/reports/"
R = P + "<int:pk>/"
PUBLIC = "reports/<slug:slug>/"
V = PUBLIC + "<int:year>/v<int:version>/"

urlpatterns = [
    path(PUBLIC, public.reports_public, name="reports_public"),
    path(PUBLIC + "<int:year>/", public.report_public, name="report_public"),
    path(V, public.report_public_version, name="report_public_version"),
    path(V + "report.pdf", public.report_public_pdf, name="report_public_pdf"),
    path(V + "report.docx", public.report_public_docx, name="report_public_docx"),
    path(V + "scrutiny/", public.report_public_statement, name="report_public_statement"),
    path(V + "scrutiny.pdf", public.report_public_statement_pdf, name="report_public_statement_pdf"),
    path(P, staff.reports_home, name="reports_home"),
    path(P + "start/", staff.report_start, name="report_start"),
    path(R, staff.report_detail, name="report_detail"),
    path(R + "preview/", staff.report_preview, name="report_preview"),
    path(R + "draft.<str:fmt>", staff.report_file, name="report_file"),
    path(R + "summary/", staff.report_details, name="report_details"),
    path(R + "refresh/", staff.report_refresh, name="report_refresh"),
    path(R + "sign/", staff.report_sign, name="report_sign"),
    path(R + "publish/", staff.report_publish, name="report_publish"),
    path(R + "copies/", staff.report_copies, name="report_copies"),
    path(R + "correct/", staff.report_correct, name="report_correct"),
    path(R + "sections/<str:key>/", staff.section_edit, name="section_edit"),
    path(R + "sections/<str:key>/sources/add/", staff.source_add, name="report_source_add"),
    path(R + "sources/<int:source_pk>/remove/", staff.source_remove, name="report_source_remove"),
]
