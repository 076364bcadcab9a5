"""The employee spreadsheet: one row per employee, keyed by NIP (create or update).

Rows are checked the way the admin form checks an employee (Employee.full_clean: NIP
structure, NIP against birth date and gender, rank against ASN type, unit in agency), plus
what only a whole file can tell: required cells, a NIP twice in the file, a NIP that belongs
to another agency. New employees are inserted in bulk; unchanged rows are skipped; changed
employees get one UPDATE each and one `employees_changed_in_bulk` signal per batch when an app
listens for it (cards should, to bump the card), otherwise a full save() each so the
post_save signal still bumps their card.
"""

import secrets
from collections import defaultdict

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.core.exceptions import ValidationError
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from import_export import resources
from import_export.fields import Field

from accounts.hr_signals import employees_changed_in_bulk
from accounts.import_columns import (
    ChoiceWidget,
    IsoDateWidget,
    NipWidget,
    RankWidget,
    TextWidget,
    UnitWidget,
)
from accounts.models import Employee, WorkUnit

COLUMNS = (
    "nip", "nama", "gelar_depan", "gelar_belakang", "tempat_lahir", "tanggal_lahir",
    "jenis_kelamin", "jenis_asn", "status", "kode_unit", "jabatan", "golongan", "tmt",
    "akhir_kontrak", "email", "ponsel",
)  # fmt: skip
REQUIRED = ("nip", "nama", "tanggal_lahir", "jenis_kelamin", "jenis_asn", "kode_unit")
LOOKUP_CHUNK = 900
# Employee fields full_clean skips on import: set by the import itself, not by the file.
NOT_FROM_FILE = ("agency", "work_unit", "password", "last_login", "is_superuser", "is_staff",
                 "is_active", "date_joined")  # fmt: skip

STATUS_TEXTS = {code: code for code in Employee.Status.values} | {
    str(label): code for code, label in Employee.Status.choices
}


def _column(attribute, name, widget=None):
    return Field(attribute=attribute, column_name=name, widget=widget or TextWidget())


