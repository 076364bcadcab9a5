from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.forms import PasswordResetForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import Employee
from accounts.throttling import client_address, login_throttles

NIP_WIDGET_ATTRS = {
    "inputmode": "numeric",
    "autocomplete": "username",
    "autocapitalize": "none",
    "spellcheck": "false",
    "maxlength": "18",
    "autofocus": True,
}


def normalise_nip(value: str) -> str:
    # People paste NIPs as printed on the card: "19860926 201505 1 001".
    return "".join(value.split())[:40]


class LoginForm(forms.Form):
    nip = forms.CharField(label=_("NIP"), max_length=40, widget=forms.TextInput(NIP_WIDGET_ATTRS))
    password = forms.CharField(
        label=pgettext_lazy("login form", "Password"),
        max_length=256,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    error_messages = {
        "invalid_login": _("NIP atau password salah."),
        "locked": _(
            "Terlalu banyak percobaan login yang gagal. Coba lagi dalam %(minutes)s menit, "
            "atau atur ulang password melalui Lupa Password."
        ),
    }

    def __init__(self, request, *args, **kwargs):
        self.request = request
        self.user = None
        super().__init__(*args, **kwargs)

    def clean_nip(self):
        return normalise_nip(self.cleaned_data["nip"])

    def clean(self):
        nip = self.cleaned_data.get("nip")
        password = self.cleaned_data.get("password")
        if not nip or not password:
            return self.cleaned_data
        subjects = {"nip": nip, "address": client_address(self.request)}
        throttles = login_throttles()
        wait = max(throttle.blocked_for(subjects[kind]) for kind, throttle in throttles)
        if wait:
            self._raise_locked(wait)
        self.user = authenticate(self.request, nip=nip, password=password)
        if self.user is None or not self.user.is_active:
            self.user = None
            if any([throttle.hit(subjects[kind]) for kind, throttle in throttles]):
                self._raise_locked(max(t.blocked_for(subjects[k]) for k, t in throttles))
            raise ValidationError(self.error_messages["invalid_login"], code="invalid_login")
        throttles[0][1].reset(nip)
        return self.cleaned_data

    def _raise_locked(self, seconds: int):
        minutes = max(1, (seconds + 59) // 60)
        raise ValidationError(
            self.error_messages["locked"], code="locked", params={"minutes": minutes}
        )


class NipPasswordResetForm(PasswordResetForm):
    """Reset by NIP: the link goes to the e-mail address on record, never to a typed one.

    Unlike Django's form, employees without a usable password are included: that is how
    an employee whom HR has added sets a first password.
    """

    email = None
    nip = forms.CharField(label=_("NIP"), max_length=40, widget=forms.TextInput(NIP_WIDGET_ATTRS))
    field_order = ["nip"]

    def clean_nip(self):
        return normalise_nip(self.cleaned_data["nip"])

    def get_users(self, nip):
        return Employee.objects.filter(nip=nip, is_active=True).exclude(email="")

    def save(self, **kwargs):
        # Django's save() looks users up with cleaned_data["email"]; here that key is the NIP.
        self.cleaned_data["email"] = self.cleaned_data["nip"]
        super().save(**kwargs)


class EmployeeCreationForm(forms.ModelForm):
    """HR adds an employee without a password; the employee sets one via "Lupa Password"."""

    class Meta:
        model = Employee
        fields = ("nip", "name", "birth_date", "gender", "asn_type", "agency", "work_unit", "email")

    def save(self, commit=True):
        employee = super().save(commit=False)
        employee.set_unusable_password()
        if commit:
            employee.save()
        return employee
