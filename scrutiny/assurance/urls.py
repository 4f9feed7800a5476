"""The assurance room's addresses. Each object URL's name starts with the kind of object its pk is."""

from django.urls import path

from scrutiny.assurance.views import (
    assessments,
    challenges,
    disagreements,
    findings,
    home,
    innovation,
    plan,
    statement,
)

P = "p/<slug:slug>/assurance/"

urlpatterns = [
    path(P, home.assurance_home, name="assurance_home"),
    # Findings and recommendations
    path(P + "findings/", findings.finding_list, name="finding_list"),
    path(P + "findings/add/", findings.finding_add, name="finding_add"),
    path(P + "findings/<int:pk>/", findings.finding_detail, name="finding_detail"),
    path(P + "findings/<int:pk>/edit/", findings.finding_edit, name="finding_edit"),
    path(P + "findings/<int:pk>/issue/", findings.finding_issue_view, name="finding_issue"),
    path(P + "findings/<int:pk>/recommend/", findings.finding_recommend, name="finding_recommend"),
    path(P + "recommendations/", findings.recommendation_list, name="recommendation_list"),
    path(P + "recommendations/addressed-to-us/", findings.recommendation_inbox, name="recommendation_inbox"),
    path(P + "recommendations/<int:pk>/", findings.recommendation_detail, name="recommendation_detail"),
    path(P + "recommendations/<int:pk>/respond/", findings.recommendation_respond_view, name="recommendation_respond"),
    path(P + "recommendations/<int:pk>/status/", findings.recommendation_status, name="recommendation_status"),
    path(P + "recommendations/<int:pk>/action/", findings.recommendation_action, name="recommendation_action"),
    # The challenge log
    path(P + "challenges/", challenges.challenge_list, name="challenge_list"),
    path(P + "challenges/addressed-to-us/", challenges.challenge_inbox, name="challenge_inbox"),
    path(P + "challenges/raise/", challenges.challenge_add, name="challenge_add"),
    path(P + "challenges/<int:pk>/", challenges.challenge_detail, name="challenge_detail"),
    path(P + "challenges/<int:pk>/respond/", challenges.challenge_respond_view, name="challenge_respond"),
    path(P + "challenges/<int:pk>/outcome/", challenges.challenge_outcome, name="challenge_outcome"),
    path(P + "settings/", challenges.assurance_settings, name="assurance_settings"),
    # Disagreements and the escalation policy
    path(P + "disagreements/", disagreements.disagreement_list, name="disagreement_list"),
    path(P + "disagreements/themes/", disagreements.disagreement_theme_counts, name="disagreement_themes"),
    path(P + "disagreements/add/", disagreements.disagreement_add, name="disagreement_add"),
    path(P + "disagreements/<int:pk>/", disagreements.disagreement_detail, name="disagreement_detail"),
    path(P + "disagreements/<int:pk>/progress/", disagreements.disagreement_update, name="disagreement_update"),
    path(P + "disagreements/<int:pk>/advice/", disagreements.disagreement_advice, name="disagreement_advice"),
    path(P + "escalation-policy/", disagreements.escalation_policy_view, name="escalation_policy"),
    path(P + "escalation-policy/add/", disagreements.escalation_stage_add, name="escalation_stage_add"),
    path(P + "escalation-policy/<int:pk>/", disagreements.escalation_stage_edit, name="escalation_stage_edit"),
    path(
        P + "escalation-policy/<int:pk>/remove/", disagreements.escalation_stage_remove, name="escalation_stage_remove"
    ),
    # The assessment of duties
    path(P + "assessments/", assessments.assessment_year, name="assessment_year"),
    path(P + "assessments/start/", assessments.assessment_year_start_view, name="assessment_year_start"),
    path(P + "assessments/year-on-year/", assessments.assessment_year_on_year, name="assessment_year_on_year"),
    path(P + "assessments/<int:pk>/", assessments.assessment_detail, name="assessment_detail"),
    path(P + "assessments/<int:pk>/edit/", assessments.assessment_edit, name="assessment_edit"),
    # The scrutiny plan
    path(P + "plan/", plan.plan_list, name="plan_list"),
    path(P + "plan/coverage/", plan.plan_coverage, name="plan_coverage"),
    path(P + "plan/add/", plan.activity_add, name="activity_add"),
    path(P + "plan/<int:pk>/", plan.activity_detail, name="activity_detail"),
    path(P + "plan/<int:pk>/edit/", plan.activity_edit, name="activity_edit"),
    # The independence register and the assurance statement
    path(P + "independence/", statement.independence_register, name="independence_register"),
    path(P + "independence/add/", statement.appointment_add, name="appointment_add"),
    path(P + "independence/<int:pk>/", statement.appointment_detail, name="appointment_detail"),
    path(P + "independence/<int:pk>/edit/", statement.appointment_edit, name="appointment_edit"),
    path(P + "statement/", statement.statement, name="statement"),
    path(P + "statement/edit/", statement.statement_edit, name="statement_edit"),
    path(P + "statement/publish/", statement.statement_publish_view, name="statement_publish"),
    path(P + "statement/respond/", statement.statement_respond_view, name="statement_respond"),
    # The innovation register
    path(P + "innovation/", innovation.innovation_list, name="innovation_list"),
    path(P + "innovation/add/", innovation.innovation_add, name="innovation_add"),
    path(P + "innovation/<int:pk>/", innovation.innovation_detail, name="innovation_detail"),
    path(P + "innovation/<int:pk>/edit/", innovation.innovation_edit, name="innovation_edit"),
    path(P + "innovation/<int:pk>/observations/", innovation.innovation_observe, name="innovation_observe"),
]
