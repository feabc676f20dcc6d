from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from factcheck import views
from factcheck.api import http_errors
from factcheck.metrics import metrics_view

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    path("metrics", metrics_view, name="metrics"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/", include("factcheck.account_urls")),
    path("library/", include("evidence.urls")),
    path("reports/", include("claims.reports.urls")),
    path("matches/", include("archive.urls")),
    path("api/v1/", include("factcheck.api_urls")),
    path("admin/", admin.site.urls),
    path("", include("claims.urls")),
]

# Django's own error pages, except under /api/, where they answer in the API's JSON error body.
handler400 = http_errors.bad_request
handler403 = http_errors.permission_denied
handler404 = http_errors.page_not_found
handler500 = http_errors.server_error
