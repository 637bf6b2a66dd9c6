"""An e-mail backend for the drills: each message in its own file, after an optional pause.

The pause (settings.DRILL_MAIL_DELAY) comes before the message is written:
a worker killed during it has sent nothing, as with an SMTP server that had
not answered yet. A ``.sending`` file marks the pause, so a drill kills the
worker while a job is really in progress.
"""

import time
import uuid
from pathlib import Path

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend


class EmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        folder = Path(settings.EMAIL_FILE_PATH)
        folder.mkdir(parents=True, exist_ok=True)
        for message in email_messages:
            name = uuid.uuid4().hex
            if settings.DRILL_MAIL_DELAY:
                (folder / f"{name}.sending").touch()
                time.sleep(settings.DRILL_MAIL_DELAY)
            (folder / f"{name}.eml").write_bytes(message.message().as_bytes())
        return len(email_messages)
