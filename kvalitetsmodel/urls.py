app_name = "kvalitetsmodel"

urlpatterns: list = []
