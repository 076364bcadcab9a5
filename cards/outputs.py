"""What a card looks like in each form, and the cache of rendered files.

A rendered file is found by a key derived from everything printed on it (the card face, the
photo version, the layout, the side and the template version). Any change of data, photo or
layout therefore gives a new key and a fresh render; a repeat download is a row and file read.
"""

import hashlib
import json
from dataclasses import asdict, dataclass

from django.conf import settings
from django.core.cache import caches
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header

from cards import rendering
from cards.models import Card, RenderedFile
from cards.signing.card_payload import qr_fragment

SIGNED_DOWNLOAD_SECONDS = 60  # how long a signed link to a stored render opens it
HOT_SECONDS = 24 * 3600  # renders are immutable under their key; the cache only saves a read
CONTENT_TYPES = {"png": "image/png", "pdf": "application/pdf"}
# download name -> (format, side); side None is the A4 print sheet with both sides
DOWNLOADS = {
    "depan.png": ("png", "depan"),
    "belakang.png": ("png", "belakang"),
    "depan.pdf": ("pdf", "depan"),
    "belakang.pdf": ("pdf", "belakang"),
    "kartu.pdf": ("pdf", None),
}


@dataclass(frozen=True)
class Rendered:
    filename: str
    content_type: str
    content: bytes


def verify_url(card: Card) -> str:
    return settings.PUBLIC_BASE_URL + reverse("verification:verify", args=[card.token])


def qr_content(card: Card) -> str:
    """What the QR code holds: the live verification URL, then after "#" the signed payload
    (a browser never sends the fragment to the server)."""
    return f"{verify_url(card)}#{qr_fragment(card)}"


def card_face(card: Card, with_photo: bool = True) -> rendering.CardFace:
    employee = card.employee
    photo = None
    if with_photo and card.photo_id:
        with card.photo.image.open("rb") as f:
            photo = f.read()
    return rendering.CardFace(
        full_name=employee.full_name,
        nip=employee.nip,
        asn_type=employee.asn_type,
        position=employee.position,
        agency=employee.agency.name if employee.agency_id else "",
        work_unit=employee.work_unit.name if employee.work_unit_id else "",
        rank_label=employee.rank_label,
        card_number=card.number,
        # The date in WIB (settings.TIME_ZONE), whoever asks: 03:02 WIB is not yesterday.
        issued_on=timezone.localdate(card.issued_at, timezone.get_default_timezone()),
        verify_url=qr_content(card),  # the payload is printed, so it is part of the render key
        photo=photo,
    )


def printed_state(card: Card) -> dict:
    """Everything that decides how the card looks: the input of every render cache key."""
    printed = asdict(card_face(card, with_photo=False))
    printed.update(
        photo=card.photo_id, orientation=card.orientation, template=rendering.TEMPLATE_VERSION
    )
    return printed


def render_key(printed: dict, name: str) -> str:
    fmt, side = DOWNLOADS[name]
    blob = json.dumps({**printed, "format": fmt, "side": side}, sort_keys=True, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()


def download_name(card: Card, name: str) -> str:
    stem, ext = name.rsplit(".", 1)
    label = "cetak" if stem == "kartu" else stem
    return f"kartu-asn-{card.employee.nip}-{card.orientation}-{label}.{ext}"


def render_download(card: Card, name: str) -> Rendered:
    """The file behind a download link, from the cache when nothing printed has changed."""
    fmt, side = DOWNLOADS[name]
    printed = printed_state(card)
    key = render_key(printed, name)
    hot = caches["renders"].get(f"render:{key}")
    if hot is not None:
        return Rendered(download_name(card, name), CONTENT_TYPES[fmt], hot)
    cached = RenderedFile.objects.filter(key=key).first()
    if cached is not None:
        try:
            with cached.file.open("rb") as f:
                content = f.read()
            caches["renders"].set(f"render:{key}", content, HOT_SECONDS)
            return Rendered(download_name(card, name), cached.content_type, content)
        except FileNotFoundError:
            cached.delete()
    if side is None:
        rendered = {name: rendering.render_print_sheet(card_face(card), card.orientation)}
    else:
        # One layout of the card gives all four per-side files; store them all at once.
        rendered = rendering.render_sides(card_face(card), card.orientation)
    keys = {other: render_key(printed, other) for other in DOWNLOADS}
    files = {keys[other]: (DOWNLOADS[other][0], content) for other, content in rendered.items()}
    _store(card, files, current=keys.values())
    for other, content in rendered.items():
        caches["renders"].set(f"render:{keys[other]}", content, HOT_SECONDS)
    return Rendered(download_name(card, name), CONTENT_TYPES[fmt], rendered[name])


def signed_download(card: Card, name: str) -> str | None:
    """A short-lived signed link to the stored file, when the storage signs links (S3).

    The bytes then go from the bucket to the browser without passing through the portal. The
    link opens the one object for SIGNED_DOWNLOAD_SECONDS; the object itself stays private
    (no unsigned URL reaches it). The browser is told to save it under the download name and
    to keep no copy, as the portal says for the files it sends itself. None when the storage
    does not sign links (files under DATA_DIR): the portal sends the bytes.
    """
    storage = RenderedFile._meta.get_field("file").storage
    if not getattr(storage, "querystring_auth", False):
        return None
    fmt, _side = DOWNLOADS[name]
    key = render_key(printed_state(card), name)
    local = caches["renders"]
    stored = local.get(f"object:{key}")
    if stored is None:
        stored = RenderedFile.objects.filter(key=key).values_list("file", flat=True).first()
        if stored is not None and not storage.exists(stored):
            # Lost from the bucket (checked once per process and render): draw it again.
            RenderedFile.objects.filter(key=key).delete()
            stored = None
        if stored is None:
            local.delete(f"render:{key}")
            render_download(card, name)  # drawn now, and stored with the other sides
            stored = RenderedFile.objects.values_list("file", flat=True).get(key=key)
        # A render never changes under its key: the object's name can be kept.
        local.set(f"object:{key}", stored, HOT_SECONDS)
    return storage.url(
        stored,
        parameters={
            "ResponseContentType": CONTENT_TYPES[fmt],
            "ResponseContentDisposition": content_disposition_header(
                True, download_name(card, name)
            ),
            "ResponseCacheControl": "private, no-store",
        },
        expire=SIGNED_DOWNLOAD_SECONDS,
    )


def _store(card: Card, files: dict[str, tuple[str, bytes]], current) -> None:
    """Keep new renders as rows with files; drop the card's renders that no key can reach."""
    present = set(RenderedFile.objects.filter(key__in=files).values_list("key", flat=True))
    for key, (fmt, content) in files.items():
        if key in present:
            continue
        row = RenderedFile(key=key, card=card, content_type=CONTENT_TYPES[fmt])
        row.file.save(f"render.{fmt}", ContentFile(content), save=False)
        try:
            with transaction.atomic():
                row.save()
        except IntegrityError:  # a concurrent request stored the same render
            row.file.delete(save=False)
    stale = RenderedFile.objects.filter(card=card).exclude(key__in=list(current))
    for old in stale:
        old.file.delete(save=False)
    stale.delete()