class EmployeeResource(resources.ModelResource):
    nip = _column("nip", "nip", NipWidget())
    nama = _column("name", "nama")
    gelar_depan = _column("front_title", "gelar_depan")
    gelar_belakang = _column("back_title", "gelar_belakang")
    tempat_lahir = _column("birth_place", "tempat_lahir")
    tanggal_lahir = _column("birth_date", "tanggal_lahir", IsoDateWidget())
    jenis_kelamin = _column("gender", "jenis_kelamin", ChoiceWidget({"L": "L", "P": "P"}))
    jenis_asn = _column("asn_type", "jenis_asn", ChoiceWidget({"PNS": "PNS", "PPPK": "PPPK"}))
    status = _column("status", "status", ChoiceWidget(STATUS_TEXTS, blank=None))
    kode_unit = _column("work_unit", "kode_unit", UnitWidget())
    jabatan = _column("position", "jabatan")
    golongan = _column("rank", "golongan", RankWidget())
    tmt = _column("start_date", "tmt", IsoDateWidget())
    akhir_kontrak = _column("contract_end_date", "akhir_kontrak", IsoDateWidget())
    email = _column("email", "email")
    ponsel = _column("phone", "ponsel")

    class Meta:
        model = Employee
        fields = COLUMNS
        import_order = export_order = COLUMNS
        import_id_fields = ("nip",)
        use_bulk = True
        batch_size = 1000
        skip_diff = True
        store_instance = True
        use_transactions = True
        clean_model_instances = True

    def __init__(self, agency=None, allow_staff: bool = False, **kwargs):
        super().__init__()
        self.agency = agency
        self.allow_staff = allow_staff
        self.existing: dict[str, Employee] = {}
        self.lines_of_nip: dict[str, list[int]] = {}
        self.missing_columns: list[str] = []
        self.progress = kwargs.get("progress")

    # -- whole-file checks, one query per 900 NIPs ------------------------------------------

    def before_import(self, dataset, **kwargs):
        if self.agency is None:
            raise ValueError(_("Pilih instansi tujuan impor."))
        dataset.headers = [_text_header(h) for h in dataset.headers or []]
        while len(dataset) and not any(_filled(v) for v in dataset[-1]):
            del dataset[-1]  # rows a spreadsheet keeps because they were once formatted
        self.missing_columns = [c for c in REQUIRED if c not in dataset.headers]
        if self.missing_columns:
            del dataset[:]  # nothing in a file without its key columns can be read reliably
            raise ValueError(
                _("Kolom wajib tidak ada di berkas: %(columns)s.")
                % {"columns": ", ".join(self.missing_columns)}
            )
        units = WorkUnit.objects.filter(agency=self.agency)
        self.fields["kode_unit"].widget.units = {u.code.casefold(): u for u in units}
        lines = defaultdict(list)
        for number, value in enumerate(dataset["nip"], start=2):
            lines[_nip_or_blank({"nip": value})].append(number)
        self.lines_of_nip = {nip: found for nip, found in lines.items() if nip}
        nips = list(self.lines_of_nip)
        for start in range(0, len(nips), LOOKUP_CHUNK):
            chunk = Employee.objects.select_related("work_unit").filter(
                nip__in=nips[start : start + LOOKUP_CHUNK]
            )
            self.existing.update((e.nip, e) for e in chunk)

    # -- one row ----------------------------------------------------------------------------

    def get_instance(self, instance_loader, row):
        employee = self.existing.get(_nip_or_blank(row))
        if employee is None:
            return None
        if employee.agency_id != self.agency.pk:
            raise ValidationError(
                {
                    "nip": _(
                        "NIP ini terdaftar di instansi lain; pindah instansi tidak "
                        "dapat dilakukan lewat impor."
                    )
                }
            )
        if (employee.is_staff or employee.is_superuser) and not self.allow_staff:
            raise ValidationError(
                {
                    "nip": _(
                        "NIP ini milik akun petugas admin; datanya tidak dapat diubah lewat impor."
                    )
                }
            )
        return employee

    def init_instance(self, row=None):
        # No password: the employee sets one through "Lupa Password". This is what
        # set_unusable_password() stores, at a tenth of its cost per row.
        password = UNUSABLE_PASSWORD_PREFIX + secrets.token_urlsafe(30)
        return Employee(agency=self.agency, status=Employee.Status.ACTIVE, password=password)

    @cached_property
    def import_fields(self):
        return super().get_import_fields()

    def get_import_fields(self):
        return self.import_fields  # django-import-export works this list out again per row

    def after_init_instance(self, instance, new, row, **kwargs):
        instance.import_before = None if new else self._values(instance)

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        if field.column_name == "status" and not _filled(row.get("status")):
            return  # a blank status keeps the current one (new employees: aktif)
        super().import_field(field, instance, row, is_m2m, **kwargs)

    def import_instance(self, instance, row, **kwargs):
        errors: dict[str, list] = defaultdict(list)
        for column in REQUIRED:
            if not _filled(row.get(column)):
                errors[self.fields[column].attribute].append(
                    ValidationError(_("Wajib diisi."), code="required")
                )
        line = kwargs["row_number"] + 1
        others = [n for n in self.lines_of_nip.get(_nip_or_blank(row), []) if n != line]
        if others:
            message = _("NIP ganda: NIP yang sama juga ada di baris %(lines)s.")
            errors["nip"].append(
                ValidationError(message % {"lines": ", ".join(map(str, others))}, code="twice")
            )
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as exc:
            exc.update_error_dict(errors)
        if errors:
            raise ValidationError(dict(errors))

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        # Employee.full_clean as the admin form runs it, minus what is settled once per file:
        # NIP uniqueness (looked up above) and whether the agency and unit rows exist (they
        # come from the database already), which would cost two queries per row.
        errors = dict(import_validation_errors or {})
        try:
            instance.full_clean(
                exclude={*errors, *NOT_FROM_FILE},
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as exc:
            exc.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if import_validation_errors or instance.import_before is None:
            return False
        after = self._values(instance)
        instance.import_changes = [
            (column, before, after[column])
            for column, before in instance.import_before.items()
            if before != after[column]
        ]
        return not instance.import_changes

    def save_instance(self, instance, is_create, row, **kwargs):
        if kwargs.get("dry_run"):
            return
        if is_create or employees_changed_in_bulk.has_listeners():
            super().save_instance(instance, is_create, row, **kwargs)  # queued for bulk
        else:
            # Nobody listens for bulk changes: save row by row so post_save still bumps the
            # card of an employee whose printed data changed.
            instance.save()

    def bulk_update(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        # One UPDATE of just the changed columns per employee (Django's bulk_update builds a
        # CASE per column and row, slower here), then one signal for the batch.
        changes = {}
        try:
            for employee in self.update_instances:
                names = [_attname(column) for column, _old, _new in employee.import_changes]
                values = {name: getattr(employee, name) for name in names}
                Employee.objects.filter(pk=employee.pk).update(**values)
                changes[employee.pk] = names
            if changes:
                employees_changed_in_bulk.send(sender=Employee, changes=changes)
        except Exception as exc:  # reported like django-import-export's own bulk errors
            self.handle_import_error(result, exc, raise_errors)
        finally:
            self.update_instances.clear()

    def import_row(self, row, instance_loader, **kwargs):
        row_result = super().import_row(row, instance_loader, **kwargs)
        if self.progress:
            self.progress(kwargs["row_number"])
        return row_result

    def _values(self, instance) -> dict:
        return {
            name: self.fields[name].export(instance)
            for name in COLUMNS
            if name in self.fields and name != "nip"
        }

    # -- export -----------------------------------------------------------------------------

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("work_unit").order_by("nip")


def _attname(column: str) -> str:
    field = Employee._meta.get_field(EmployeeResource.fields[column].attribute)
    return field.attname


def _text_header(header) -> str:
    # "NIP", " Nama " and "Kode Unit" are what people type; the columns are nip, nama, kode_unit.
    return "_".join(str(header or "").strip().lower().split())


def _nip_or_blank(row) -> str:
    try:
        return NipWidget().clean(row.get("nip"))
    except ValueError:
        return ""


def _filled(value) -> bool:
    return value is not None and str(value).strip() != ""
