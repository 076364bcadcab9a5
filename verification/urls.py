from django.urls import path

from verification import views

app_name = "verification"

urlpatterns = [
    path("<str:token>/", views.verify, name="verify"),
]
