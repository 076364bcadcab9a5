"""Import and export of employees in the admin, on top of django-import-export.

What we add to the library's two-step import: the agency comes from the officer (never from
the file), the dry run lists every bad row with its reasons by column, "skip bad rows" is an
explicit choice carried to the confirm step, a rolled-back import says so, each employee
touched gets a LogEntry, and the uploaded file (personal data) never outlives the import.
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from import_export.admin import ExportActionMixin, ImportMixin
from import_export.formats.base_formats import CSV, XLSX
from import_export.forms import ExportForm
from import_export.tmp_storages import MediaStorage

from accounts.hr.roles import sees_all_agencies, visible_agencies
from accounts.import_forms import COLUMN_GUIDE, EmployeeConfirmImportForm, EmployeeImportForm
from accounts.import_resource import EmployeeResource
from accounts.importing import log_import, summarize


class EmployeeImportExportMixin(ImportMixin, ExportActionMixin):
    resource_classes = [EmployeeResource]
    import_formats = export_formats = [CSV, XLSX]
    import_form_class = EmployeeImportForm
    confirm_form_class = EmployeeConfirmImportForm
    export_form_class = ExportForm
    import_template_name = "admin/accounts/employee/import.html"
    export_template_name = "admin/accounts/employee/export.html"
    import_export_change_list_template = "admin/accounts/employee/change_list.html"
    change_form_template = None
    show_change_form_export = False
    # The default storage: private, and shared by every app server between the two steps.
    tmp_storage_class = MediaStorage

    def has_import_permission(self, request):
        user = request.user
        return (
            user.has_perm("accounts.add_employee")
            and user.has_perm("accounts.change_employee")
            and (sees_all_agencies(user) or bool(user.agency_id))
        )

    def has_export_permission(self, request):
        return self.has_view_permission(request)

    def get_urls(self):
        template = path(
            "import/templat.<str:extension>",
            self.admin_site.admin_view(self.import_template),
            name="accounts_employee_import_template",
        )
        return [template, *super().get_urls()]

    def import_template(self, request, extension):
        """The empty spreadsheet with the right columns (docs/import/templat-pegawai.*)."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        if extension not in ("csv", "xlsx"):
            raise Http404
        name = f"templat-pegawai.{extension}"
        return FileResponse(
            open(settings.BASE_DIR / "docs" / "import" / name, "rb"), as_attachment=True
        )

    def init_request_context_data(self, request, form):
        return super().init_request_context_data(request, form) | {"title": _("Ekspor pegawai")}

    def get_import_context_data(self, **kwargs):
        return {"column_guide": COLUMN_GUIDE}

    def get_actions(self, request):
        actions = super().get_actions(request)
        if "export_admin_action" in actions:
            func, name, _label = actions["export_admin_action"]
            actions[name] = (func, name, _("Ekspor pegawai terpilih (CSV/XLSX)"))
        return actions

    def export_admin_action(self, request, queryset):
        # The library renders its own English template here; ours, with the same form.
        items = [str(pk) for pk in queryset.values_list("pk", flat=True)]
        form = self.get_export_form_class()(
            formats=self.get_export_formats(),
            resources=self.get_export_resource_classes(request),
            initial={"export_items": items},
        )
        form.fields["export_items"] = forms.MultipleChoiceField(
            widget=forms.MultipleHiddenInput, required=False, choices=[(i, i) for i in items]
        )
        context = self.init_request_context_data(request, form)
        context["export_url"] = reverse("admin:accounts_employee_export")
        return TemplateResponse(request, self.export_template_name, context)

    def get_valid_export_item_pks(self, request):
        return self.get_queryset(request).values_list("pk", flat=True)

    def get_export_filename(self, request, queryset, file_format):
        return f"pegawai-{request.user.agency.code if request.user.agency_id else 'semua'}" + (
            f".{file_format.get_extension()}"
        )

    def get_import_form_kwargs(self, request):
        return super().get_import_form_kwargs(request) | {
            "agencies": visible_agencies(request.user)
        }

    def get_confirm_form_kwargs(self, request, import_form=None):
        return super().get_confirm_form_kwargs(request, import_form) | {
            "agencies": visible_agencies(request.user)
        }

    def get_confirm_form_initial(self, request, import_form):
        initial = super().get_confirm_form_initial(request, import_form)
        if import_form is not None:
            initial["agency"] = import_form.cleaned_data["agency"].pk
            initial["skip_bad_rows"] = import_form.cleaned_data["skip_bad_rows"]
        return initial

    def get_import_resource_kwargs(self, request, form=None, **kwargs):
        cleaned = getattr(form, "cleaned_data", {}) if form is not None else {}
        return {"agency": cleaned.get("agency"), "allow_staff": sees_all_agencies(request.user)}

    def get_import_data_kwargs(self, request=None, form=None, **kwargs):
        skip = bool(getattr(form, "cleaned_data", {}).get("skip_bad_rows"))
        return {"use_transactions": True, "rollback_on_validation_errors": not skip}

    def import_action(self, request, **kwargs):
        response = super().import_action(request, **kwargs)
        context = getattr(response, "context_data", None) or {}
        context["title"] = _("Impor pegawai")
        result, form = context.get("result"), context.get("form")
        if form is None or not form.is_bound:
            return response
        if result is None:
            self._forget_upload(form)
            return response
        skip = bool(form.cleaned_data.get("skip_bad_rows"))
        report = summarize(result, dry_run=True, skip_bad_rows=skip)
        context["report"] = report
        something_to_do = report.new + report.changed > 0
        if skip and something_to_do and not report.file_errors and "confirm_form" not in context:
            context["confirm_form"] = self.create_confirm_form(request, import_form=form)
        if "confirm_form" not in context or not something_to_do:
            context.pop("confirm_form", None)
            self._forget_upload(form)
        return response

    def process_import(self, request, **kwargs):
        if not self.has_import_permission(request):
            raise PermissionDenied
        try:
            return super().process_import(request, **kwargs)
        except FileNotFoundError:  # confirmed twice, or a made-up file name
            messages.error(request, _("Berkas impor sudah tidak tersedia. Unggah lagi."))
            return HttpResponseRedirect(reverse("admin:accounts_employee_import"))

    def process_dataset(self, dataset, form, request, **kwargs):
        result = super().process_dataset(dataset, form, request, **kwargs)
        result.file_name = form.cleaned_data.get("original_file_name", "")
        result.skip_bad_rows = bool(form.cleaned_data.get("skip_bad_rows"))
        return result

    def process_result(self, result, request):
        report = summarize(result, dry_run=False, skip_bad_rows=result.skip_bad_rows)
        if not report.written:
            messages.error(
                request,
                _(
                    "Impor dibatalkan dan tidak ada data yang disimpan: %(count)s baris "
                    "bermasalah. Jalankan uji coba lagi untuk melihat rinciannya."
                )
                % {"count": len(report.bad_rows) + len(report.file_errors)},
            )
            return HttpResponseRedirect(reverse("admin:accounts_employee_import"))
        log_import(result, request.user, result.file_name)
        messages.success(
            request,
            _(
                "Impor selesai: %(new)s pegawai ditambahkan, %(changed)s diubah, %(same)s tidak "
                "berubah, %(bad)s baris bermasalah dilewati."
            )
            % {
                "new": report.new,
                "changed": report.changed,
                "same": report.unchanged,
                "bad": len(report.bad_rows),
            },
        )
        return HttpResponseRedirect(reverse("admin:accounts_employee_changelist"))

    def _forget_upload(self, form):
        upload = getattr(form, "cleaned_data", {}).get("import_file")
        stored = getattr(upload, "tmp_storage_name", None)
        if stored:
            storage_class = self.get_tmp_storage_class()
            storage_class(name=stored, **self.get_tmp_storage_class_kwargs()).remove()
