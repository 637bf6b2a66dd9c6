"""Quieting the loggers that narrate bulk work, for commands that print their own summary."""

import logging
from contextlib import contextmanager

# Loggers that narrate every page save, image and background task.
CHATTY_LOGGERS = ("wagtail", "django_tasks", "modelsearch")


@contextmanager
def quiet_loggers(names=CHATTY_LOGGERS, quiet=True):
    """Raise ``names`` to WARNING inside the block (unless ``quiet`` is false)."""
    loggers = [logging.getLogger(name) for name in names] if quiet else []
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)
