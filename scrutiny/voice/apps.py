from django.apps import AppConfig


class VoiceConfig(AppConfig):
    name = "scrutiny.voice"
    label = "voice"
    verbose_name = "Voice of children and families"

    def ready(self) -> None:
        from scrutiny.voice.registrations import register

        register()
