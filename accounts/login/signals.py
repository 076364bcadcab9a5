"""What every login does, however it happened (password, QR code, admin login).

The 12-hour session clock starts, the login is recorded for "Perangkat yang masuk", and a
QR-login mark left by an earlier login in the same browser goes.
"""

import time

from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver

from accounts.login import devices
from accounts.login.qr import SESSION_QR_LOGIN_KEY
from accounts.login.sessions import SESSION_STARTED_KEY


@receiver(user_logged_in, dispatch_uid="accounts.start_session_clock")
def _start_session_clock(sender, request, user, **kwargs):
    request.session[SESSION_STARTED_KEY] = time.time()


@receiver(user_logged_in, dispatch_uid="accounts.qr_login.forget_mark")
def _forget_qr_login_mark(sender, request, user, **kwargs):
    # Any later login in the same browser replaces the QR login: the admin's password form,
    # typically. login() keeps a same-user session's data, so the mark must go explicitly;
    # the QR-login view sets it again right after its own login.
    request.session.pop(SESSION_QR_LOGIN_KEY, None)


@receiver(user_logged_in, dispatch_uid="accounts.record_login_session")
def _record_login_session(sender, request, user, **kwargs):
    devices.record_login(request, user)


@receiver(user_logged_out, dispatch_uid="accounts.forget_login_session")
def _forget_login_session(sender, request, user, **kwargs):
    devices.forget_login(request)
