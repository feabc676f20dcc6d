"""Reads of the claims app by subdomain: queue, desk, review, verdicts, articles (UI and API alike)."""
