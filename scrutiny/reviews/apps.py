from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "scrutiny.reviews"
    label = "reviews"
    verbose_name = "Reviews"

    def ready(self) -> None:
        from scrutiny.reviews.registrations import register

        register()
