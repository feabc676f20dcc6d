"""Outgoing webhooks on the Standard Webhooks scheme."""
