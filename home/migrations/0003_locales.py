"""A Wagtail Locale for every language of the site (issue 6).

The list is written out here (not read from settings) so the migration means
the same thing whenever it runs; the Japanese locale already exists.
"""

from django.db import migrations

LANGUAGE_CODES = [
    "ja",
    "ja-x-easy",
    "en",
    "zh-hans",
    "ko",
    "vi",
    "tl",
    "pt-br",
    "es",
    "th",
    "ne",
    "id",
]


def create_locales(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    for code in LANGUAGE_CODES:
        Locale.objects.get_or_create(language_code=code)


def delete_locales(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    Page = apps.get_model("wagtailcore", "Page")
    used = set(Page.objects.values_list("locale_id", flat=True))
    Locale.objects.exclude(language_code="ja").exclude(pk__in=used).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0002_create_homepage"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_locales, delete_locales)]
