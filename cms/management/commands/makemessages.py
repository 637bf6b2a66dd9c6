"""``manage.py makemessages`` that leaves ``settings.LOCALE_OVERRIDES`` alone.

Django writes the messages of every file outside an app's own ``locale/`` to
the first of ``LOCALE_PATHS``. That is locale_overrides/ (first so that its
hand-written translations of Wagtail's messages win), which must never get
the site's own msgids: the command runs as Django's with the overrides folder
taken out of ``LOCALE_PATHS`` and ignored while scanning.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.commands import makemessages
from django.test.utils import override_settings


class Command(makemessages.Command):
    def handle(self, *args, **options):
        overrides = Path(settings.LOCALE_OVERRIDES).resolve()
        options["ignore_patterns"] = [*options.get("ignore_patterns", []), overrides.name]
        paths = [path for path in settings.LOCALE_PATHS if Path(path).resolve() != overrides]
        with override_settings(LOCALE_PATHS=paths):
            return super().handle(*args, **options)
