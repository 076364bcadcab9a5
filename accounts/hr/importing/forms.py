"""The forms of the import and export pages: upload (dry run), confirm, export."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.hr.importing.files import (
    FORMATS,
    ImportFileError,
    check_size,
    extension_of,
    read_upload,
)
from accounts.hr.scoping import is_key_value
from accounts.models import Agency

FORMAT_CHOICES = [(str(index), name) for index, name in enumerate(FORMATS)]
SKIP_HELP = _(
    "Tanpa centang ini, tidak ada data yang disimpan selama masih ada satu baris bermasalah. "
    "Dengan centang ini, baris yang benar disimpan dan baris bermasalah dilewati."
)


def _agency_field(agencies, widget=None):
    agencies = Agency.objects.none() if agencies is None else agencies
    field = forms.ModelChoiceField(
        queryset=agencies,
        label=_("Instansi tujuan"),
        empty_label=None,
        widget=widget,
        error_messages={"required": _("Pilih instansi tujuan impor.")},
    )
    if len(agencies) == 1:
        # An HR officer imports into their own agency, whatever a request says.
        field.initial, field.disabled = agencies[0].pk, True
    return field


class UploadForm(forms.Form):
    import_file = forms.FileField(label=_("Berkas pegawai (CSV atau XLSX)"))
    format = forms.ChoiceField(
        label=_("Format berkas"),
        choices=[("", "---------"), *FORMAT_CHOICES],
        required=False,
        help_text=_("Kosongkan: dikenali dari nama berkas."),
    )
    skip_bad_rows = forms.BooleanField(
        label=_("Lewati baris bermasalah"), required=False, help_text=SKIP_HELP
    )

    def __init__(self, *args, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = {"agency": _agency_field(agencies), **self.fields}

    def clean(self):
        """Read the file: cleaned_data gains `content`, `extension` and `dataset`."""
        cleaned = super().clean()
        upload = cleaned.get("import_file")
        if upload is None:
            return cleaned
        chosen = cleaned.get("format")
        extension = FORMATS[int(chosen)] if chosen else extension_of(upload.name)
        try:
            check_size(upload.size, settings.IMPORT_MAX_BYTES)  # before reading it into memory
            cleaned["content"], cleaned["extension"] = upload.read(), extension
            cleaned["dataset"] = read_upload(cleaned["content"], f"berkas.{extension}")
        except ImportFileError as exc:
            self.add_error("import_file", str(exc))
        return cleaned


class ConfirmForm(forms.Form):
    """The second step: everything it needs travels in hidden fields; the file stays stored."""

    import_file_name = forms.CharField(widget=forms.HiddenInput)
    original_file_name = forms.CharField(widget=forms.HiddenInput, max_length=255)
    skip_bad_rows = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"] = _agency_field(agencies, widget=forms.HiddenInput)


class EmployeeChoices(forms.ModelMultipleChoiceField):
    def clean(self, value):
        # Django looks the posted ids up as they come; one beyond the id column (or not a
        # number) would overflow the query instead of being "not a valid choice".
        for pk in value or ():
            if not is_key_value(self.queryset.model._meta.pk, pk):
                raise ValidationError(self.error_messages["invalid_pk_value"],
                                      code="invalid_pk_value", params={"pk": pk})  # fmt: skip
        return super().clean(value)


class ExportForm(forms.Form):
    format = forms.ChoiceField(label=_("Format berkas"), choices=FORMAT_CHOICES)
    # Selected by the list action; only the officer's own employees are valid choices.
    export_items = EmployeeChoices(queryset=None, required=False, widget=forms.MultipleHiddenInput)

    def __init__(self, *args, employees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["export_items"].queryset = employees


# What each column takes, shown on the import page (docs/import/README.md says the same).
COLUMN_GUIDE = (
    ("nip", True, _("18 angka tanpa spasi (NI PPPK untuk PPPK). Di Excel, format kolom sebagai "
                    "Teks.")),
    ("nama", True, _("Nama tanpa gelar.")),
    ("gelar_depan", False, _("Contoh: Dr.")),
    ("gelar_belakang", False, _("Contoh: S.Kom., M.T.")),
    ("tempat_lahir", False, _("Contoh: Bandung")),
    ("tanggal_lahir", True, _("TTTT-BB-HH; sama dengan 8 angka pertama NIP.")),
    ("jenis_kelamin", True, _("L atau P; sesuai angka ke-15 NIP (1 = L, 2 = P).")),
    ("jenis_asn", True, _("PNS atau PPPK.")),
    ("status", False, _("aktif, pensiun, diberhentikan, meninggal atau kontrak_berakhir. "
                        "Kosong: tidak diubah (pegawai baru: aktif).")),
    ("kode_unit", True, _("Kode unit kerja di instansi Anda (menu Unit kerja).")),
    ("jabatan", False, _("Contoh: Analis Kepegawaian Ahli Muda")),
    ("golongan", False, _("PNS: I/a sampai IV/e. PPPK: I sampai XVII.")),
    ("tmt", False, _("TTTT-BB-HH: TMT PNS atau awal kontrak PPPK. Kartu terbit mulai tanggal "
                     "ini.")),
    ("akhir_kontrak", False, _("Khusus PPPK, TTTT-BB-HH.")),
    ("email", False, _("Alamat untuk e-mail atur ulang kata sandi.")),
    ("ponsel", False, _("Format kolom sebagai Teks agar angka 0 di depan tidak hilang.")),
)  # fmt: skip
