"""Routes of the evidence app, mounted at /library/."""

from django.urls import path

from evidence import views

app_name = "evidence"
urlpatterns = [
    path("", views.library, name="library"),
    path("add/", views.document_add, name="document-add"),
    path("<int:pk>/", views.document_detail, name="document"),
    path("<int:pk>/edit/", views.document_edit, name="document-edit"),
    path("<int:pk>/delete/", views.document_delete, name="document-delete"),
]
