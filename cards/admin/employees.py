"""The Employee admin, defined once: the record, its card, photos, history and actions.

The employee's form and privilege rules come from `accounts.hr.admin`; the bulk import from
`accounts.hr.importing`. Saving an existing employee goes through
`cards.employees.update_employee`, so a change of printed data gives the card a new
revision with an event that names the officer.
"""

from urllib.parse import parse_qsl

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied
from django.urls import path
from django.utils.translation import gettext_lazy as _

from accounts.forms import EmployeeCreationForm
from accounts.hr.admin import (
    EMPLOYEE_FIELDSETS,
    NEW_EMPLOYEE_FIELDS,
    PRIVILEGE_FIELDS,
    send_password_reset,
)
from accounts.hr.audit import history_rows, with_values
from accounts.hr.importing.admin import EmployeeImportAdmin
from accounts.hr.roles import sees_all_agencies
from accounts.hr.scoping import AgencyScopedAdmin
from accounts.models import Employee
from accounts.nip import NIP_PATTERN
from cards import employees, tasks
from cards.admin import actions
from cards.admin.actions import card_of
from cards.admin.events import describe
from cards.admin.photos import PhotoHistoryInline, photo_img, photo_response
from cards.models import CardEvent

# Form fields that are not columns an officer edits (the password is never set here).
NOT_SAVED_BY_FORM = {"password", "groups", "user_permissions"}


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


class DropdownFilter(admin.ChoicesFieldListFilter):
    """A long list of choices (34 golongan) as one select instead of a column of links.

    A plain GET form, so it works without JavaScript: the other filters ride along as
    hidden fields, and "Semua" stays a link (an empty value would mean "no golongan").
    """

    template = "admin/filter_dropdown.html"

    def choices(self, changelist):
        everything, *options = super().choices(changelist)
        kept = parse_qsl(everything["query_string"].lstrip("?"), keep_blank_values=True)
        yield {**everything, "hidden": kept, "name": self.lookup_kwarg}
        for option in options:
            query = dict(parse_qsl(option["query_string"].lstrip("?"), keep_blank_values=True))
            yield {**option, "value": query.get(self.lookup_kwarg, "")}


def _update_employee(employee, changes, actor) -> dict:
    """cards.employees.update_employee; inside an import, the card is pre-rendered after it."""
    changed = employees.update_employee(employee, changes, actor)
    if changed:
        tasks.note_changed(employee.pk)
    return changed


