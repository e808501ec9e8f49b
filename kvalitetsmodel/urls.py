from django.urls import path

from . import views

app_name = "kvalitetsmodel"

urlpatterns = [
    path("enhed/<int:enhed_pk>/ny/", views.start, name="start"),
    path("vurdering/<int:pk>/", views.detail, name="detail"),
    path("vurdering/<int:pk>/udfyld/", views.udfyld, name="udfyld"),
    path("vurdering/<int:pk>/bedoemmelse/<int:bpk>/", views.bedoemmelse_gem, name="bedoemmelse_gem"),
    path("vurdering/<int:pk>/tekst/", views.tekst_gem, name="tekst_gem"),
    path("vurdering/<int:pk>/generelt/", views.generelt_gem, name="generelt_gem"),
    path("vurdering/<int:pk>/afslut/", views.afslut, name="afslut"),
    path("vurdering/<int:pk>/ret/", views.ret, name="ret"),
    path("vurdering/<int:pk>/tilsynsrapport/", views.rapport_udarbejd, name="rapport"),
]
