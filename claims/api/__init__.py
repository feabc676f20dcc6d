"""REST API v1 for articles, claims, verdicts, speakers, outlets, ratings and ClaimReview.

One small view per operation: parse with an input serializer, call one service, render with
an output serializer. Permissions by role are on each view; the services check again.
"""
