from django.urls import path

from . import views

app_name = "dialogforloeb"

urlpatterns = [
    path("", views.forloeb_list, name="list"),
    path("eskalering/", views.eskalering, name="eskalering"),
    path("godkendelser/", views.godkendelser, name="godkendelser"),
    path("ny/<int:enhed_pk>/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/<slug:action>/", views.action, name="action"),
    path("agterskrivelse/<int:pk>/", views.agterskrivelse, name="agterskrivelse"),
    path("afgoerelse/<int:pk>/", views.afgoerelse, name="afgoerelse"),
    path("agterskrivelse/<int:pk>/autosave/", views.agterskrivelse_autosave, name="agterskrivelse_autosave"),
    # The four-eyes pages of both kinds of letter: kind is "agterskrivelse" or "afgoerelse".
    path("<slug:kind>/<int:pk>/udkast.pdf", views.udkast_pdf, name="udkast_pdf"),
    path("<slug:kind>/<int:pk>/udkast.html", views.udkast_html, name="udkast_html"),
    path("<slug:kind>/<int:pk>/handling/<slug:action>/", views.udkast_post, name="udkast_post"),
    path("<slug:kind>/<int:pk>/<slug:action>/", views.udkast_action, name="udkast_action"),
]
