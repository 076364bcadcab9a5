from django import forms
from django.utils.translation import gettext_lazy as _

from accounts import throttling
from accounts.captcha import CHALLENGE, captcha_field

__all__ = ["CHALLENGE", "VerificationForm"]


class VerificationForm(forms.Form):
    """A captcha for the public; a logged-in employee is limited per account instead."""

    captcha = captcha_field(refresh="verification:new_captcha")

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user if user is not None and user.is_authenticated else None
        if self.user:
            del self.fields["captcha"]
        else:
            # After a wrong answer the visitor types again at once: put the cursor there.
            self.fields["captcha"].widget.autofocus = self.is_bound

    def clean(self):
        cleaned = super().clean()
        if self.user and throttling.spend("verification-account", {"employee": str(self.user.pk)}):
            raise forms.ValidationError(
                _("Terlalu banyak pemeriksaan dari akun Anda. Coba lagi beberapa menit lagi."),
                code="throttled",
            )
        return cleaned
