"""Loaded by pytest before Django starts (``-p tests.environment``): the test environment.

Tests run with DEBUG off, like production; they only need a secret key of their own.
The fetcher may reach the tests' own loopback HTTP servers and nothing else.
"""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-secret-key-not-for-production-0123456789abcdef")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("LOG_LEVEL", "WARNING")
# No test reaches the internet: gathering runs the offline providers unless a test names others
# (provider tests use recorded responses or a loopback stand-in).
os.environ.setdefault("EVIDENCE_PROVIDERS", "library,archive")
# Eager tasks run where they are enqueued, so a test sees their result when the request returns
# (tests/ingestion/test_eager_background.py turns the background thread on and waits for it).
os.environ.setdefault("EAGER_TASKS_IN_BACKGROUND", "0")
