"""Unconfirmed applications (personal data nobody saw) are deleted after 30 days."""

import datetime
import os

from django.core.files.base import ContentFile
from django.utils import timezone

import pytest

from organisations.choices import ApplicationStatus
from organisations.models import Application
from organisations.tasks import purge_unconfirmed_applications

from .factories import ApplicationFactory

pytestmark = pytest.mark.django_db


def test_old_unconfirmed_applications_and_their_letters_are_deleted(settings):
    old = ApplicationFactory(status=ApplicationStatus.UNCONFIRMED)
    old.recommendation_letter.save("letter.pdf", ContentFile(b"%PDF-1.4 test"))
    letter_path = old.recommendation_letter.path
    recent = ApplicationFactory(status=ApplicationStatus.UNCONFIRMED)
    submitted = ApplicationFactory(status=ApplicationStatus.SUBMITTED)
    long_ago = timezone.now() - datetime.timedelta(days=31)
    Application.objects.filter(pk__in=[old.pk, submitted.pk]).update(submitted_at=long_ago)

    purge_unconfirmed_applications.delay()

    remaining = set(Application.objects.values_list("pk", flat=True))
    assert remaining == {recent.pk, submitted.pk}
    assert not os.path.exists(letter_path)
