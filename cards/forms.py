from django import forms
from django.utils.translation import gettext_lazy as _

from cards.cropping import ZOOM_MAX, ZOOM_MIN

ACCEPT = "image/jpeg,image/png,image/webp,image/heic,image/heif,.heic,.heif"


class PhotoUploadForm(forms.Form):
    photo = forms.FileField(
        label=_("Pilih Foto"),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
        error_messages={
            "required": _("Pilih file foto terlebih dahulu."),
            "empty": _("File foto kosong. Pilih file lain."),
        },
    )


class CropForm(forms.Form):
    zoom = forms.IntegerField(
        label=_("Perbesar"),
        min_value=ZOOM_MIN,
        max_value=ZOOM_MAX,
        widget=forms.NumberInput(attrs={"type": "range", "step": 5}),
    )
    x = forms.IntegerField(
        label=_("Geser kiri–kanan"),
        min_value=0,
        max_value=100,
        widget=forms.NumberInput(attrs={"type": "range"}),
    )
    y = forms.IntegerField(
        label=_("Geser atas–bawah"),
        min_value=0,
        max_value=100,
        widget=forms.NumberInput(attrs={"type": "range"}),
    )

    def __init__(self, *args, zoom_max: int = ZOOM_MAX, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["zoom"].widget.attrs["max"] = zoom_max
