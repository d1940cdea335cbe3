from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from partnerships import views as partnership_views

from .api import router

urlpatterns = [
    path("", partnership_views.home, name="home"),
    path("health/", partnership_views.health, name="health"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("partnerschappen/", include("partnerships.urls")),
    path("bestuur/", include("partnerships.governance.urls")),
    path("casussen/", include("cases.urls")),
    path("matching/", include("matching.urls")),
    path("rapportering/", include("reporting.urls")),
    path("api/", include(router.urls)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("admin/", admin.site.urls),
]
# Uploaded and generated files (proof documents, reports, exports) are never
# served from MEDIA_URL: each app serves them through a view that checks access.
