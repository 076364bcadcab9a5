"""The HR admin answers any input below 500: searches, filters, dates, autocomplete, the
import (upload and confirm), the export, actions and the employee form.

First the attacks seen in production, one test each; then Hypothesis over every parameter.
A query no database can run (a NUL character, a year at the calendar's edge) gets Django's
answer to a bad filter: the list again, unfiltered ("?e=1"), with a message saying why.
"""

import csv
import io

import pytest
from django.contrib.admin.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import given
from hypothesis import strategies as st

from accounts.hr.importing.cells import COLUMNS
from accounts.hr.roles import ensure_hr_group
from cards import services
from tests.factories import EmployeeFactory, WorkUnitFactory
from tests.fuzzing import answered, fresh_client, fuzz, nasty, number, segment
from tests.fuzzing import file_name as upload_name

pytestmark = pytest.mark.django_db

EMPLOYEES = "/admin/accounts/employee/"
LISTS = (
    EMPLOYEES,
    "/admin/accounts/workunit/",
    "/admin/accounts/agency/",
    "/admin/cards/cardevent/",
    "/admin/admin/logentry/",
)
AUTOCOMPLETE = "/admin/autocomplete/"
UNANSWERABLE = "Filter atau pencarian ini tidak dapat dijalankan"
# Lookups the lists offer, and what their filters and date drill-downs send.
LOOKUPS = (
    "q", "o", "p", "e", "all", "_facets", "asn_type__exact", "status__exact", "rank",
    "rank__exact", "kartu", "work_unit__id__exact", "agency__id__exact", "is_staff__exact",
    "date_joined__gte", "date_joined__lt", "kind__exact", "actor__id__exact", "created_at__gte",
    "created_at__lt", "created_at__year", "created_at__month", "created_at__day",
    "action_flag__exact", "user__id__exact", "action_time__gte", "action_time__lt",
    "action_time__year", "action_time__month", "action_time__day", "_changelist_filters",
)  # fmt: skip


@pytest.fixture
def agency_data(agency, other_agency):
    """A unit, an employee with a card (so the card trail has rows), a data change on record,
    and another agency's employee."""
    unit = WorkUnitFactory(agency=agency, code="BIRO-SDM")
    employee = EmployeeFactory(agency=agency, work_unit=unit)
    services.card_for(employee)
    EmployeeFactory(agency=other_agency)
    return employee


@pytest.fixture
def officer(agency, agency_data):
    person = EmployeeFactory(agency=agency, name="Dewi Lestari", is_staff=True)
    person.groups.add(ensure_hr_group())
    LogEntry.objects.log_actions(person.pk, [agency_data], 2, change_message="[]")
    return person


@pytest.fixture
def superuser(agency, agency_data):
    return EmployeeFactory(agency=agency, is_staff=True, is_superuser=True)


@pytest.fixture(params=["officer", "superuser"])
def staff(request):
    return request.getfixturevalue(request.param)


# -- the attacks seen in production -----------------------------------------------------------


@pytest.mark.parametrize("path", LISTS)
@pytest.mark.parametrize("query", ["q=%00", "q=a%00b", "rank=%00", "kind__exact=%00",
                                   "status__exact=%00&_facets=1"])  # fmt: skip
def test_a_nul_character_in_a_search_or_filter_is_answered_without_a_server_error(
    staff, path, query
):
    response = fresh_client(staff).get(f"{path}?{query}", follow=True)
    assert response.status_code == 200


def test_a_nul_character_in_a_filter_shows_the_list_unfiltered_with_a_message(officer):
    response = fresh_client(officer).get(f"{EMPLOYEES}?rank=%00", follow=True)
    assert response.redirect_chain == [(f"{EMPLOYEES}?e=1", 302)]
    assert UNANSWERABLE in response.content.decode()


@pytest.mark.parametrize("field", ["work_unit", "agency"])
@pytest.mark.parametrize("term", ["%00", "BIRO%00", "a+" * 2000])
def test_autocomplete_takes_a_nul_character_or_an_endless_term(staff, field, term):
    response = fresh_client(staff).get(
        f"{AUTOCOMPLETE}?term={term}&app_label=accounts&model_name=employee&field_name={field}"
    )
    assert response.status_code == 200
    assert "results" in response.json()


def test_a_nul_character_is_dropped_from_an_autocomplete_term(officer, agency_data):
    response = fresh_client(officer).get(
        AUTOCOMPLETE,
        {"term": "SDM\x00", "app_label": "accounts", "model_name": "employee",
         "field_name": "work_unit"},
    )  # fmt: skip
    assert [unit["id"] for unit in response.json()["results"]] == [str(agency_data.work_unit_id)]


