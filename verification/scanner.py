""" "Pindai Kartu" (/pindai/): a guard's scanner that checks a card's signed QR without network.

The page reads the QR from the camera or a photo with zxing-wasm and checks the signature in
the browser (frontend/src/pindai.entry.js, bundled into static/js/build/). Its own service
worker (static/js/pindai-sw.js, served from /pindai/sw.js so that its scope is this page)
keeps the page, its scripts, the WebAssembly decoder, the JWKS and the status list, so that
after one visit it works in airplane mode. Only this page may compile WebAssembly
('wasm-unsafe-eval') and use the camera; every other page keeps the strict policy.
"""

import hashlib
import json

from csp.decorators import csp_update
from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

CACHE_PREFIX = "pindai-kartu-"  # apart from the card's "kartu-asn-" caches (static/js/sw.js)
ASSETS = (
    "css/portal.css",
    "css/verification.css",
    "css/pindai.css",
    "js/build/pindai.js",
    "js/build/zxing_reader.wasm",
    "js/focus-after-post.js",
    "js/kartu-luring.js",
    "img/lambang-kartu.svg",
) + tuple(f"fonts/plus-jakarta-sans-latin-{weight}-normal.woff2" for weight in (400, 600, 700))


@require_GET
@csp_update({"script-src": ["'wasm-unsafe-eval'"]})
def scanner_page(request):
    # The worker keeps a copy fetched without cookies and asks for it in the visitor's language.
    language = request.GET.get("bahasa")
    if language not in dict(settings.LANGUAGES):
        language = translation.get_language()
    with translation.override(language):
        response = render(request, "verification/pindai.html", {"texts": _texts()})
    response["Permissions-Policy"] = "camera=(self)"
    response["Cache-Control"] = "no-cache"
    return response


@require_GET
def service_worker(request):
    """The worker with what it keeps: the asset URLs as served (hashed in production), so a
    new build or a new release is a new worker, which drops the old copy."""
    with open(finders.find("js/pindai-sw.js"), encoding="utf-8") as f:
        source = f.read()
    config = {
        "page": reverse("scanner"),
        "assets": [static(path) for path in ASSETS],
        "data": [reverse("jwks"), reverse("status-list")],
    }
    version = hashlib.sha256((json.dumps(config) + source).encode()).hexdigest()[:16]
    config["cache"] = CACHE_PREFIX + version
    body = f"self.PINDAI = {json.dumps(config)};\n{source}"
    response = HttpResponse(body, content_type="application/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"  # a new worker is picked up on the next visit
    return response


def _texts() -> dict[str, str]:
    """What the script says as it works; the verdicts are the page's own <template>s."""
    return {
        "checking": _("Memeriksa tanda tangan digital…"),
        "cameraOpening": _("Membuka kamera…"),
        "cameraOn": _("Kamera menyala. Arahkan ke kode QR pada kartu."),
        "cameraDenied": _(
            "Izin kamera ditolak. Izinkan kamera untuk situs ini di pengaturan peramban, atau "
            "pilih foto kartu."
        ),
        "cameraMissing": _("Kamera tidak ditemukan di perangkat ini. Pilih foto kartu."),
        "cameraFailed": _(
            "Kamera tidak dapat dibuka. Tutup aplikasi lain yang memakai kamera, atau pilih "
            "foto kartu."
        ),
        "cameraUnsupported": _(
            "Peramban ini tidak dapat membuka kamera di halaman ini. Pilih foto kartu."
        ),
        "cameraOff": _("Kamera ditutup."),
        "photoReading": _("Membaca foto…"),
        "photoNoCode": _(
            "Kode QR tidak ditemukan di foto. Foto sisi depan kartu lebih dekat, di tempat "
            "terang, tidak buram, dengan seluruh kode QR terlihat."
        ),
        "photoUnreadable": _(
            "Berkas ini tidak dapat dibuka sebagai gambar. Pilih foto JPEG atau PNG."
        ),
        "readerFailed": _(
            "Pembaca kode QR tidak dapat dimuat. Muat ulang halaman ini saat terhubung ke internet."
        ),
        "statusAsOf": _("Status kartu per %(waktu)s"),
        "statusMissing": _("Daftar status kartu belum tersimpan di perangkat ini."),
        "offlineReady": _(
            "Siap dipakai tanpa jaringan: halaman ini, kunci pemeriksaan, dan daftar status "
            "kartu tersimpan di perangkat ini."
        ),
        "offlineNow": _(
            "Tanpa jaringan: memakai kunci pemeriksaan dan daftar status yang tersimpan."
        ),
    }
