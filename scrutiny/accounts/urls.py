from django.urls import path

from scrutiny.accounts import views

urlpatterns = [
    path("p/<slug:slug>/people/", views.people, name="people"),
    path("p/<slug:slug>/people/invite/", views.invite, name="invite"),
    path("p/<slug:slug>/people/invitations/<int:pk>/resend/", views.invitation_resend, name="invitation_resend"),
    path("p/<slug:slug>/people/invitations/<int:pk>/revoke/", views.invitation_revoke, name="invitation_revoke"),
    path("p/<slug:slug>/people/roles/<int:pk>/remove/", views.membership_remove, name="membership_remove"),
    path("invitations/<str:token>/", views.accept_invitation, name="accept_invitation"),
    path("account/", views.account, name="account"),
    path("account/tokens/", views.token_create, name="token_create"),
    path("account/tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
]
