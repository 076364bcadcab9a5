"""The card on the phone without network: web app manifest, service worker, offline page.

The card files are private and sent no-store, so nothing reaches the offline copy through
HTTP caching. The service worker (static/js/sw.js) stores the current card's PNG sides in
Cache Storage, under a cache named for the user, only when the holder asks for it on the
card page ("Simpan kartu di ponsel ini") or opens the card from the home screen; logging out
wipes it (accounts.login.views.logout sends Clear-Site-Data, the page tells the worker).
"""

from django.contrib.staticfiles import finders
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from accounts.templatetags.waktu import tanggal_jam
from cards import outputs, services

THEME_COLOUR = "#0b3b66"  # --navy in static/css/portal.css
BACKGROUND_COLOUR = "#f3f5f9"  # --bg
# What the offline page needs besides itself; the sides' PNGs are added per card.
OFFLINE_ASSETS = ("css/portal.css", "js/kartu-luring.js", "img/lambang-kartu.svg") + tuple(
    f"fonts/plus-jakarta-sans-latin-{weight}-normal.woff2" for weight in (400, 600, 700)
)


@require_GET
def manifest(request):
    icons = [
        {"src": static("img/icons/ikon-192.png"), "sizes": "192x192", "type": "image/png"},
        {"src": static("img/icons/ikon-512.png"), "sizes": "512x512", "type": "image/png"},
        {"src": static("img/icons/ikon-maskable-512.png"), "sizes": "512x512",
         "type": "image/png", "purpose": "maskable"},
    ]  # fmt: skip
    card_page = reverse("cards:card")
    body = {
        "id": card_page,
        "name": _("Kartu ASN Virtual"),
        "short_name": _("Kartu ASN"),
        "description": _("Kartu ASN Virtual Anda, juga tanpa jaringan."),
        "lang": request.LANGUAGE_CODE,
        "start_url": card_page,
        "scope": card_page,
        "display": "standalone",
        "theme_color": THEME_COLOUR,
        "background_color": BACKGROUND_COLOUR,
        "icons": icons,
    }
    response = JsonResponse(body, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/manifest+json"
    response["Cache-Control"] = "no-cache"
    return response


@require_GET
def service_worker(request):
    """Served from the card's path so that its scope is the card's pages and nothing else."""
    with open(finders.find("js/sw.js"), "rb") as f:
        response = HttpResponse(f.read(), content_type="application/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"  # a new worker is picked up on the next visit
    return response


@require_GET
def offline_page(request):
    """The page shown without network. It carries no personal data (the worker stores it
    fetched without cookies); its script reads the stored sides from Cache Storage."""
    response = render(request, "cards/offline.html")
    response["Cache-Control"] = "no-cache"
    return response


@require_GET
@never_cache
def offline_data(request):
    """What the card page hands the worker to store: the current sides and when."""
    if not request.user.is_authenticated:
        return JsonResponse({"kartu": None}, status=403)
    card = services.card_for(request.user)
    if card is None or card.is_revoked:
        return JsonResponse({"kartu": None})  # nothing is kept that would show as valid
    printed = outputs.printed_state(card)
    now = timezone.now()
    return JsonResponse({
        "kartu": {
            "versi": outputs.render_key(printed, "depan.png")[:32],
            "tata_letak": card.orientation,
            "disimpan_pada": now.isoformat(),
            "disimpan": _("Disimpan sejak %(waktu)s") % {"waktu": tanggal_jam(now)},
            "sisi": [
                {"url": reverse("cards:download", args=[f"{side}.png"]), "nama": side,
                 "label": _("Sisi depan") if side == "depan" else _("Sisi belakang")}
                for side in ("depan", "belakang")
            ],
        },
        "halaman": reverse("cards:offline"),
        "aset": [static(path) for path in OFFLINE_ASSETS],
        "teks": _switch_texts(),
    })  # fmt: skip


def _switch_texts() -> dict[str, str]:
    """The card page's "keep on this phone" panel, which its script adds where it can work."""
    return {
        "judul": _("Kartu di ponsel ini"),
        "penjelasan": _(
            "Simpan gambar kartu (sisi depan dan belakang, tata letak yang dipilih) di ponsel "
            "ini agar tetap dapat ditunjukkan tanpa jaringan. Gambar diperbarui setiap kali "
            "halaman ini dibuka dan dihapus saat Anda keluar. Jangan simpan di perangkat "
            "bersama."
        ),
        "tombol": _("Simpan kartu di ponsel ini"),
        "menyimpan": _("Menyimpan kartu…"),
        "dihapus": _("Kartu tidak disimpan di ponsel ini."),
        "gagal": _("Kartu belum dapat disimpan. Coba lagi saat jaringan stabil."),
    }
