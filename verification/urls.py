from django.urls import path

from verification import views

app_name = "verification"

urlpatterns = [
    path("captcha/baru/", views.new_captcha, name="new_captcha"),
    path("captcha/suara/<str:key>/", views.captcha_audio, name="captcha_audio"),
    path("foto/<str:signed>/", views.photo, name="photo"),
    path("<str:token>/", views.verify, name="verify"),
]
