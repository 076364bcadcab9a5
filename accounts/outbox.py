"""E-mail leaves the request path as a job of the task queue (accounts.tasks.send_email).

send_later() is the one seam. The message is turned into plain fields and queued; a worker
renders nothing and sends it, retrying while the mail server is unreachable. A page answers
in the same time whether or not it had mail to send and however slow the mail server is.

Without a broker (development, the tests: jobs run in-process) this process is the worker:
the job runs on a thread here, and flush() waits for it. A broker that cannot be reached
falls back to the same thread rather than failing the page or losing the message.
"""

import atexit
import logging
import queue
import threading

from django.core.mail import EmailMessage, EmailMultiAlternatives
from kombu.exceptions import OperationalError as BrokerUnreachable

logger = logging.getLogger(__name__)

_jobs: queue.Queue = queue.Queue()
_idle = threading.Condition()
_pending = 0
_worker: threading.Thread | None = None


def send_later(message: EmailMessage) -> None:
    """Send `message` after the response, off the request thread."""
    from accounts.tasks import send_email

    fields = fields_of(message)
    if send_email.app.conf.task_always_eager:
        _run_here(fields)
        return
    try:
        send_email.delay(fields)
    except BrokerUnreachable:
        logger.warning("Task broker unreachable: sending %r from this process", message.subject)
        _run_here(fields)


def fields_of(message: EmailMessage) -> dict:
    """What a job carries: JSON-serialisable fields, from which the worker builds the message."""
    if message.attachments:
        raise ValueError("attachments are not sent through the outbox")
    return {
        "subject": str(message.subject),
        "body": str(message.body),
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": dict(message.extra_headers),
        "alternatives": [[str(c), m] for c, m in getattr(message, "alternatives", ())],
    }


def message_from_fields(fields: dict) -> EmailMultiAlternatives:
    fields = dict(fields)
    alternatives = fields.pop("alternatives", [])
    message = EmailMultiAlternatives(**fields)
    for content, mimetype in alternatives:
        message.attach_alternative(content, mimetype)
    return message


def flush(timeout: float | None = None) -> bool:
    """Wait until every message this process sends itself has been sent (or has failed).
    With a broker, the workers hold them and there is nothing to wait for here."""
    with _idle:
        return _idle.wait_for(lambda: _pending == 0, timeout)


def _run_here(fields: dict) -> None:
    global _pending, _worker
    with _idle:
        _pending += 1
        # A forked server process inherits the variable, not the thread: start its own.
        if _worker is None or not _worker.is_alive():
            _worker = threading.Thread(target=_work, name="mail-outbox", daemon=True)
            _worker.start()
    _jobs.put(fields)


def _work() -> None:
    from accounts.tasks import send_email

    global _pending
    while True:
        fields = _jobs.get()
        try:
            # Retries run at once here; the failure is logged by the task's result.
            if send_email.apply(args=[fields], throw=False).failed():
                logger.error("Failed to send e-mail %r", fields["subject"])
        except Exception:
            logger.exception("Failed to send e-mail %r", fields["subject"])
        finally:
            with _idle:
                _pending -= 1
                _idle.notify_all()


# A server stopping gracefully (gunicorn's worker exit, a deploy) sends what it still holds.
atexit.register(flush, timeout=30)
