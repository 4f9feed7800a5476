"""The audits room's addresses."""

from django.urls import path

from scrutiny.audits.views import case_files, returns, rounds, standards

P = "p/<slug:slug>/audits/"
R = P + "rounds/<int:pk>/agencies/<int:agency>/"
C = P + "case-files/<int:pk>/"

urlpatterns = [
    path(P, rounds.audits_home, name="audits_home"),
    path(P + "standards/", standards.standards_list, name="audit_standards"),
    path(P + "standards/<int:pk>/", standards.standards_detail, name="audit_standards_detail"),
    path(P + "standards/<int:pk>/new-version/", standards.standards_new_version, name="audit_standards_new_version"),
    path(P + "standards/<int:pk>/add/", standards.standard_add, name="audit_standard_add"),
    path(P + "standards/<int:pk>/<int:standard>/", standards.standard_edit, name="audit_standard_edit"),
    path(P + "standards/<int:pk>/<int:standard>/delete/", standards.standard_delete, name="audit_standard_delete"),
    path(P + "rounds/add/", rounds.round_add, name="audit_round_add"),
    path(P + "rounds/<int:pk>/", rounds.round_detail, name="audit_round"),
    path(P + "rounds/<int:pk>/edit/", rounds.round_edit, name="audit_round_edit"),
    path(P + "rounds/<int:pk>/send/", rounds.round_send, name="audit_round_send"),
    path(P + "rounds/<int:pk>/close/", rounds.round_close, name="audit_round_close"),
    path(P + "rounds/<int:pk>/peers/add/", rounds.round_peer_add, name="audit_round_peer_add"),
    path(R, returns.return_detail, name="audit_return"),
    path(R + "start/", returns.return_start, name="audit_return_start"),
    path(R + "answers/<int:answer>/", returns.answer_edit, name="audit_return_answer"),
    path(R + "submit/", returns.return_submit, name="audit_return_submit"),
    path(R + "share/", returns.return_share, name="audit_return_share"),
    path(R + "questions/add/", returns.question_add, name="audit_return_question_add"),
    path(R + "questions/<int:question>/answer/", returns.question_answer, name="audit_return_question_answer"),
    path(R + "moderate/", returns.return_moderate, name="audit_return_moderate"),
    path(R + "changes/", returns.return_changes, name="audit_return_changes"),
    path(R + "actions/add/", returns.return_action_add, name="audit_return_action_add"),
    path(P + "case-files/add/", case_files.case_audit_add, name="case_audit_add"),
    path(C, case_files.case_audit, name="case_audit"),
    path(C + "edit/", case_files.case_audit_edit, name="case_audit_edit"),
    path(C + "advance/", case_files.case_audit_advance, name="case_audit_advance"),
    path(C + "cases/add/", case_files.case_add, name="case_audit_case_add"),
    path(C + "cases/<int:case>/parts/<int:part>/", case_files.case_part, name="case_audit_part"),
    path(C + "cases/<int:case>/moderate/", case_files.case_moderate, name="case_audit_moderate"),
    path(C + "actions/add/", case_files.case_audit_action_add, name="case_audit_action_add"),
    path(C + "feedback/add/", case_files.case_feedback_add, name="case_audit_feedback_add"),
]
