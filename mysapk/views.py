"""The portal shell: home, the services menu, health, robots.txt and the error pages."""

import secrets

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@login_required
def home(request):
    return render(request, "portal/home.html", {})


@login_required
def services(request):
    return render(request, "portal/services.html", {})


@require_GET
@never_cache
def healthz(request):
    """Ready when both the database and the shared cache answer: logins need both."""
    checks = {"database": _database_answers, "cache": _cache_answers}
    report = {}
    for name, check in checks.items():
        try:
            report[name] = "ok" if check() else "wrong answer"
        except Exception as exc:  # any failure makes the instance not ready
            report[name] = type(exc).__name__
    healthy = all(result == "ok" for result in report.values())
    report["status"] = "ok" if healthy else "error"
    return JsonResponse(report, status=200 if healthy else 503)


def _database_answers() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone() == (1,)


def _cache_answers() -> bool:
    """A real round trip: a random value written and read back, then removed."""
    key, value = f"healthz:{secrets.token_hex(8)}", secrets.token_hex(8)
    cache.set(key, value, timeout=10)
    try:
        return cache.get(key) == value
    finally:
        cache.delete(key)


def robots_txt(request):
    return HttpResponse("User-agent: *\nDisallow: /\n", content_type="text/plain")


def error_page(template: str, status: int):
    def view(request, exception=None):
        return render(request, template, {"status": status}, status=status)

    return view
