"""The project's URLs: the core register and one include per domain app."""

from django.contrib import admin
from django.urls import include, path

from api import v1 as api_v1
from tilsyn.drift import healthz

admin.site.site_header = "Tilsyn · administration"
admin.site.site_title = "Tilsyn"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("frister/", include("frister.urls")),
    path("kvalitet/", include("kvalitetsmodel.urls")),
    path("risiko/", include("risiko.urls")),
    path("dialogforloeb/", include("dialogforloeb.urls")),
    path("dokumenter/", include("dokumenter.urls")),
    path("api/v1/", api_v1.urls()),
    path("api-noegler/", include("api.urls")),
    path("sso/", include("sso.urls")),
    path("", include("tilsyn.urls")),
]
