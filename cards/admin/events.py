"""The card audit trail: every CardEvent of the officer's agency, with its author."""

from django.contrib import admin
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext_lazy as _

from accounts.hr.scoping import ReadOnlyScopedAdmin
from accounts.models import Employee
from cards.models import CardEvent


def describe(event: CardEvent) -> str:
    detail = event.detail or {}
    if event.kind == CardEvent.Kind.REVOKED:
        return _("Alasan: %(reason)s") % {"reason": detail.get("reason", "")}
    if event.kind == CardEvent.Kind.DATA_CHANGED:
        values = detail.get("values", {})
        return ", ".join(
            _describe_value(field, values.get(field)) for field in detail.get("fields", [])
        )
    if event.kind == CardEvent.Kind.LAYOUT_CHANGED:
        return str(detail.get("orientation", "")).capitalize()
    return ""


def _describe_value(attname: str, values) -> str:
    label = str(_field_label(attname))
    if not values:
        return label
    old, new = ("" if v is None else v for v in values)
    return f"{label} “{old}” → “{new}”"


def _field_label(attname: str):
    try:
        return Employee._meta.get_field(attname.removesuffix("_id")).verbose_name
    except FieldDoesNotExist:
        return attname


class CardEventAdmin(ReadOnlyScopedAdmin):
    agency_path = "card__employee__agency"
    date_hierarchy = "created_at"
    list_display = ("created_at", "employee", "card_number", "kind", "what", "actor", "revision")
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
