import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_POST

from accounts.forms import LoginForm, NipPasswordResetForm
from accounts.middleware import SESSION_STARTED_KEY


def _safe_next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts=None, require_https=request.is_secure()):
        return target
    return settings.LOGIN_REDIRECT_URL


@sensitive_post_parameters("password")
@csrf_protect
@never_cache
def login(request):
    if request.user.is_authenticated:
        return redirect(_safe_next(request))
    form = LoginForm(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        auth_login(request, form.user)  # rotates the session key
        request.session[SESSION_STARTED_KEY] = time.time()
        return redirect(_safe_next(request))
    status = 429 if form.has_error("__all__", "locked") else 200
    ctx = {"form": form, "next": request.GET.get("next", "")}
    return render(request, "accounts/login.html", ctx, status=status)


@require_POST
def logout(request):
    auth_logout(request)
    messages.info(request, _("Anda telah keluar."))
    return redirect(settings.LOGOUT_REDIRECT_URL)


@login_required
def home(request):
    return render(request, "accounts/home.html", {})


@login_required
def services(request):
    return render(request, "accounts/services.html", {})


@require_GET
@never_cache
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any database failure makes the instance not ready
        return JsonResponse({"status": "error", "database": type(exc).__name__}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def error_page(template: str, status: int):
    def view(request, exception=None):
        return render(request, template, {"status": status}, status=status)

    return view


def robots_txt(request):
    return HttpResponse("User-agent: *\nDisallow: /\n", content_type="text/plain")


class PasswordResetView(auth_views.PasswordResetView):
    """Links in the e-mail are built from PUBLIC_BASE_URL, never from the request's Host."""

    form_class = NipPasswordResetForm
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        self.extra_email_context = {"public_base_url": settings.PUBLIC_BASE_URL}
        return super().form_valid(form)
