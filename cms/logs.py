"""Quieter logs for bulk commands (the demo loader, imports)."""

import logging
from contextlib import contextmanager

# Loggers that narrate every page save and background task; a bulk command's
# summary says it all.
CHATTY_LOGGERS = ("wagtail", "django_tasks", "modelsearch")


@contextmanager
def quiet_loggers(names=CHATTY_LOGGERS, quiet=True):
    """Only warnings and worse from the ``names`` loggers inside the block (if ``quiet``)."""
    loggers = [logging.getLogger(name) for name in names] if quiet else []
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)
