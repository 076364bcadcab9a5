from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy

from accounts.forms import NipPasswordResetForm


class PasswordResetView(auth_views.PasswordResetView):
    """Links in the e-mail are built from PUBLIC_BASE_URL, never from the request's Host.

    The form gets the request: it limits requests and sends the e-mail after the response.
    """

    form_class = NipPasswordResetForm
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}

    def form_valid(self, form):
        self.extra_email_context = {"public_base_url": settings.PUBLIC_BASE_URL}
        return super().form_valid(form)