class EmployeeAdmin(EmployeeImportAdmin, AgencyScopedAdmin, UserAdmin):
    update_employee = staticmethod(_update_employee)
    add_form = EmployeeCreationForm
    forced_agency_field = "agency"
    fieldsets = EMPLOYEE_FIELDSETS
    add_fieldsets = ((None, {"classes": ("wide",), "fields": NEW_EMPLOYEE_FIELDS}),)
    card_fields = ("card_number", "card_state", "masked_token", "card_revision")
    list_display = ("photo_thumbnail", "nip", "full_name", "asn_type", "status", "work_unit",
                    "card_status")  # fmt: skip
    list_display_links = ("nip", "full_name")
    list_filter = ("asn_type", "status", ("work_unit", admin.RelatedOnlyFieldListFilter),
                   ("rank", DropdownFilter), CardStatusFilter)  # fmt: skip
    list_select_related = ("agency", "work_unit", "card", "card__photo")
    list_per_page = 100
    search_fields = ("nip", "name", "card__number")
    search_help_text = _("Cari dengan NIP (boleh dengan spasi seperti di kartu) atau nama.")
    ordering = ("name",)
    autocomplete_fields = ("agency", "work_unit")
    readonly_fields = ("last_login", "date_joined")
    filter_horizontal = ("groups",)
    inlines = [PhotoHistoryInline]
    actions = [send_password_reset, "export_admin_action", "revoke_cards", "reissue_cards"]
    object_history_template = "admin/cards/employee_history.html"

    # -- what an officer sees and may do --------------------------------------------------

    def get_list_display(self, request):
        shown = super().get_list_display(request)
        return (*shown, "agency") if sees_all_agencies(request.user) else shown

    def get_list_filter(self, request):
        filters = super().get_list_filter(request)
        if sees_all_agencies(request.user):
            return (("agency", admin.RelatedOnlyFieldListFilter), *filters, "is_staff")
        return filters

    def get_readonly_fields(self, request, obj=None):
        fields = (*super().get_readonly_fields(request, obj), *self.card_fields)
        return fields if request.user.is_superuser else (*fields, *PRIVILEGE_FIELDS)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:
            return fieldsets
        if not request.user.is_superuser:
            # HR never sets a password: the employee gets a reset e-mail (action above).
            first, *rest = fieldsets
            fieldsets = ((first[0], {**first[1], "fields": ("nip",)}), *rest)
        return (*fieldsets, (_("Kartu ASN"), {"fields": self.card_fields}))

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else []

    def has_change_permission(self, request, obj=None):
        # An officer could otherwise change an admin's e-mail and then reset their password.
        privileged = obj is not None and (obj.is_staff or obj.is_superuser)
        if privileged and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_card_permission(self, request):
        return request.user.has_perm("cards.change_card")

    def user_change_password(self, request, id, form_url=""):
        if not request.user.is_superuser:
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)

    def get_search_results(self, request, queryset, search_term):
        digits = "".join(search_term.split())
        if NIP_PATTERN.match(digits):  # "19860926 201505 1 001" as printed on the card
            return queryset.filter(nip=digits), False
        return super().get_search_results(request, queryset, search_term)

    # -- saving and history ---------------------------------------------------------------

    def save_model(self, request, obj, form, change):
        if not change:
            return super().save_model(request, obj, form, change)
        self.assign_own_agency(request, obj)
        edited = {name for name in form.cleaned_data if name not in NOT_SAVED_BY_FORM}
        fields = [f for f in Employee._meta.concrete_fields if f.name in edited | {"agency"}]
        self.update_employee(obj, {f.name: getattr(obj, f.attname) for f in fields}, request.user)

    def construct_change_message(self, request, form, formsets, add=False):
        message = super().construct_change_message(request, form, formsets, add)
        return message if add else with_values(message, form)

    def confirm_import_view(self, request):
        # The changed employees' cards are drawn by the task queue once the import commits.
        with tasks.prerender_changed_cards():
            return super().confirm_import_view(request)

    def history_view(self, request, object_id, extra_context=None):
        employee = self.get_object(request, unquote(object_id))
        events = CardEvent.objects.filter(card__employee=employee).select_related("actor", "card")
        extra = {
            "data_history": history_rows(employee) if employee else [],
            "card_events": [(e, describe(e)) for e in events] if employee else [],
        }
        return super().history_view(request, object_id, {**(extra_context or {}), **extra})

    def get_urls(self):
        photo = path(
            "<path:object_id>/foto/<int:photo_id>/",
            self.admin_site.admin_view(self.photo_view),
            name="accounts_employee_photo",
        )
        return [photo, *super().get_urls()]

    def photo_view(self, request, object_id, photo_id):
        return photo_response(request, self.get_object(request, unquote(object_id)), photo_id)

    # -- card actions and columns ---------------------------------------------------------

    @admin.action(description=_("Cabut kartu ASN (dengan alasan)"), permissions=["card"])
    def revoke_cards(self, request, queryset):
        return actions.revoke(self, request, queryset)

    @admin.action(description=_("Terbitkan ulang kartu ASN (token dan nomor baru)"),
                  permissions=["card"])  # fmt: skip
    def reissue_cards(self, request, queryset):
        return actions.reissue(self, request, queryset)

    @admin.display(description=_("nama"), ordering="name")
    def full_name(self, employee):
        return employee.full_name

    @admin.display(description=_("foto"))
    def photo_thumbnail(self, employee):
        card = card_of(employee)
        return photo_img(card.photo if card else None, 36)

    @admin.display(description=_("status kartu"))
    def card_status(self, employee):
        card = card_of(employee)
        if card is None:
            return _("Belum terbit")
        return _("Dicabut") if card.is_revoked else _("Berlaku")

    @admin.display(description=_("nomor kartu"))
    def card_number(self, employee):
        card = card_of(employee)
        return card.number if card else "—"

    @admin.display(description=_("status kartu"))
    def card_state(self, employee):
        card = card_of(employee)
        if card is None or not card.is_revoked:
            return self.card_status(employee)
        return _("Dicabut: %(reason)s") % {"reason": card.revoke_reason}

    @admin.display(description=_("token verifikasi"))
    def masked_token(self, employee):
        # Enough to tell two tokens apart on the phone, not enough to forge a QR link.
        card = card_of(employee)
        return f"{'•' * 8}{card.token[-4:]}" if card else "—"

    @admin.display(description=_("revisi kartu"))
    def card_revision(self, employee):
        card = card_of(employee)
        return card.revision if card else "—"
