"""REST API v1 for evidence candidates and the reference library."""