@pytest.mark.parametrize(
    "url",
    [
        f"{EMPLOYEES}?date_joined__gte=99999-01-01",
        "/admin/cards/cardevent/?created_at__year=999999",
        "/admin/cards/cardevent/?created_at__year=9999",
        "/admin/cards/cardevent/?created_at__year=9999&created_at__month=12",
        "/admin/cards/cardevent/?created_at__year=9999&created_at__month=12&created_at__day=31",
        "/admin/admin/logentry/?action_time__year=999999",
        "/admin/admin/logentry/?action_time__year=9999",
    ],
)
def test_a_date_beyond_the_calendar_shows_the_list_again(staff, url):
    response = fresh_client(staff).get(url, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0].endswith("?e=1")


@pytest.mark.parametrize(
    "url",
    [
        f"{EMPLOYEES}?date_joined__gte=0001-01-01",
        "/admin/cards/cardevent/?created_at__year=1",
        "/admin/cards/cardevent/?created_at__gte=0001-01-01",
        "/admin/admin/logentry/?action_time__gte=0001-01-01",
    ],
)
def test_the_first_day_of_the_calendar_is_answered(staff, url):
    # PostgreSQL filters by it; SQLite cannot take it to UTC, and the list comes again.
    assert fresh_client(staff).get(url, follow=True).status_code == 200


@pytest.mark.parametrize("path", LISTS)
def test_a_search_longer_than_any_name_finds_nothing_instead_of_failing(staff, path):
    response = fresh_client(staff).get(path, {"q": "a " * 3000})
    assert response.status_code == 200
    assert response.context["cl"].result_count == 0


def test_a_crafted_format_on_the_import_or_export_is_a_form_error(officer, agency):
    client = fresh_client(officer)
    for value in ("9", "-1", "x", "\x00", "1e309"):
        upload = SimpleUploadedFile("pegawai.csv", b"nip,nama\n")
        answered(client.post(f"{EMPLOYEES}import/", {"import_file": upload, "format": value}))
        answered(client.post(f"{EMPLOYEES}process_import/",
                             {"format": value, "agency": agency.pk, "original_file_name": "a",
                              "import_file_name": f"{'A' * 43}.csv"}))  # fmt: skip
        answered(client.post(f"{EMPLOYEES}export/", {"format": value}))


@pytest.mark.parametrize("selected", ["abc", "\x00", "99999999999999999999", ""])
def test_selected_ids_that_are_no_ids_are_refused_with_a_message(officer, agency_data, selected):
    data = {"action": "revoke_cards", "_selected_action": [str(agency_data.pk), selected]}
    response = fresh_client(officer).post(EMPLOYEES, data, follow=True)
    assert response.redirect_chain == [(EMPLOYEES, 302)]
    assert "Pilihan data tidak sah, jadi tidak ada yang diubah." in response.content.decode()


@pytest.mark.parametrize("selected", ["abc", "\x00", "99999999999999999999"])
def test_an_export_of_ids_that_are_no_ids_is_a_form_error(officer, selected):
    data = {"format": "0", "export_items": [selected]}
    response = fresh_client(officer).post(f"{EMPLOYEES}export/", data)
    assert response.status_code == 200
    assert "export_items" in response.context["form"].errors


@pytest.mark.parametrize("unit", ["abc", "\x00", "99999999999999999999"])
def test_an_employee_form_with_a_unit_that_is_no_id_comes_back_with_an_error(officer, unit):
    response = fresh_client(officer).post(f"{EMPLOYEES}add/", {"name": "Baru", "work_unit": unit})
    assert response.status_code == 200
    assert "work_unit" in response.context["adminform"].form.errors


# -- every parameter, with Hypothesis ---------------------------------------------------------


@fuzz
@given(
    path=st.sampled_from(LISTS),
    params=st.dictionaries(st.one_of(st.sampled_from(LOOKUPS), nasty), nasty, max_size=4),
    as_superuser=st.booleans(),
)
def test_lists_answer_any_search_filter_and_ordering(officer, superuser, path, params,
                                                     as_superuser):  # fmt: skip
    answered(fresh_client(superuser if as_superuser else officer).get(path, params))


