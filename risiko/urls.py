app_name = "risiko"

urlpatterns: list = []
