"""The project's URLs: the core register and one include per domain app."""

from django.contrib import admin
from django.urls import include, path

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
    path("", include("tilsyn.urls")),
]
