app_name = "frister"

urlpatterns: list = []
