from django.urls import path

from cards import offline, views

app_name = "cards"

urlpatterns = [
    path("", views.card_page, name="card"),
    path("tata-letak/", views.set_layout, name="layout"),
    path("foto/", views.photo_page, name="photo_page"),
    path("foto/potong/", views.photo_crop, name="photo_crop"),
    path("foto/gunakan/", views.photo_confirm, name="photo_confirm"),
    path("foto/batal/", views.photo_discard, name="photo_discard"),
    path("foto/<int:pk>.jpg", views.photo_image, name="photo"),
    path("foto/<int:pk>/sumber.jpg", views.photo_source, name="photo_source"),
    path("unduh/<str:name>", views.download, name="download"),
    path("cetak/", views.print_view, name="print"),
    path("sw.js", offline.service_worker, name="service_worker"),
    path("luring/", offline.offline_page, name="offline"),
    path("luring/data.json", offline.offline_data, name="offline_data"),
]
