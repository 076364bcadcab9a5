import time

from django.conf import settings
from django.contrib.auth import logout

SESSION_STARTED_KEY = "_session_started_at"


class SessionLifetimeMiddleware:
    """End a logged-in session 12 hours after login, however active it has been.

    The 30-minute idle limit is the cookie age, renewed on every request.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            started = request.session.get(SESSION_STARTED_KEY)
            if started is None:
                request.session[SESSION_STARTED_KEY] = time.time()
            elif time.time() - started > settings.SESSION_MAX_LIFETIME:
                logout(request)
        return self.get_response(request)
