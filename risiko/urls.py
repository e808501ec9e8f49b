from django.urls import path

from . import views

app_name = "risiko"

urlpatterns = [
    path("", views.overblik, name="overblik"),
    path("enheder/<int:enhed_pk>/vurder/", views.vurder, name="vurder"),
    path("vurderinger/<int:pk>/", views.vurdering_detail, name="vurdering_detail"),
]
