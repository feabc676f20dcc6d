"""Routes of the match review screen, mounted at /matches/ (``archive:``)."""

from django.urls import path

from archive import views

app_name = "archive"
urlpatterns = [
    path("", views.match_review, name="matches"),
    path("bulk", views.match_bulk, name="match-bulk"),
    path("<int:pk>/confirm", views.match_decide, {"action": "confirm"}, name="match-confirm"),
    path("<int:pk>/reject", views.match_decide, {"action": "reject"}, name="match-reject"),
    path("<int:pk>/undo", views.match_decide, {"action": "undo"}, name="match-undo"),
]
