from django import forms

from accounts.captcha import CHALLENGE, captcha_field

__all__ = ["CHALLENGE", "VerificationForm"]


class VerificationForm(forms.Form):
    captcha = captcha_field(refresh="verification:new_captcha")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # After a wrong answer the visitor types again at once: put the cursor there.
        self.fields["captcha"].widget.autofocus = self.is_bound
