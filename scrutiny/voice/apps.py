from django.apps import AppConfig


class VoiceConfig(AppConfig):
    name = "scrutiny.voice"
    label = "voice"
    verbose_name = "Voice of children and families"

    def ready(self) -> None:
        from scrutiny.figures.provided import register_figure_provider
        from scrutiny.figures.registry import register_due_provider
        from scrutiny.voice.registrations import VOICE_REQUIREMENTS, concern_timeliness, concerns_due, voice_figure

        register_due_provider("voice", concerns_due)
        for code in VOICE_REQUIREMENTS:
            register_figure_provider(code, voice_figure)
            register_figure_provider(code, concern_timeliness)
