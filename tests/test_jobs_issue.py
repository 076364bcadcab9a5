"""The daily job issues the card of every employee whose start date has come (eager runner)."""

import datetime as dt

import pytest
from django.utils import timezone

from cards import outputs, services
from cards.models import Card, CardEvent
from cards.tasks import issue_cards, issue_due_cards
from mysapk.overview import agency_overview
from tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db
WIB = timezone.get_default_timezone()


def midnight_wib(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), WIB)


def test_a_card_is_issued_by_the_daily_job_on_its_start_date_dated_that_day(agency):
    today = timezone.localdate()
    starter = EmployeeFactory(agency=agency, start_date=today)

    assert issue_due_cards.delay(today=(today - dt.timedelta(days=1)).isoformat()).get() == 0
    assert not Card.objects.filter(employee=starter).exists()

    assert issue_due_cards.delay().get() == 1
    card = Card.objects.get(employee=starter)
    assert card.issued_at == midnight_wib(today)
    assert outputs.card_face(card, with_photo=False).issued_on == today  # printed on the back
    [event] = card.events.all()
    assert (event.kind, event.actor, event.revision) == (CardEvent.Kind.ISSUED, None, 1)


def test_a_start_date_in_the_past_dates_the_card_that_day_not_the_run(agency):
    veteran = EmployeeFactory(agency=agency, start_date=dt.date(2015, 6, 1))

    issue_due_cards()

    assert Card.objects.get(employee=veteran).issued_at == midnight_wib(dt.date(2015, 6, 1))


def test_only_eligible_employees_without_a_card_get_one(agency):
    today = timezone.localdate()
    due = EmployeeFactory(agency=agency)
    EmployeeFactory(agency=agency, start_date=today + dt.timedelta(days=1))
    EmployeeFactory(agency=agency, start_date=None)
    EmployeeFactory(agency=agency, status="pensiun")
    EmployeeFactory(agency=agency, asn_type="PPPK", contract_end_date=today - dt.timedelta(days=1))
    opened = EmployeeFactory(agency=agency)
    card = services.card_for(opened)

    assert issue_due_cards() == 1

    assert list(Card.objects.values_list("employee", flat=True).order_by("pk")) == [
        opened.pk,
        due.pk,
    ]
    assert Card.objects.get(pk=card.pk).issued_at == card.issued_at  # left alone
    assert card.events.get().actor == opened


def test_running_it_again_issues_nothing_more(agency):
    EmployeeFactory.create_batch(3, agency=agency)

    assert issue_due_cards() == 3
    assert issue_due_cards() == 0
    assert Card.objects.count() == 3
    assert CardEvent.objects.filter(kind=CardEvent.Kind.ISSUED).count() == 3


def test_it_works_in_batches(agency, monkeypatch):
    monkeypatch.setattr("cards.tasks.ISSUE_BATCH", 2)
    EmployeeFactory.create_batch(5, agency=agency)

    assert issue_due_cards() == 5
    assert Card.objects.count() == 5


def test_a_card_issued_meanwhile_by_a_page_visit_is_kept_and_not_counted(agency):
    employee = EmployeeFactory(agency=agency)
    stale_list = [employee]  # read by the job before the visit
    visited = services.card_for(employee)

    assert issue_cards(stale_list) == 0
    assert Card.objects.get(employee=employee) == visited
    assert visited.events.count() == 1


def test_hr_counts_of_cards_issued_are_true_after_the_job(agency, hr_officer):
    EmployeeFactory.create_batch(2, agency=agency)

    issue_due_cards()

    [row] = agency_overview(hr_officer)
    assert row["cards"] == row["employees"] == 3  # the officer too is an active employee
