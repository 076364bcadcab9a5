from django.contrib import admin
from django.urls import include, path, re_path

from cards import offline as card_offline
from mysapk import views as portal
from verification import scanner, wellknown
from verification import views as verification_views

urlpatterns = [
    path("", portal.home, name="home"),
    path("layanan/", portal.services, name="services"),
    path("layanan/kartu-asn/", include("cards.urls")),
    path("v/", include("verification.urls")),
    path("pindai/", scanner.scanner_page, name="scanner"),
    path("pindai/sw.js", scanner.service_worker, name="scanner_worker"),
    path("", include("accounts.urls")),
    path("healthz/", portal.healthz, name="healthz"),
    path("robots.txt", portal.robots_txt),
    path("manifest.webmanifest", card_offline.manifest, name="manifest"),
    path("i18n/", include("django.conf.urls.i18n")),
    path(".well-known/kartu-asn/jwks.json", wellknown.jwks, name="jwks"),
    path(".well-known/kartu-asn/status", wellknown.status, name="status-list"),
    # Only the captcha picture, limited per address like the verification pages; the
    # library's own refresh endpoint has no limit, so new pictures come from verification.
    re_path(
        r"^captcha/image/(?P<key>\w+)/$", verification_views.captcha_image, name="captcha-image"
    ),
    path("admin/", admin.site.urls),
]

handler403 = portal.error_page("403.html", 403)
handler404 = portal.error_page("404.html", 404)
handler500 = portal.error_page("500.html", 500)
