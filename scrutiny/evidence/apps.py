from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "scrutiny.evidence"
    label = "evidence"
    verbose_name = "Evidence"

    def ready(self) -> None:
        from scrutiny.evidence.history import item_log, link_log, version_log
        from scrutiny.partnerships.history import EXTRA_LOG_SOURCES

        # ready() may run more than once (tests): add each source once.
        for source in (item_log, version_log, link_log):
            if source not in EXTRA_LOG_SOURCES:
                EXTRA_LOG_SOURCES.append(source)
