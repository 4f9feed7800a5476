from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "scrutiny.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from scrutiny.accounts.registrations import register

        register()
