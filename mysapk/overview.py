"""The admin home's overview: per agency, employees, cards, missing photos and scans.

It counts rows of all three apps, so it lives in the layer that wires them together.

Four grouped queries whatever the number of agencies, cached for a few minutes: the numbers
are for orientation, and counting millions of rows on every visit to /admin/ is not.
"""

import datetime as dt

from django.core.cache import cache
from django.db.models import Count
from django.utils import timezone

from accounts.hr.roles import scope, visible_agencies
from accounts.models import Employee
from cards.models import Card, PhotoVersion
from verification.models import VerificationEvent

CACHE_SECONDS = 300
SCAN_DAYS = 30


def agency_overview(user) -> list[dict]:
    """One row per agency the user may see (an HR officer: their own agency only)."""
    key = f"hr-overview:{'all' if user.is_superuser else user.agency_id}"
    rows = cache.get(key)
    if rows is None:
        rows = _count(user)
        cache.set(key, rows, CACHE_SECONDS)
    return rows


def _count(user) -> list[dict]:
    agencies = list(visible_agencies(user).order_by("name"))
    employees = scope(Employee.objects.all(), user)
    with_photo = PhotoVersion.objects.filter(status=PhotoVersion.Status.CURRENT)
    since = timezone.now() - dt.timedelta(days=SCAN_DAYS)
    counts = {
        "employees": _per_agency(employees, "agency"),
        "cards": _per_agency(scope(Card.objects.all(), user, "employee__agency"),
                             "employee__agency"),
        "without_photo": _per_agency(
            employees.exclude(pk__in=with_photo.values("employee_id")), "agency"
        ),
        "scans": _per_agency(
            scope(VerificationEvent.objects.filter(checked_at__gte=since), user,
                  "card__employee__agency"),
            "card__employee__agency",
        ),
    }  # fmt: skip
    return [
        {"agency": agency, **{name: per.get(agency.pk, 0) for name, per in counts.items()}}
        for agency in agencies
    ]


def _per_agency(queryset, agency_path: str) -> dict:
    rows = queryset.values(agency_path).annotate(n=Count("pk")).order_by()
    return {row[agency_path]: row["n"] for row in rows}
