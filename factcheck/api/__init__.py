"""The REST API's cross-cutting pieces: token auth, permissions, errors, pagination,
throttling, idempotency and conditional requests. Resource views live in each app's ``api/``."""
