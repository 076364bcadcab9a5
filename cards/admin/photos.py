"""Card photos in the admin: thumbnails, the photo history inline, and the photo itself."""

import io

from django.contrib import admin
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from PIL import Image

from cards.files import private_file_response
from cards.models import PhotoVersion


def photo_url(photo: PhotoVersion) -> str:
    return reverse("admin:accounts_employee_photo", args=[photo.employee_id, photo.pk])


# Lists show the photo this small; a 600 × 800 card photo there would be ~60 KB a row.
THUMBNAIL_WIDTH = 75


def photo_img(photo: PhotoVersion | None, width: int) -> str:
    if photo is None:
        return "—"
    url = photo_url(photo) + ("?ukuran=kecil" if width <= THUMBNAIL_WIDTH else "")
    return format_html(
        '<img src="{}" width="{}" height="{}" alt="" loading="lazy">',
        url,
        width,
        width * 4 // 3,
    )


def thumbnail_jpeg(image_file) -> bytes:
    """The card photo at THUMBNAIL_WIDTH px, decoded at 1/8 scale by libjpeg (no full decode)."""
    with image_file.open("rb") as f, Image.open(f) as image:
        image.draft("RGB", (THUMBNAIL_WIDTH, THUMBNAIL_WIDTH * 4 // 3))
        image.thumbnail((THUMBNAIL_WIDTH, THUMBNAIL_WIDTH * 4 // 3))
        out = io.BytesIO()
        image.convert("RGB").save(out, "JPEG", quality=80)
    return out.getvalue()


def photo_response(request, employee, photo_id: int) -> HttpResponse:
    """A photo of the employee, to HR of their agency only (never a public media URL).

    `employee` is what the scoped admin found for the officer: None outside their agency.
    """
    if employee is None or not request.user.has_perm("cards.view_photoversion"):
        raise Http404
    version = get_object_or_404(
        PhotoVersion.objects.exclude(status=PhotoVersion.Status.CANDIDATE),
        pk=photo_id,
        employee=employee,
    )
    if request.GET.get("ukuran") == "kecil":
        return private_file_response(thumbnail_jpeg(version.image), "image/jpeg")
    return private_file_response(version.image, "image/jpeg")


class PhotoHistoryInline(admin.TabularInline):
    model = PhotoVersion
    fk_name = "employee"
    extra = 0
    can_delete = False
    fields = ("thumbnail", "status", "uploaded_at", "confirmed_at", "uploader")
    readonly_fields = fields
    verbose_name_plural = pgettext_lazy("plural", "riwayat foto kartu")
    template = "admin/cards/photo_history_inline.html"

    def get_queryset(self, request):
        versions = super().get_queryset(request).select_related("uploaded_by")
        return versions.exclude(status=PhotoVersion.Status.CANDIDATE)

    @admin.display(description=_("foto"))
    def thumbnail(self, photo):
        return photo_img(photo, 60)

    @admin.display(description=_("diunggah oleh"))
    def uploader(self, photo):
        return photo.uploaded_by or "—"

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False
