from django.urls import path

from . import views

app_name = "frister"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("overskredne/", views.overskredne, name="overskredne"),
    path("arbejdsdag/", views.arbejdsdag, name="arbejdsdag"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/forlaeng/", views.extend, name="extend"),
    path("<int:pk>/opfyld/", views.fulfil, name="fulfil"),
    path("<int:pk>/suspender/", views.suspension, {"action": "suspend"}, name="suspend"),
    path("<int:pk>/genoptag/", views.suspension, {"action": "resume"}, name="resume"),
    path("notifikationer/", views.notifikationer, name="notifikationer"),
    path("notifikationer/alle-laest/", views.notifikationer_alle_laest, name="notifikationer_alle_laest"),
    path("notifikationer/<int:pk>/", views.notifikation_aabn, name="notifikation_aabn"),
    path("notifikationer/<int:pk>/laest/", views.notifikation_laest, name="notifikation_laest"),
]
