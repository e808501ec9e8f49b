from django.contrib.auth import views as auth_views
from django.urls import path

from sso import views as sso_views

from . import konto, views

urlpatterns = [
    path("", views.overblik, name="overblik"),
    path("log-ind/", sso_views.LoginView.as_view(authentication_form=konto.LoginForm), name="login"),
    path("log-af/", auth_views.LogoutView.as_view(), name="logout"),
    path("skift-adgangskode/", konto.PasswordChange.as_view(), name="password_change"),
    path("soeg/", views.search, name="search"),
    path("tilbud/", views.enhed_list, {"art": "tilbud"}, name="tilbud_list"),
    path("tilbud/ny/", views.enhed_edit, {"art": "tilbud"}, name="tilbud_create"),
    path("tilbud/<int:pk>/", views.enhed_detail, {"art": "tilbud"}, name="tilbud_detail"),
    path("tilbud/<int:pk>/rediger/", views.enhed_edit, {"art": "tilbud"}, name="tilbud_edit"),
    path("tilbud/<int:pk>/<slug:tab>/", views.enhed_detail, {"art": "tilbud"}, name="tilbud_tab"),
    path("plejefamilier/", views.enhed_list, {"art": "plejefamilie"}, name="plejefamilie_list"),
    path("plejefamilier/ny/", views.enhed_edit, {"art": "plejefamilie"}, name="plejefamilie_create"),
    path("plejefamilier/<int:pk>/", views.enhed_detail, {"art": "plejefamilie"}, name="plejefamilie_detail"),
    path("plejefamilier/<int:pk>/rediger/", views.enhed_edit, {"art": "plejefamilie"}, name="plejefamilie_edit"),
    path("plejefamilier/<int:pk>/<slug:tab>/", views.enhed_detail, {"art": "plejefamilie"}, name="plejefamilie_tab"),
    path("tilsynsbesoeg/", views.besoeg_list, name="besoeg_list"),
    path("tilsynsbesoeg/besoegsplan/", views.besoegsplan, name="besoegsplan"),
    path("tilsynsbesoeg/<int:pk>/", views.besoeg_detail, name="besoeg_detail"),
    path("tilsynsbesoeg/<int:pk>/rediger/", views.besoeg_edit, name="besoeg_edit"),
    path("enheder/<int:enhed_pk>/tilsynsbesoeg/ny/", views.besoeg_create, name="besoeg_create"),
]
