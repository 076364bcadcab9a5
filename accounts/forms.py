from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import authenticate
from django.contrib.auth.forms import PasswordResetForm
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts import outbox, throttling
from accounts.captcha import captcha_field
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
    "invalid_login": _("NIP atau kata sandi salah."),
    "locked": _(
        "Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam %(minutes)s menit, "
        "atau atur ulang kata sandi melalui Lupa Kata Sandi."
    ),
    "captcha": _("Ketik huruf yang terlihat pada gambar, lalu masuk lagi."),
}


def throttled_authenticate(request, nip: str, password: str, *, captcha_solved: bool = False):
    """authenticate() behind the per-NIP lockout and the per-address captcha; ValidationError.

    The attempt is reserved (counted as a failure) before the password is hashed, so parallel
    requests cannot test more passwords than the limit; a right password gives it back.
    Unknown NIP, wrong password and inactive account give the same message.
    """
    address = {} if captcha_solved else {"address": throttling.client_key(request)}
    if throttling.spend("login", address):
        raise ValidationError(LOGIN_ERRORS["captcha"], code="captcha")
    wait = throttling.spend("login", {"nip": nip})
    if wait:
        throttling.release("login", address)  # no password was tested
        _raise_locked(wait)
    user = authenticate(request, nip=nip, password=password)
    if user is None or not user.is_active:
        # The failure that uses up the budget already answers "locked".
        wait = throttling.seconds_to_wait("login", {"nip": nip})
        if wait:
            _raise_locked(wait)
        raise ValidationError(LOGIN_ERRORS["invalid_login"], code="invalid_login")
    throttling.reset("login", {"nip": nip})
    throttling.release("login", address)
    return user


def _raise_locked(seconds: int):
    minutes = max(1, (seconds + 59) // 60)
    raise ValidationError(LOGIN_ERRORS["locked"], code="locked", params={"minutes": minutes})


class ThrottledLoginMixin:
    """The lockout for a form with a NIP and a password, and a captcha once it is needed.

    An address past its failure limit is asked for a captcha instead of being refused, so
    the colleagues behind the same office or mobile-network NAT can still log in.
    """

    def add_captcha_when_needed(self):
        address = {"address": throttling.client_key(self.request)}
        if throttling.seconds_to_wait("login", address):
            self.fields["captcha"] = captcha_field()

    def authenticate_throttled(self, nip: str, password: str):
        needs_captcha = "captcha" in self.fields
        if needs_captcha and "captcha" not in self.cleaned_data:
            return None  # the captcha field says what is wrong; no password is tested
        try:
            return throttled_authenticate(self.request, nip, password, captcha_solved=needs_captcha)
        except ValidationError as error:
            if error.code != "captcha":
                raise
            # The address reached its limit while this form was open: ask now.
            self.fields["captcha"] = captcha_field()
            self.add_error("captcha", error)
            return None


class LoginForm(ThrottledLoginMixin, forms.Form):
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
        self.add_captcha_when_needed()

    def clean_nip(self):
        return normalise_nip(self.cleaned_data["nip"])

    def clean(self):
        nip = self.cleaned_data.get("nip")
        password = self.cleaned_data.get("password")
        if nip and password:
            self.user = self.authenticate_throttled(nip, password)
        return self.cleaned_data


class AdminLoginForm(ThrottledLoginMixin, AdminAuthenticationForm):
    """The admin's login form behind the same lockout and captcha as the portal's."""

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.add_captcha_when_needed()

    def clean(self):
        nip = normalise_nip(self.cleaned_data.get("username") or "")
        password = self.cleaned_data.get("password")
        if nip and password:
            self.user_cache = self.authenticate_throttled(nip, password)
            if self.user_cache is not None:
                self.confirm_login_allowed(self.user_cache)
        return self.cleaned_data


class NipPasswordResetForm(PasswordResetForm):
    """Reset by NIP: the link goes to the e-mail address on record, never to a typed one.

    Unlike Django's form, employees without a usable password are included: that is how
    an employee whom HR has added sets a first password.

    Built with the request (the public "Lupa Kata Sandi" page), requests are limited per NIP
    and per address, and the e-mail leaves after the response: the page answers alike, and
    without waiting for the mail server, whether or not the NIP exists or a limit is reached.
    HR's admin action builds it without a request and sends at once.
    """

    email = None
    nip = forms.CharField(label=_("NIP"), max_length=40, widget=forms.TextInput(NIP_WIDGET_ATTRS))
    field_order = ["nip"]

    def __init__(self, *args, request=None, **kwargs):
        self.request = request
        super().__init__(*args, **kwargs)

    def clean_nip(self):
        return normalise_nip(self.cleaned_data["nip"])

    def get_users(self, nip):
        return Employee.objects.filter(nip=nip, is_active=True).exclude(email="")

    def save(self, **kwargs):
        nip = self.cleaned_data["nip"]
        if self.request is not None:
            subjects = {"nip": nip, "address": throttling.client_key(self.request)}
            if throttling.spend("password-reset", subjects):
                return  # the same answer, and no e-mail
        # Django's save() looks users up with cleaned_data["email"]; here that key is the NIP.
        self.cleaned_data["email"] = nip
        super().save(**kwargs)

    def send_mail(
        self, subject_template, body_template, context, from_email, to_email,
        html_email_template_name=None,
    ):  # fmt: skip
        html = html_email_template_name
        if self.request is None:
            super().send_mail(subject_template, body_template, context, from_email, to_email, html)
            return
        # Rendered here, in the language of the request; sent after the response.
        subject = "".join(render_to_string(subject_template, context).splitlines())
        message = EmailMultiAlternatives(
            subject, render_to_string(body_template, context), from_email, [to_email]
        )
        if html:
            message.attach_alternative(render_to_string(html, context), "text/html")
        outbox.send_later(message)


class EmployeeCreationForm(forms.ModelForm):
    """HR adds an employee without a password; the employee sets one via "Lupa Kata Sandi"."""

    class Meta:
        model = Employee
        fields = ("nip", "name", "birth_date", "gender", "asn_type", "agency", "work_unit", "email")

    def save(self, commit=True):
        employee = super().save(commit=False)
        employee.set_unusable_password()
        if commit:
            employee.save()
        return employee
