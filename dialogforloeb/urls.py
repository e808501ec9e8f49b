app_name = "dialogforloeb"

urlpatterns: list = []
