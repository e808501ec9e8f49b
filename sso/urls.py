from django.urls import path

from . import views

app_name = "sso"

urlpatterns = [
    path("callback/", views.SsoCallbackView.as_view(), name="callback"),
    path("fejl/", views.fejl, name="fejl"),
    path("<slug:slug>/", views.SsoLoginView.as_view(), name="login"),
]
