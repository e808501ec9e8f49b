
app_name = "sso"

urlpatterns: list = []
