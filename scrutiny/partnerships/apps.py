from django.apps import AppConfig


class PartnershipsConfig(AppConfig):
    name = "scrutiny.partnerships"
    label = "partnerships"
