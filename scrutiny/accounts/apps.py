from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "scrutiny.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from scrutiny.accounts.due import invitation_due_items
        from scrutiny.figures.registry import register_due_provider

        register_due_provider("invitations", invitation_due_items)
