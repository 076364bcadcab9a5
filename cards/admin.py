"""The card side of the HR admin: card columns, photos, revoke/re-issue and the card audit trail.

`accounts` knows nothing of cards, so the employee admin registered there is replaced here
by a subclass that adds what belongs to cards.
"""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.admin import EmployeeAdmin
from accounts.admin_scope import ReadOnlyScopedAdmin
from accounts.models import Employee
from cards import admin_actions
from cards.models import CardEvent, PhotoVersion

admin.site.unregister(Employee)


class CardStatusFilter(admin.SimpleListFilter):
    title = _("status kartu")
    parameter_name = "kartu"

    def lookups(self, request, model_admin):
        return [("berlaku", _("Berlaku")), ("dicabut", _("Dicabut")), ("belum", _("Belum terbit"))]

    def queryset(self, request, queryset):
        filters = {
            "berlaku": {"card__isnull": False, "card__revoked_at__isnull": True},
            "dicabut": {"card__revoked_at__isnull": False},
            "belum": {"card__isnull": True},
        }
        return queryset.filter(**filters[self.value()]) if self.value() in filters else queryset


def photo_url(photo: PhotoVersion) -> str:
    return reverse("admin:accounts_employee_photo", args=[photo.employee_id, photo.pk])


def photo_img(photo: PhotoVersion | None, width: int) -> str:
    if photo is None:
        return "—"
    return format_html(
        '<img src="{}" width="{}" height="{}" alt="" loading="lazy">',
        photo_url(photo),
        width,
        width * 4 // 3,
    )


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


@admin.register(Employee)
class EmployeeCardAdmin(EmployeeAdmin):
    list_display = ("photo_thumbnail", *EmployeeAdmin.list_display, "card_status")
    list_display_links = ("nip", "full_name")
    list_select_related = (*EmployeeAdmin.list_select_related, "card", "card__photo")
    list_filter = (*EmployeeAdmin.list_filter, CardStatusFilter)
    search_fields = (*EmployeeAdmin.search_fields, "card__number")
    inlines = [PhotoHistoryInline]
    actions = [*EmployeeAdmin.actions, "revoke_cards", "reissue_cards"]
    object_history_template = "admin/cards/employee_history.html"
    card_fields = ("card_number", "card_state", "masked_token", "card_revision")

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else []

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:
            return fieldsets
        return (*fieldsets, (_("Kartu ASN"), {"fields": self.card_fields}))

    def get_readonly_fields(self, request, obj=None):
        return (*super().get_readonly_fields(request, obj), *self.card_fields)

    def get_urls(self):
        photo = path(
            "<path:object_id>/foto/<int:photo_id>/",
            self.admin_site.admin_view(self.photo_view),
            name="accounts_employee_photo",
        )
        return [photo, *super().get_urls()]

    def photo_view(self, request, object_id, photo_id):
        """A photo of the employee, to HR of their agency only (never a public media URL)."""
        employee = self.get_object(request, unquote(object_id))
        if employee is None or not request.user.has_perm("cards.view_photoversion"):
            raise Http404
        version = get_object_or_404(
            PhotoVersion.objects.exclude(status=PhotoVersion.Status.CANDIDATE),
            pk=photo_id,
            employee=employee,
        )
        with version.image.open("rb") as f:
            response = HttpResponse(f.read(), content_type="image/jpeg")
        response["Cache-Control"] = "private, max-age=86400"
        return response

    def history_view(self, request, object_id, extra_context=None):
        employee = self.get_object(request, unquote(object_id))
        events = CardEvent.objects.filter(card__employee=employee).select_related("actor", "card")
        extra = {"card_events": [(e, describe(e)) for e in events] if employee else []}
        return super().history_view(request, object_id, {**(extra_context or {}), **extra})

    def has_card_permission(self, request):
        return request.user.has_perm("cards.change_card")

    @admin.action(description=_("Cabut kartu ASN (dengan alasan)"), permissions=["card"])
    def revoke_cards(self, request, queryset):
        return admin_actions.revoke(self, request, queryset)

    @admin.action(description=_("Terbitkan ulang kartu ASN (token dan nomor baru)"),
                  permissions=["card"])  # fmt: skip
    def reissue_cards(self, request, queryset):
        return admin_actions.reissue(self, request, queryset)

    @admin.display(description=_("foto"))
    def photo_thumbnail(self, employee):
        card = admin_actions.card_of(employee)
        return photo_img(card.photo if card else None, 36)

    @admin.display(description=_("status kartu"))
    def card_status(self, employee):
        card = admin_actions.card_of(employee)
        if card is None:
            return _("Belum terbit")
        return _("Dicabut") if card.is_revoked else _("Berlaku")

    @admin.display(description=_("nomor kartu"))
    def card_number(self, employee):
        card = admin_actions.card_of(employee)
        return card.number if card else "—"

    @admin.display(description=_("status kartu"))
    def card_state(self, employee):
        card = admin_actions.card_of(employee)
        if card is None or not card.is_revoked:
            return self.card_status(employee)
        return _("Dicabut: %(reason)s") % {"reason": card.revoke_reason}

    @admin.display(description=_("token verifikasi"))
    def masked_token(self, employee):
        # Enough to tell two tokens apart on the phone, not enough to forge a QR link.
        card = admin_actions.card_of(employee)
        return f"{'•' * 8}{card.token[-4:]}" if card else "—"

    @admin.display(description=_("revisi kartu"))
    def card_revision(self, employee):
        card = admin_actions.card_of(employee)
        return card.revision if card else "—"


def describe(event: CardEvent) -> str:
    detail = event.detail or {}
    if event.kind == CardEvent.Kind.REVOKED:
        return _("Alasan: %(reason)s") % {"reason": detail.get("reason", "")}
    if event.kind == CardEvent.Kind.DATA_CHANGED:
        names = [str(_field_label(f)) for f in detail.get("fields", [])]
        return ", ".join(names)
    if event.kind == CardEvent.Kind.LAYOUT_CHANGED:
        return str(detail.get("orientation", "")).capitalize()
    return ""


def _field_label(attname: str):
    try:
        return Employee._meta.get_field(attname.removesuffix("_id")).verbose_name
    except Exception:
        return attname


@admin.register(CardEvent)
class CardEventAdmin(ReadOnlyScopedAdmin):
    agency_path = "card__employee__agency"
    date_hierarchy = "created_at"
    list_display = ("created_at", "employee", "card_number", "kind", "actor", "revision", "what")
    list_filter = ("kind", "created_at", ("actor", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("card__employee", "actor")
    search_fields = ("card__employee__nip", "card__employee__name", "card__number")
    search_help_text = _("Cari dengan NIP, nama pegawai atau nomor kartu.")
    fields = ("created_at", "employee", "card_number", "kind", "actor", "revision", "what")
    readonly_fields = fields

    @admin.display(description=_("pegawai"), ordering="card__employee__name")
    def employee(self, event):
        return event.card.employee

    @admin.display(description=_("nomor kartu"))
    def card_number(self, event):
        return event.card.number

    @admin.display(description=_("rincian"))
    def what(self, event):
        return describe(event)
