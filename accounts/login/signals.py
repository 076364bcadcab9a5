"""What every login does, however it happened (password, QR code, admin login).

The 12-hour session clock starts, and the login is recorded for "Perangkat yang masuk".
"""

import time

from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver

from accounts.login import devices
from accounts.login.sessions import SESSION_STARTED_KEY


@receiver(user_logged_in, dispatch_uid="accounts.start_session_clock")
def _start_session_clock(sender, request, user, **kwargs):
    request.session[SESSION_STARTED_KEY] = time.time()


@receiver(user_logged_in, dispatch_uid="accounts.record_login_session")
def _record_login_session(sender, request, user, **kwargs):
    devices.record_login(request, user)


@receiver(user_logged_out, dispatch_uid="accounts.forget_login_session")
def _forget_login_session(sender, request, user, **kwargs):
    devices.forget_login(request)
