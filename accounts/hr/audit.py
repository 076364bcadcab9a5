"""The data half of the audit trail: Django's LogEntry, with old and new values kept.

(The card half is `cards.models.CardEvent`; both show on an employee's "Riwayat" page.)

Django records which fields an admin form changed; an HR audit also needs from what to what.
The values go into the same JSON change message under a key Django ignores ("values"), so
the standard history still reads "Changed Jabatan and Golongan." and ours adds the values.
"""

import datetime as dt
import json

from django import forms
from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Q
from django.db.models.functions import Cast
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from accounts.hr.roles import sees_all_agencies
from accounts.hr.scoping import ReadOnlyScopedAdmin
from accounts.models import Employee, WorkUnit

SECRET_FIELDS = {"password"}


def with_values(change_message: list, form) -> list:
    """Add {label: [old, new]} for every changed field of an admin change form."""
    values = {
        str(form.fields[name].label or name): [
            _shown(form.fields[name], form.initial.get(name)),
            _shown(form.fields[name], form.cleaned_data.get(name)),
        ]
        for name in form.changed_data
        if name in form.fields and name not in SECRET_FIELDS
    }
    if values:
        change_message.append({"values": values})
    return change_message


def _shown(field, value) -> str:
    if value in (None, ""):
        return ""
    if isinstance(field, forms.ModelMultipleChoiceField):
        objs = value if hasattr(value, "__iter__") else [value]
        return ", ".join(str(field.queryset.model._default_manager.get(pk=getattr(o, "pk", o)))
                         for o in objs)  # fmt: skip
    if isinstance(field, forms.ModelChoiceField):
        pk = getattr(value, "pk", value)
        obj = field.queryset.model._default_manager.filter(pk=pk).first()
        return str(obj) if obj else str(pk)
    if isinstance(field, forms.ChoiceField):
        return str(_flat_choices(field.choices).get(value, value))
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _flat_choices(choices) -> dict:
    flat = {}
    for key, label in choices:
        if isinstance(label, list | tuple):
            flat.update(_flat_choices(label))
        else:
            flat[key] = label
    return flat


def history_rows(obj) -> list[dict]:
    """The object's LogEntries, newest first, each with its message and changed values."""
    entries = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
    ).select_related("user")
    return [
        {
            "time": entry.action_time,
            "user": entry.user,
            "action": entry.get_action_flag_display(),
            "message": entry.get_change_message(),
            "values": _values(entry.change_message),
        }
        for entry in entries.order_by("-action_time", "-pk")
    ]


def _values(change_message: str) -> list[tuple[str, str, str]]:
    if not change_message.startswith("["):
        return []
    try:
        parts = json.loads(change_message)
    except json.JSONDecodeError:
        return []
    return [
        (label, old, new)
        for part in parts
        if isinstance(part, dict)
        for label, (old, new) in part.get("values", {}).items()
    ]


def _keys(model, agency_id):
    # LogEntry.object_id is text; compare it with the primary keys written as text.
    return (
        model.objects.filter(agency_id=agency_id)
        .annotate(key=Cast("pk", CharField()))
        .values("key")
    )


class DataChangeLogAdmin(ReadOnlyScopedAdmin):
    date_hierarchy = "action_time"
    list_display = ("action_time", "user", "object_link", "action_flag", "message")
    list_filter = ("action_flag", "action_time", ("user", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("user", "content_type")
    search_fields = ("object_repr", "user__nip", "user__name", "change_message")
    search_help_text = _("Cari dengan NIP atau nama pegawai, atau NIP petugas.")
    fields = ("action_time", "user", "content_type", "object_repr", "action_flag", "message")
    readonly_fields = fields

    def get_queryset(self, request):
        entries = admin.ModelAdmin.get_queryset(self, request)
        user = request.user
        if sees_all_agencies(user):
            return entries
        if not (user.is_active and user.is_staff and user.agency_id):
            return entries.none()
        types = ContentType.objects.get_for_models(Employee, WorkUnit)
        return entries.filter(
            Q(content_type=types[Employee], object_id__in=_keys(Employee, user.agency_id))
            | Q(content_type=types[WorkUnit], object_id__in=_keys(WorkUnit, user.agency_id))
        )

    def in_scope(self, request, obj) -> bool:
        return obj is None or self.get_queryset(request).filter(pk=obj.pk).exists()

    @admin.display(description=_("data"), ordering="object_repr")
    def object_link(self, entry):
        try:
            url = reverse(
                f"admin:{entry.content_type.app_label}_{entry.content_type.model}_change",
                args=[entry.object_id],
            )
        except NoReverseMatch:
            return entry.object_repr
        return format_html('<a href="{}">{}</a>', url, entry.object_repr)

    @admin.display(description=_("perubahan"))
    def message(self, entry):
        return entry.get_change_message()
