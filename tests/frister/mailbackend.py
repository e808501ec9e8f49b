"""An e-mail backend for the fault tests, used by a real Celery worker in another process: it
appends each accepted message's Message-ID to a file (the "mail server's" record, shared across
worker processes), and can be told to hang before the n-th message so a test can kill the worker
at a known point mid-batch."""

import os
import time
from pathlib import Path

from django.core.mail.backends.base import BaseEmailBackend

_sent_in_process = 0


class RecordingBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        global _sent_in_process
        log = Path(os.environ["TILSYN_TEST_MAIL_LOG"])
        block_at = int(os.environ.get("TILSYN_TEST_MAIL_BLOCK_AT", "0"))
        for message in email_messages:
            _sent_in_process += 1
            if block_at and _sent_in_process == block_at:
                Path(os.environ["TILSYN_TEST_MAIL_BLOCKED"]).write_text(message.extra_headers["Message-ID"])
                time.sleep(3600)  # the test SIGKILLs the worker here, mid-send
            with log.open("a") as fh:
                fh.write(message.extra_headers["Message-ID"] + "\n")
                fh.flush()
                os.fsync(fh.fileno())
        return len(email_messages)
