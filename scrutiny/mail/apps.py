from django.apps import AppConfig


class MailConfig(AppConfig):
    name = "scrutiny.mail"
    label = "mail"
    verbose_name = "E-mail sent"

    def ready(self) -> None:
        from scrutiny.mail.registrations import register

        register()
