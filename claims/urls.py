"""The review screens, routed at the site root (``claims:``)."""

from django.urls import path

from claims.views import articles, desk, desk_evidence, desk_shape, desk_verdict, manage, public, queue, review, submit

app_name = "claims"
urlpatterns = [
    path("queue/", queue.queue, name="queue"),
    path("queue/take-next", queue.take_next, name="take-next"),
    path("submit/", submit.submit, name="submit"),
    path("articles/", articles.article_index, name="article-list"),
    path("articles/<int:pk>/", articles.article_detail, name="article-detail"),
    path("articles/<int:pk>/progress", submit.progress, name="article-progress"),
    path("articles/<int:pk>/reingest", articles.reingest, name="article-reingest"),
    path("articles/<int:pk>/claims", desk_shape.add, name="claim-add"),
    path("claims/<int:pk>/", desk.desk, name="desk"),
    path("claims/<int:pk>/take", desk.take, name="take"),
    path("claims/<int:pk>/release", desk.release, name="release"),
    path("claims/<int:pk>/take-over", desk.take_over, name="take-over"),
    path("claims/<int:pk>/edit", desk_shape.edit, name="claim-edit"),
    path("claims/<int:pk>/split", desk_shape.split, name="claim-split"),
    path("claims/<int:pk>/merge", desk_shape.merge, name="claim-merge"),
    path("claims/<int:pk>/sources", desk_evidence.add_source, name="add-source"),
    path("claims/<int:pk>/library", desk_evidence.library_search, name="library-search"),
    path("claims/<int:pk>/gather", desk_evidence.gather, name="gather"),
    path("claims/<int:pk>/verdict", desk_verdict.verdict_save, name="verdict-save"),
    path("claims/<int:pk>/assign", manage.assign, name="assign"),
    path("claims/<int:pk>/dismiss", manage.dismiss, name="dismiss"),
    path("claims/<int:pk>/reopen", manage.reopen, name="reopen"),
    path("claims/<int:pk>/priority", manage.set_priority, name="priority"),
    path("evidence/<int:pk>/decide", desk_evidence.decide, name="evidence-decide"),
    path("markdown-preview", desk_verdict.markdown_preview, name="markdown-preview"),
    path("review/", review.review_list, name="review"),
    path("review/<int:pk>/", review.review_detail, name="review-detail"),
    path("review/<int:pk>/approve", review.approve, name="approve"),
    path("review/<int:pk>/return", review.send_back, name="return"),
    path("verdicts/<int:pk>/", public.verdict_public, name="verdict-public"),
]
