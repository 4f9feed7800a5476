from django.urls import path

from scrutiny.mail import views

urlpatterns = [
    path("p/<slug:slug>/email/", views.deliveries, name="deliveries"),
    path("p/<slug:slug>/email/<int:pk>/try-again/", views.delivery_try_again, name="delivery_try_again"),
    path("p/<slug:slug>/email/<int:pk>/give-up/", views.delivery_give_up, name="delivery_give_up"),
]
