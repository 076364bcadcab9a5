"""The import and export pages of the Employee admin: upload → dry run → confirm, and export.

`EmployeeImportAdmin` is mixed into the Employee ModelAdmin, first among its bases. That class
sets `update_employee` (the operation that changes an existing employee, see
`writing.UpdateEmployee`) and lists "export_admin_action" among its actions.
"""

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.hr.importing import uploads
from accounts.hr.importing.cells import COLUMNS
from accounts.hr.importing.files import FORMATS, export_file, read_upload
from accounts.hr.importing.forms import COLUMN_GUIDE, ConfirmForm, ExportForm, UploadForm
from accounts.hr.importing.writing import UpdateEmployee, run_import
from accounts.hr.roles import sees_all_agencies, visible_agencies


class EmployeeImportAdmin:
    # Set by the concrete admin: cards.employees.update_employee (see writing.UpdateEmployee).
    update_employee: UpdateEmployee
    change_list_template = "admin/accounts/employee/change_list.html"

    def get_urls(self):
        view, name = self.admin_site.admin_view, self._url_name
        return [
            path("import/", view(self.import_view), name=name("import")),
            path(
                "import/templat.<str:extension>",
                view(self.import_template_view),
                name=name("import_template"),
            ),
            path("process_import/", view(self.confirm_import_view), name=name("process_import")),
            path("export/", view(self.export_view), name=name("export")),
            *super().get_urls(),
        ]

    def has_import_permission(self, request) -> bool:
        own_agency = sees_all_agencies(request.user) or bool(request.user.agency_id)
        return (
            own_agency and self.has_add_permission(request) and self.has_change_permission(request)
        )

    def has_export_permission(self, request) -> bool:
        return self.has_view_permission(request)

    def changelist_view(self, request, extra_context=None):
        buttons = {
            "has_import_permission": self.has_import_permission(request),
            "has_export_permission": self.has_export_permission(request),
        }
        return super().changelist_view(request, {**buttons, **(extra_context or {})})

    def import_view(self, request):
        """Upload and dry run; a file that can be written is kept for the confirm step."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        agencies = visible_agencies(request.user)
        posted = (request.POST, request.FILES) if request.method == "POST" else ()
        form = UploadForm(*posted, agencies=agencies)
        context = {"form": form, "column_guide": COLUMN_GUIDE}
        if form.is_valid():
            data, skip = form.cleaned_data, form.cleaned_data["skip_bad_rows"]
            _plan, report = run_import(data["dataset"], data["agency"], skip_bad_rows=skip,
                                       allow_staff=sees_all_agencies(request.user))  # fmt: skip
            context["report"] = report
            if report.can_be_written(skip):
                stored = uploads.keep(data["content"], data["extension"], request.user)
                initial = {
                    "agency": data["agency"].pk,
                    "import_file_name": stored,
                    "original_file_name": data["import_file"].name,
                    "skip_bad_rows": skip,
                }
                context["confirm_form"] = ConfirmForm(agencies=agencies, initial=initial)
        return self._page(request, "import.html", _("Impor pegawai"), context)

    def confirm_import_view(self, request):
        """Write the stored upload, checked again: the data may have changed since the dry run."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        upload_page = redirect(f"admin:{self._url_name('import')}")
        if request.method != "POST":
            return upload_page
        if "cancel" in request.POST:
            uploads.forget_all(request.user)
            return upload_page
        form = ConfirmForm(request.POST, agencies=visible_agencies(request.user))
        content = _take_upload(form, request.user)
        if content is None:  # confirmed already, cancelled, or a made-up name
            messages.error(request, _("Berkas impor sudah tidak tersedia. Unggah lagi."))
            return upload_page
        data = form.cleaned_data
        _plan, report = run_import(
            read_upload(content, data["import_file_name"]), data["agency"], dry_run=False,
            skip_bad_rows=data["skip_bad_rows"], allow_staff=sees_all_agencies(request.user),
            update_employee=self.update_employee, actor=request.user,
            file_name=data["original_file_name"],
        )  # fmt: skip
        if not report.written:
            messages.error(request, _rolled_back(report))
            return upload_page
        messages.success(request, _finished(report))
        return redirect(f"admin:{self._url_name('changelist')}")

    def import_template_view(self, request, extension):
        """The empty spreadsheet with the right columns (docs/import/templat-pegawai.*)."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        if extension not in FORMATS:
            raise Http404
        template = settings.BASE_DIR / "docs" / "import" / f"templat-pegawai.{extension}"
        return FileResponse(template.open("rb"), as_attachment=True)

    def export_view(self, request):
        """The export page (GET) and file (POST): the selected employees, or the whole list as
        filtered and searched."""
        if not self.has_export_permission(request):
            raise PermissionDenied
        posted = (request.POST,) if request.method == "POST" else ()
        form = ExportForm(*posted, employees=self.get_queryset(request))
        if not form.is_valid():
            context = {"form": form, "export_url": request.get_full_path()}
            return self._page(request, "export.html", _("Ekspor pegawai"), context)
        try:
            employees = form.cleaned_data["export_items"] or self._listed(request)
        except IncorrectLookupParameters:
            return redirect(request.path)
        extension = FORMATS[int(form.cleaned_data["format"])]
        employees = employees.select_related("work_unit").order_by("nip")
        content, content_type = export_file(employees, extension)
        agency = request.user.agency.code if request.user.agency_id else "semua"
        disposition = f'attachment; filename="pegawai-{agency}.{extension}"'
        return HttpResponse(content, content_type=content_type,
                            headers={"Content-Disposition": disposition})  # fmt: skip

    @admin.action(description=gettext_lazy("Ekspor pegawai terpilih (CSV/XLSX)"),
                  permissions=["view"])  # fmt: skip
    def export_admin_action(self, request, queryset):
        chosen = [str(pk) for pk in queryset.values_list("pk", flat=True)]
        form = ExportForm(employees=queryset, initial={"export_items": chosen})
        context = {"form": form, "export_url": reverse(f"admin:{self._url_name('export')}")}
        return self._page(request, "export.html", _("Ekspor pegawai"), context)

    def _listed(self, request):
        """The employees the change list shows for this request's filters and search."""
        return self.get_changelist_instance(request).get_queryset(request)

    def _page(self, request, template: str, title: str, context: dict):
        request.current_app = self.admin_site.name
        opts = self.model._meta
        context = {**self.admin_site.each_context(request), "opts": opts, "title": title,
                   "columns": COLUMNS, **context}  # fmt: skip
        return TemplateResponse(request, f"admin/{opts.app_label}/{opts.model_name}/{template}",
                                context)  # fmt: skip

    def _url_name(self, view: str) -> str:
        return f"{self.model._meta.app_label}_{self.model._meta.model_name}_{view}"


def _take_upload(form: ConfirmForm, officer) -> bytes | None:
    if not form.is_valid():
        return None
    try:
        return uploads.take(form.cleaned_data["import_file_name"], officer)
    except FileNotFoundError:
        return None


def _rolled_back(report) -> str:
    message = _(
        "Impor dibatalkan dan tidak ada data yang disimpan: %(count)s baris bermasalah. "
        "Jalankan uji coba lagi untuk melihat rinciannya."
    )
    return message % {"count": len(report.bad_rows) + len(report.file_errors)}


def _finished(report) -> str:
    message = _(
        "Impor selesai: %(new)s pegawai ditambahkan, %(changed)s diubah, %(same)s tidak "
        "berubah, %(bad)s baris bermasalah dilewati."
    )
    counts = {"new": report.new, "changed": report.changed, "same": report.unchanged}
    return message % {**counts, "bad": len(report.bad_rows)}
