"""E-mail that leaves the request path: a worker thread hands it to the mail backend.

send_later() is the one seam: when the portal gets a task queue, its body enqueues the
message there and nothing else changes. Until then the message waits in this process, so
a page answers in the same time whether or not it had mail to send and however slow the
mail server is. A process that dies loses what it still held (the person asks again).
"""

import atexit
import logging
import queue
import threading

from django.core.mail import EmailMessage

logger = logging.getLogger(__name__)

_messages: queue.Queue = queue.Queue()
_idle = threading.Condition()
_pending = 0
_worker: threading.Thread | None = None


def send_later(message: EmailMessage) -> None:
    """Send `message` after the response, off the request thread."""
    global _pending
    with _idle:
        _pending += 1
    _messages.put(message)
    _start_worker()


def flush(timeout: float | None = None) -> bool:
    """Wait until every message handed to send_later() has been sent (or has failed)."""
    with _idle:
        return _idle.wait_for(lambda: _pending == 0, timeout)


def _start_worker() -> None:
    global _worker
    with _idle:
        # A forked server process inherits the variable, not the thread: start its own.
        if _worker is None or not _worker.is_alive():
            _worker = threading.Thread(target=_work, name="mail-outbox", daemon=True)
            _worker.start()


def _work() -> None:
    global _pending
    while True:
        message = _messages.get()
        try:
            message.send()
        except Exception:
            logger.exception("Failed to send e-mail %r", message.subject)
        finally:
            with _idle:
                _pending -= 1
                _idle.notify_all()


# A server stopping gracefully (gunicorn's worker exit, a deploy) sends what it still holds.
atexit.register(flush, timeout=30)
