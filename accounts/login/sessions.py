"""How long a logged-in session lives: 30 minutes idle, 12 hours at most."""

import time

from django.conf import settings
from django.contrib.auth import logout

SESSION_STARTED_KEY = "_session_started_at"
SESSION_TOUCHED_KEY = "_session_touched_at"
TOUCH_INTERVAL = 60


class SessionLifetimeMiddleware:
    """End a logged-in session 12 hours after login, however active it has been.

    The 30-minute idle limit is the session age (SESSION_COOKIE_AGE), renewed whenever the
    session is saved.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = time.time()
            started = request.session.get(SESSION_STARTED_KEY)
            if started is None:
                request.session[SESSION_STARTED_KEY] = now
            elif now - started > settings.SESSION_MAX_LIFETIME:
                logout(request)
            elif now - request.session.get(SESSION_TOUCHED_KEY, 0) > TOUCH_INTERVAL:
                # Renew the 30-minute idle expiry at most once a minute, not on every
                # request: a session write per download would dominate the cost of serving it.
                request.session[SESSION_TOUCHED_KEY] = now
        return self.get_response(request)
