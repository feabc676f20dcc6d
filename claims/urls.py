"""The review screens, routed at the site root (``claims:``)."""

from django.urls import path

from claims.views import articles, bulk, corrections, desk, manage, public, queue, review, submit

app_name = "claims"
urlpatterns = [
    path("queue/", queue.queue, name="queue"),
    path("queue/take-next", queue.take_next, name="take-next"),
    path("queue/bulk", bulk.queue_bulk, name="queue-bulk"),
    path("submit/", submit.submit, name="submit"),
    path("articles/", articles.article_index, name="article-list"),
    path("articles/<int:pk>/", articles.article_detail, name="article-detail"),
    path("articles/<int:pk>/progress", submit.progress, name="article-progress"),
    path("articles/<int:pk>/reingest", articles.reingest, name="article-reingest"),
    path("claims/<int:pk>/", desk.desk, name="desk"),
    path("claims/<int:pk>/take", desk.take, name="take"),
    path("claims/<int:pk>/release", desk.release, name="release"),
    path("claims/<int:pk>/take-over", desk.take_over, name="take-over"),
    path("claims/<int:pk>/sources", desk.add_source, name="add-source"),
    path("claims/<int:pk>/library", desk.library_search, name="library-search"),
    path("claims/<int:pk>/gather", desk.gather, name="gather"),
    path("claims/<int:pk>/verdict", desk.verdict_save, name="verdict-save"),
    path("claims/<int:pk>/assign", manage.assign, name="assign"),
    path("claims/<int:pk>/dismiss", manage.dismiss, name="dismiss"),
    path("claims/<int:pk>/reopen", manage.reopen, name="reopen"),
    path("claims/<int:pk>/priority", manage.set_priority, name="priority"),
    path("evidence/<int:pk>/decide", desk.decide, name="evidence-decide"),
    path("markdown-preview", desk.markdown_preview, name="markdown-preview"),
    path("review/", review.review_list, name="review"),
    path("review/<int:pk>/", review.review_detail, name="review-detail"),
    path("review/<int:pk>/approve", review.approve, name="approve"),
    path("review/<int:pk>/return", review.send_back, name="return"),
    path("review/<int:pk>/correct", corrections.correct, name="correct"),
    path("review/<int:pk>/retract", corrections.retract, name="retract"),
    path("verdicts/<int:pk>/", public.verdict_public, name="verdict-public"),
]
