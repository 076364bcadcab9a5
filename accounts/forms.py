from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import authenticate
from django.contrib.auth.forms import PasswordResetForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts import throttling
from accounts.models import Employee

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


LOGIN_ERRORS = {
    "invalid_login": _("NIP atau password salah."),
    "locked": _(
        "Terlalu banyak percobaan login yang gagal. Coba lagi dalam %(minutes)s menit, "
        "atau atur ulang password melalui Lupa Password."
    ),
}


def throttled_authenticate(request, nip: str, password: str):
    """authenticate() behind the per-NIP and per-address lockout; raises ValidationError.

    Unknown NIP, wrong password and inactive account give the same message.
    """
    subjects = {"nip": nip, "address": throttling.client_address(request)}
    wait = throttling.seconds_to_wait("login", subjects)
    if wait:
        _raise_locked(wait)
    user = authenticate(request, nip=nip, password=password)
    if user is None or not user.is_active:
        # The failure that uses up a budget already answers "locked".
        wait = throttling.spend("login", subjects) or throttling.seconds_to_wait("login", subjects)
        if wait:
            _raise_locked(wait)
        raise ValidationError(LOGIN_ERRORS["invalid_login"], code="invalid_login")
    throttling.reset("login", {"nip": nip})
    return user


def _raise_locked(seconds: int):
    minutes = max(1, (seconds + 59) // 60)
    raise ValidationError(LOGIN_ERRORS["locked"], code="locked", params={"minutes": minutes})


class LoginForm(forms.Form):
    nip = forms.CharField(label=_("NIP"), max_length=40, widget=forms.TextInput(NIP_WIDGET_ATTRS))
    password = forms.CharField(
        label=pgettext_lazy("login form", "Password"),
        max_length=256,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, request, *args, **kwargs):
        self.request = request
        self.user = None
        super().__init__(*args, **kwargs)

    def clean_nip(self):
        return normalise_nip(self.cleaned_data["nip"])

    def clean(self):
        nip = self.cleaned_data.get("nip")
        password = self.cleaned_data.get("password")
        if nip and password:
            self.user = throttled_authenticate(self.request, nip, password)
        return self.cleaned_data


class AdminLoginForm(AdminAuthenticationForm):
    """The admin's login form behind the same lockout as the portal's."""

    def clean(self):
        nip = normalise_nip(self.cleaned_data.get("username") or "")
        password = self.cleaned_data.get("password")
        if nip and password:
            self.user_cache = throttled_authenticate(self.request, nip, password)
            self.confirm_login_allowed(self.user_cache)
        return self.cleaned_data


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
