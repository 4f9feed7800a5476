"""The reviews room's addresses. Each object URL's name starts with the kind of object its pk is."""

from django.urls import path

from scrutiny.reviews.views import home, incidents, lcsprs, learning, national, products, rapid_reviews

P = "p/<slug:slug>/reviews/"

urlpatterns = [
    path(P, home.reviews_home, name="reviews_home"),
    # Serious incidents
    path(P + "incidents/", incidents.incident_list, name="incident_list"),
    path(P + "incidents/add/", incidents.incident_add, name="incident_add"),
    path(P + "incidents/<int:pk>/", incidents.incident_detail, name="incident_detail"),
    path(P + "incidents/<int:pk>/edit/", incidents.incident_edit, name="incident_edit"),
    path(P + "incidents/<int:pk>/rapid-review/", incidents.incident_rapid_review, name="incident_rapid_review"),
    # Rapid reviews and the agencies' contributions
    path(P + "rapid-reviews/", rapid_reviews.rapid_review_list, name="rapid_review_list"),
    path(P + "rapid-reviews/<int:pk>/", rapid_reviews.rapid_review_detail, name="rapid_review_detail"),
    path(P + "rapid-reviews/<int:pk>/edit/", rapid_reviews.rapid_review_edit, name="rapid_review_edit"),
    path(P + "rapid-reviews/<int:pk>/request/", rapid_reviews.rapid_review_request, name="rapid_review_request"),
    path(P + "rapid-reviews/<int:pk>/sign-off/", rapid_reviews.rapid_review_sign_off, name="rapid_review_sign_off"),
    path(P + "rapid-reviews/<int:pk>/send/", rapid_reviews.rapid_review_send, name="rapid_review_send"),
    path(P + "rapid-reviews/<int:pk>/panel/", rapid_reviews.rapid_review_panel, name="rapid_review_panel"),
    path(
        P + "rapid-reviews/<int:pk>/learning/add/", learning.rapid_review_learning_add, name="rapid_review_learning_add"
    ),
    path(P + "contributions/", rapid_reviews.contribution_list, name="contribution_list"),
    path(P + "contributions/<int:pk>/", rapid_reviews.contribution_detail, name="contribution_detail"),
    path(P + "contributions/<int:pk>/edit/", rapid_reviews.contribution_edit, name="contribution_edit"),
    # Local child safeguarding practice reviews
    path(P + "lcsprs/", lcsprs.lcspr_list, name="lcspr_list"),
    path(P + "lcsprs/add/", lcsprs.lcspr_add, name="lcspr_add"),
    path(P + "lcsprs/<int:pk>/", lcsprs.lcspr_detail, name="lcspr_detail"),
    path(P + "lcsprs/<int:pk>/edit/", lcsprs.lcspr_edit, name="lcspr_edit"),
    path(P + "lcsprs/<int:pk>/publication/", lcsprs.lcspr_publication, name="lcspr_publication"),
    path(P + "lcsprs/<int:pk>/milestones/add/", lcsprs.lcspr_milestone_add, name="lcspr_milestone_add"),
    path(P + "lcsprs/<int:pk>/export/", lcsprs.lcspr_export, name="lcspr_export"),
    path(P + "lcsprs/<int:pk>/export.docx", lcsprs.lcspr_export_docx, name="lcspr_export_docx"),
    path(P + "lcsprs/<int:pk>/learning/add/", learning.lcspr_learning_add, name="lcspr_learning_add"),
    path(P + "milestones/<int:pk>/edit/", lcsprs.milestone_edit, name="milestone_edit"),
    # The national Panel's reviews
    path(P + "national/", national.national_review_list, name="national_review_list"),
    path(P + "national/add/", national.national_review_add, name="national_review_add"),
    path(P + "national/<int:pk>/", national.national_review_detail, name="national_review_detail"),
    path(P + "national/<int:pk>/edit/", national.national_review_edit, name="national_review_edit"),
    path(
        P + "national/<int:pk>/learning/add/",
        learning.national_review_learning_add,
        name="national_review_learning_add",
    ),
    # Learning: findings and recommendations, their actions and impact, themes
    path(P + "learning/", learning.learning_list, name="learning_list"),
    path(P + "learning/themes/", learning.learning_themes, name="learning_themes"),
    path(P + "learning/<int:pk>/", learning.learning_detail, name="learning_detail"),
    path(P + "learning/<int:pk>/edit/", learning.learning_edit, name="learning_edit"),
    path(P + "learning/<int:pk>/action/", learning.learning_action, name="learning_action"),
    path(P + "learning/<int:pk>/impact/", learning.learning_impact, name="learning_impact"),
    # Learning products: briefings, events, courses
    path(P + "products/", products.learning_product_list, name="learning_product_list"),
    path(P + "products/add/", products.learning_product_add, name="learning_product_add"),
    path(P + "products/<int:pk>/", products.learning_product_detail, name="learning_product_detail"),
    path(P + "products/<int:pk>/edit/", products.learning_product_edit, name="learning_product_edit"),
]
