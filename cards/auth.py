"""Loading the logged-in employee together with their card, in one query per request."""

from django.contrib.auth.backends import ModelBackend

from accounts.models import Employee

PRELOADED = "_card_preloaded"


class EmployeeWithCardBackend(ModelBackend):
    """ModelBackend whose get_user also joins the agency, unit, card and card photo.

    Every portal page for an employee needs these; joining them into the user query that
    runs on each request anyway saves a query per page (and per repeat download).
    """

    def get_user(self, user_id):
        try:
            employee = Employee._default_manager.select_related(
                "agency", "work_unit", "card__photo"
            ).get(pk=user_id)
        except Employee.DoesNotExist:
            return None
        setattr(employee, PRELOADED, True)
        return employee if self.user_can_authenticate(employee) else None
