"""Password login and logout, QR login (computer and phone), and the devices list."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from accounts import throttling
from accounts.forms import LoginForm
from accounts.login import devices, qr
from accounts.login.sessions import SESSION_STARTED_KEY
from accounts.models import LoginSession
from accounts.qr_codes import qr_svg_data_uri


def _safe_next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts=None, require_https=request.is_secure()
    ):
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
        auth_login(request, form.user)  # rotates the session key, starts the 12-hour clock
        return redirect(_safe_next(request))
    status = 429 if form.has_error("__all__", "locked") else 200
    ctx = {"form": form, "next": request.GET.get("next", "")}
    return render(request, "accounts/login.html", ctx, status=status)


def _spend(request, budget: str) -> int:
    subjects = {
        "session": request.session.session_key,
        "address": throttling.client_key(request),
    }
    return throttling.spend(budget, subjects)


def _too_many(wait: int) -> JsonResponse:
    response = JsonResponse({"status": "throttled", "retry_after": wait}, status=429)
    response["Retry-After"] = str(wait)
    return response


@require_POST
@never_cache
def qr_login_create(request):
    """A fresh QR code for the computer's login page (called by static/js/qr-login.js)."""
    if request.user.is_authenticated:
        return JsonResponse({"status": "approved", "redirect": resolve_url(_safe_next(request))})
    if request.session.session_key is None:
        request.session.save()  # the code will be bound to this session: count it from the start
    wait = _spend(request, "qr-login-create")
    if wait:
        return _too_many(wait)
    code, number = qr.create(request)
    url = qr.login_url(code)
    return JsonResponse({
        "status": "pending",
        "url": url,
        "image": qr_svg_data_uri(url),
        "number": str(number),
        "expires_in": int(qr.CODE_LIFETIME.total_seconds()),
        "refresh_when_left": qr.REFRESH_WHEN_SECONDS_LEFT,
    })  # fmt: skip


@require_POST
@never_cache
def qr_login_status(request):
    """Polled by the computer; logs this browser in once the phone has approved."""
    if request.user.is_authenticated:
        return JsonResponse({"status": "approved", "redirect": resolve_url(_safe_next(request))})
    wait = _spend(request, "qr-login-poll")
    if wait:
        return _too_many(wait)
    result = qr.poll(request.session)
    if result.employee is None:
        return JsonResponse({"status": result.status, "expires_in": result.expires_in})
    request.login_via = LoginSession.Via.QR  # read by devices.record_login
    auth_login(request, result.employee, backend=settings.AUTHENTICATION_BACKENDS[0])
    # The approving session's clock, not the fresh one login() started: no renewal by QR.
    request.session[SESSION_STARTED_KEY] = result.session_started_at
    qr.mark_session(request.session)  # PortalAdminSite.has_permission refuses such a session
    request.session.pop(qr.SESSION_REQUEST_KEY, None)
    return JsonResponse({"status": "approved", "redirect": resolve_url(_safe_next(request))})


def _decide_qr_login(request, code: str) -> bool:
    """Apply the phone's "Setujui" (with the number picked) or "Tolak"; False if no number."""
    decision, picked = request.POST.get("keputusan"), request.POST.get("angka", "")
    if decision == "setujui" and not picked:
        return False  # nothing decided yet: the page asks for the number
    try:
        if decision == "setujui":
            number = int(picked) if picked.isdigit() else -1  # not a number: a wrong pick
            started = request.session[SESSION_STARTED_KEY]  # set by SessionLifetimeMiddleware
            qr.approve(code, request.user, number, started)
        elif decision == "tolak":
            qr.refuse(code, request.user)
    except qr.QrLoginError:
        pass  # the page shown next says why: wrong number, or the code no longer works
    return True


@login_required
@csrf_protect
@never_cache
def qr_login_confirm(request, code):
    """The phone's page for a scanned code: who is asking, pick the computer's number, decide."""
    if request.method == "POST" and _decide_qr_login(request, code):
        return redirect(request.path)
    row = qr.find(code)
    if row is not None and qr.is_open(row):
        qr.mark_scanned(row)
        state = "confirm"
    elif row is not None and row.decided_by_id == request.user.pk:
        state = {row.Status.REFUSED: "refused", row.Status.MISMATCH: "mismatch"}.get(
            row.status, "approved"
        )
    else:
        state = "invalid"
    ctx = {
        "state": state,
        "login_request": row and devices.labelled(row),
        "numbers": row and qr.number_choices(row),
        "number_missing": request.method == "POST",  # "Setujui" sent without a number
        "devices_url": reverse("accounts:devices"),
    }
    status = 404 if state == "invalid" else 200
    return render(request, "accounts/qr_login_confirm.html", ctx, status=status)


@login_required
@never_cache
def device_list(request):
    devices.touch(request, force=True)
    rows = devices.logged_in_devices(request.user)
    ctx = {"devices": rows, "current_key": request.session.session_key}
    return render(request, "accounts/devices.html", ctx)


@require_POST
@login_required
def device_logout(request, pk):
    row = get_object_or_404(LoginSession, pk=pk, employee=request.user)
    if row.session_key == request.session.session_key:
        return logout(request)
    devices.log_out_device(row)
    messages.success(request, _("Perangkat tersebut sudah dikeluarkan dari akun Anda."))
    return redirect("accounts:devices")


@require_POST
@login_required
def device_logout_others(request):
    count = devices.log_out_other_devices(request.user, request.session.session_key)
    messages.success(request, _("%(count)s perangkat lain sudah dikeluarkan.") % {"count": count})
    return redirect("accounts:devices")


@require_POST
def logout(request):
    auth_logout(request)
    messages.info(request, _("Anda telah keluar."))
    response = redirect(settings.LOGOUT_REDIRECT_URL)
    # The card kept on a phone for use without network leaves with its holder (the browser
    # also drops its service workers); cookies stay, or the message above would go too.
    response["Clear-Site-Data"] = '"cache", "storage"'
    return response
