"""Register exports in the audit log: who took the register out, in what form, from where.

Each export writes exactly one entry of Wagtail's audit log against the
exporting account (cms.Account); the secretariat reads it in Site history,
nobody else exports or reads it.
"""

import re

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from wagtail.models import ModelLogEntry

import pytest

from cms.models import Account
from organisations.wagtail_hooks.register import REGISTER_EXPORTED
from tests.organisations.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

EXPORT_URL = reverse("organisations_register_export")
SITE_HISTORY = "/admin/reports/site-history/"
IP = "198.51.100.61"


def export(client, **data):
    return client.post(EXPORT_URL, {"file_format": "csv", **data}, REMOTE_ADDR=IP)


def test_an_export_is_one_entry_with_its_form(as_persona, secretariat):
    OrganisationFactory(name="あおぞら見守りネット")
    client = as_persona("secretariat")
    response = export(client, file_format="xlsx", include_inactive="on")
    assert response.status_code == 200

    [entry] = ModelLogEntry.objects.filter(action=REGISTER_EXPORTED)
    assert entry.content_type == ContentType.objects.get_for_model(
        Account, for_concrete_model=False
    )
    assert entry.object_id == str(secretariat.pk)
    assert entry.user_id == secretariat.pk
    assert entry.data == {"ip": IP, "file_format": "xlsx", "include_inactive": True}
    # What was exported stays out of the log.
    assert "あおぞら" not in str(entry.data) + entry.label


def test_an_invalid_form_exports_and_records_nothing(as_persona, secretariat):
    response = export(as_persona("secretariat"), file_format="pdf")
    assert response.status_code == 200
    assert "attachment" not in response.get("Content-Disposition", "")
    assert not ModelLogEntry.objects.filter(action=REGISTER_EXPORTED).exists()


@pytest.mark.parametrize("persona", ["anonymous", "outsider", "org_a_staff", "org_a_admin"])
def test_nobody_else_exports_or_is_recorded(as_persona, persona):
    response = export(as_persona(persona))
    assert response.status_code in (302, 403)
    assert not ModelLogEntry.objects.filter(action=REGISTER_EXPORTED).exists()


def test_the_secretariat_reads_exports_in_site_history(as_persona, secretariat):
    client = as_persona("secretariat")
    export(client)
    response = client.get(SITE_HISTORY)
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(rf'value="{REGISTER_EXPORTED}"[^>]*>\s*名簿の書き出し</label>', html)
    assert f"会員名簿を書き出しました（CSV）（IPアドレス：{IP}）" in html


def test_an_editor_and_a_member_do_not_read_them(as_persona, secretariat, editor, org_a_admin):
    export(as_persona("secretariat"))
    client = as_persona("editor")
    response = client.get(SITE_HISTORY)
    assert response.status_code == 200
    assert "会員名簿を書き出しました" not in response.content.decode()

    response = as_persona("org_a_admin").get(SITE_HISTORY)
    assert response.status_code in (302, 403)
    assert "会員名簿を書き出しました" not in response.content.decode()
