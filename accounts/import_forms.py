"""The two steps of an import in the admin: upload (dry run) and confirm."""

from django import forms
from django.utils.translation import gettext_lazy as _
from import_export.forms import ConfirmImportForm, ImportForm

from accounts.models import Agency

SKIP_HELP = _(
    "Tanpa centang ini, tidak ada data yang disimpan selama masih ada satu baris bermasalah. "
    "Dengan centang ini, baris yang benar disimpan dan baris bermasalah dilewati."
)


def _agency_field(agencies, widget=None):
    field = forms.ModelChoiceField(
        queryset=agencies, label=_("Instansi tujuan"), empty_label=None, widget=widget
    )
    if agencies.count() == 1:
        # An HR officer imports into their own agency, whatever a request says.
        field.initial, field.disabled = agencies.get().pk, True
    return field


class EmployeeImportForm(ImportForm):
    skip_bad_rows = forms.BooleanField(
        label=_("Lewati baris bermasalah"), required=False, help_text=SKIP_HELP
    )

    field_order = ["agency", "import_file", "format", "skip_bad_rows"]

    def __init__(self, formats, resources, agencies=None, **kwargs):
        super().__init__(formats, resources, **kwargs)
        agencies = Agency.objects.none() if agencies is None else agencies
        self.formats = formats
        self.fields["agency"] = _agency_field(agencies)
        self.fields["import_file"].label = _("Berkas pegawai (CSV atau XLSX)")
        self.fields["format"].label = _("Format berkas")
        self.fields["format"].required = False
        self.fields["format"].help_text = _("Kosongkan: dikenali dari nama berkas.")
        self.order_fields(self.field_order)

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("import_file")
        if upload and not cleaned.get("format"):
            extension = upload.name.rsplit(".", 1)[-1].lower()
            found = [i for i, f in enumerate(self.formats) if f().get_extension() == extension]
            if not found:
                self.add_error("import_file", _("Gunakan berkas .csv atau .xlsx."))
            else:
                cleaned["format"] = str(found[0])
        return cleaned


class EmployeeConfirmImportForm(ConfirmImportForm):
    skip_bad_rows = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        agencies = Agency.objects.none() if agencies is None else agencies
        self.fields["agency"] = _agency_field(agencies, widget=forms.HiddenInput)


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
    ("email", False, _("Alamat untuk e-mail atur ulang password.")),
    ("ponsel", False, _("Format kolom sebagai Teks agar angka 0 di depan tidak hilang.")),
)  # fmt: skip
