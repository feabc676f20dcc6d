from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "evidence"

    def ready(self) -> None:
        # New claims worth checking get their evidence gathered: the evidence app reacts to the
        # claims app's after-commit event instead of the claims app importing evidence's tasks.
        from evidence.services.gathering import on_claim_created
        from factcheck.events import workbench_event

        workbench_event.connect(on_claim_created, dispatch_uid="evidence.gather_on_claim_created")
