from django.apps import AppConfig


class ArchiveConfig(AppConfig):
    verbose_name = "Fact-check archive and claim matching"
    name = "archive"

    def ready(self) -> None:
        # New claims are matched against the archive and earlier verdicts: the archive app reacts to
        # the claims app's after-commit event, as the evidence app does.
        from archive.services.matching import on_claim_created
        from factcheck.events import workbench_event

        workbench_event.connect(on_claim_created, dispatch_uid="archive.match_on_claim_created")
