"""Every data change in one filterable list (Django's LogEntry), scoped to the agency."""

from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Q
from django.db.models.functions import Cast
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from accounts.admin_scope import ReadOnlyScopedAdmin
from accounts.hr.roles import sees_all_agencies
from accounts.models import Employee, WorkUnit


def _keys(model, agency_id):
    # LogEntry.object_id is text; compare it with the primary keys written as text.
    return (
        model.objects.filter(agency_id=agency_id)
        .annotate(key=Cast("pk", CharField()))
        .values("key")
    )


@admin.register(LogEntry)
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
