from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts import throttling
from cards.cropping import ZOOM_MAX, ZOOM_MIN

ACCEPT = "image/jpeg,image/png,image/webp,image/heic,image/heif,.heic,.heif"

UPLOADS_LIMITED = _(
    "Anda sudah terlalu sering mengunggah foto. Coba lagi dalam %(minutes)s menit; foto kartu "
    "dan foto baru yang sudah diunggah tetap tersimpan."
)


class PhotoUploadForm(forms.Form):
    photo = forms.FileField(
        label=_("Pilih Foto"),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
        error_messages={
            "required": _("Pilih file foto terlebih dahulu."),
            "empty": _("File foto kosong. Pilih file lain."),
        },
    )

    def __init__(self, employee, *args, **kwargs):
        self.employee = employee
        super().__init__(*args, **kwargs)

    def clean_photo(self):
        # Counted before the photo is decoded, which is what the budget protects.
        wait = throttling.spend("photo-upload", {"employee": str(self.employee.pk)})
        if wait:
            minutes = max(1, (wait + 59) // 60)
            raise ValidationError(UPLOADS_LIMITED, code="throttled", params={"minutes": minutes})
        return self.cleaned_data["photo"]


class CandidateForm(forms.Form):
    """Names the candidate a button acts on, so a newer upload is never confirmed unseen."""

    # At most the largest primary key: a bigger number overflows the database query.
    candidate = forms.IntegerField(min_value=1, max_value=2**63 - 1, widget=forms.HiddenInput)


class CropForm(CandidateForm):
    """Plain number fields that work without JavaScript; static/js/foto.js makes them sliders."""

    zoom = forms.IntegerField(
        label=_("Perbesar"),
        min_value=ZOOM_MIN,
        max_value=ZOOM_MAX,
        widget=forms.NumberInput(attrs={"data-slider": "5"}),  # step of the slider
    )
    x = forms.IntegerField(
        label=_("Geser kiri–kanan"),
        min_value=0,
        max_value=100,
        widget=forms.NumberInput(attrs={"data-slider": "1"}),
    )
    y = forms.IntegerField(
        label=_("Geser atas–bawah"),
        min_value=0,
        max_value=100,
        widget=forms.NumberInput(attrs={"data-slider": "1"}),
    )

    def __init__(self, *args, zoom_max: int = ZOOM_MAX, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["zoom"].widget.attrs["max"] = zoom_max