@fuzz
@given(
    term=nasty,
    app_label=st.one_of(st.just("accounts"), nasty),
    model_name=st.one_of(st.sampled_from(["employee", "workunit"]), nasty),
    field_name=st.one_of(st.sampled_from(["work_unit", "agency", "parent"]), nasty),
    page=number,
)
def test_autocomplete_answers_any_parameter(officer, term, app_label, model_name, field_name,
                                            page):  # fmt: skip
    params = {"term": term, "app_label": app_label, "model_name": model_name,
              "field_name": field_name, "page": page}  # fmt: skip
    answered(fresh_client(officer).get(AUTOCOMPLETE, params))


@fuzz
@given(
    file_name=nasty,
    content=st.one_of(
        st.binary(max_size=3_000),
        st.lists(st.lists(nasty, max_size=16), max_size=4).map(lambda rows: rows),
    ),
    format_=number,
    agency=number,
    skip=nasty,
)
def test_the_import_upload_answers_any_file_and_field(superuser, file_name, content, format_,
                                                      agency, skip):  # fmt: skip
    if isinstance(content, list):  # a spreadsheet with the right header and nasty cells
        out = io.StringIO()
        csv.writer(out).writerows([list(COLUMNS), *content])
        content, file_name = out.getvalue().encode(), file_name[:50] + ".csv"
    upload = SimpleUploadedFile(upload_name(file_name, "pegawai.csv"), content)
    data = {"import_file": upload, "format": format_, "agency": agency, "skip_bad_rows": skip}
    answered(fresh_client(superuser).post(f"{EMPLOYEES}import/", data))


@fuzz
@given(
    stored=nasty,
    original=nasty,
    agency=number,
    skip=nasty,
    cancel=st.booleans(),
    method=st.sampled_from(["get", "post"]),
)
def test_the_import_confirmation_answers_any_field(officer, stored, original, agency, skip,
                                                   cancel, method):  # fmt: skip
    data = {"import_file_name": stored, "original_file_name": original, "agency": agency,
            "skip_bad_rows": skip, **({"cancel": "1"} if cancel else {})}  # fmt: skip
    answered(getattr(fresh_client(officer), method)(f"{EMPLOYEES}process_import/", data))


@fuzz
@given(
    format_=number,
    items=st.lists(number, max_size=3),
    params=st.dictionaries(st.sampled_from(LOOKUPS), nasty, max_size=2),
    extension=nasty,
)
def test_the_export_and_the_import_template_answer_any_field(superuser, format_, items, params,
                                                             extension):  # fmt: skip
    client = fresh_client(superuser)
    query = "&".join(f"{segment(key)}={segment(value)}" for key, value in params.items())
    answered(client.post(f"{EMPLOYEES}export/?{query}", {"format": format_,
                                                         "export_items": items}))  # fmt: skip
    answered(client.get(f"{EMPLOYEES}import/templat.{segment(extension)}"))


@fuzz
@given(
    action=st.one_of(
        st.sampled_from(
            [
                "revoke_cards",
                "reissue_cards",
                "send_password_reset",
                "export_admin_action",
                "delete_selected",
            ]
        ),
        nasty,
    ),  # fmt: skip
    selected=st.lists(number, max_size=3),
    real=st.booleans(),
    fields=st.dictionaries(
        st.sampled_from(["select_across", "index", "confirm", "reason", "post"]), nasty, max_size=5
    ),  # fmt: skip
)
def test_actions_answer_any_selection_and_confirmation(officer, agency_data, action, selected,
                                                       real, fields):  # fmt: skip
    chosen = [*selected, str(agency_data.pk)] if real else selected
    data = {"action": action, "_selected_action": chosen, **fields}
    answered(fresh_client(officer).post(EMPLOYEES, data))


@fuzz
@given(
    object_id=st.one_of(st.just(None), number),
    fields=st.dictionaries(
        st.sampled_from(
            [
                "name",
                "front_title",
                "back_title",
                "birth_place",
                "birth_date",
                "gender",
                "email",
                "phone",
                "asn_type",
                "status",
                "work_unit",
                "agency",
                "position",
                "rank",
                "start_date",
                "contract_end_date",
                "nip",
                "is_active",
                "_continue",
                "_changelist_filters",
            ]
        ),
        nasty,
        max_size=8,
    ),  # fmt: skip
)
def test_the_employee_form_and_history_answer_any_field(officer, agency_data, object_id, fields):
    client = fresh_client(officer)
    key = str(agency_data.pk) if object_id is None else segment(object_id)
    for page in ("change", "history", "delete"):
        answered(
            client.get(f"{EMPLOYEES}{key}/{page}/", {"_changelist_filters": fields.get("name", "")})
        )
    answered(client.post(f"{EMPLOYEES}{key}/change/", fields))
    answered(client.post(f"{EMPLOYEES}add/", fields))
