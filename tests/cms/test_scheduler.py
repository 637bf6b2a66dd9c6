"""On the embedded default, scheduled pages go live without a Celery beat."""

from datetime import timedelta

from django.core.management import CommandError, call_command
from django.test import override_settings
from django.utils import timezone

import pytest

from home.models import StandardPage

pytestmark = pytest.mark.django_db


def test_a_page_scheduled_a_minute_ago_goes_live(home_page):
    page = StandardPage(title="研修会のご案内", slug="kenshukai", live=False)
    home_page.add_child(instance=page)
    revision = page.save_revision()
    revision.approved_go_live_at = timezone.now() - timedelta(minutes=1)  # scheduled
    revision.save()

    call_command("run_scheduler", "--once")

    page.refresh_from_db()
    assert page.live


@override_settings(CELERY_TASK_ALWAYS_EAGER=False)
def test_with_a_broker_beat_does_it():
    with pytest.raises(CommandError, match="celery -A cms beat"):
        call_command("run_scheduler", "--once")


def test_make_up_starts_it():
    from pathlib import Path

    from django.conf import settings

    recipe = (Path(settings.BASE_DIR) / "Makefile").read_text().split("\nup:", 1)[1]
    recipe = recipe.split("\n\n", 1)[0]
    assert "run_scheduler" in recipe
