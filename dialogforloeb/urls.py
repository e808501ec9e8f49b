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
    path("agterskrivelse/<int:pk>/udkast.pdf", views.agterskrivelse_pdf, name="agterskrivelse_pdf"),
    path("agterskrivelse/<int:pk>/handling/<slug:action>/", views.agterskrivelse_post, name="agterskrivelse_post"),
    path("agterskrivelse/<int:pk>/<slug:action>/", views.agterskrivelse_action, name="agterskrivelse_action"),
    path("afgoerelse/<int:pk>/<slug:action>/", views.afgoerelse_action, name="afgoerelse_action"),
]
