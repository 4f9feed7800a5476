from django.apps import AppConfig


class MailConfig(AppConfig):
    name = "scrutiny.mail"
    label = "mail"
    verbose_name = "E-mail sent"

    def ready(self) -> None:
        from scrutiny.figures.registry import register_due_provider
        from scrutiny.mail.due import failed_deliveries_due

        register_due_provider("mail", failed_deliveries_due)
