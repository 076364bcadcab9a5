import secrets

from captcha.conf import settings as captcha_settings
from captcha.fields import CaptchaField, CaptchaTextInput
from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# Capital letters a person can read off a noisy picture without doubt: no I/L, O/Q.
READABLE_LETTERS = "ABCDEFGHJKMNPRSTUVWXYZ"


def readable_challenge() -> tuple[str, str]:
    """(text drawn in the picture, expected answer); answers are compared in lower case."""
    length = captcha_settings.CAPTCHA_LENGTH
    text = "".join(secrets.choice(READABLE_LETTERS) for _position in range(length))
    return text, text.lower()


CHALLENGE = "verification.forms.readable_challenge"
ANSWER_ATTRS = {
    "maxlength": 12,
    "required": True,
    "autocapitalize": "characters",
    "enterkeyhint": "go",
    "aria-describedby": "bantuan-kode",
}


class CaptchaWidget(CaptchaTextInput):
    """The picture, a button for a new picture, and the answer box.

    No 2x picture: with CAPTCHA_IMAGE_SIZE set, django-simple-captcha 0.7 draws the @2
    picture at double font size in the same small canvas, cutting the letters off.
    """

    template_name = "verification/captcha_widget.html"

    def __init__(self):
        super().__init__(generator=CHALLENGE)

    autofocus = False

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        answer = context["widget"]["subwidgets"][1]["attrs"]
        answer.update(ANSWER_ATTRS, **({"autofocus": True} if self.autofocus else {}))
        context["refresh"] = reverse("verification:new_captcha")
        return context


class VerificationForm(forms.Form):
    captcha = CaptchaField(
        label=_("Kode keamanan"),
        help_text=_("Ketik huruf yang terlihat pada gambar. Huruf besar atau kecil sama saja."),
        widget=CaptchaWidget(),
        error_messages={
            "invalid": _(
                "Kode keamanan salah atau sudah kedaluwarsa. Ketik huruf pada gambar baru di bawah."
            ),
            "required": _("Ketik huruf yang terlihat pada gambar."),
            "incomplete": _("Ketik huruf yang terlihat pada gambar."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # After a wrong answer the visitor types again at once: put the cursor there.
        self.fields["captcha"].widget.autofocus = self.is_bound
