"""Read the number out of each existing result's text: 「延べ120人」 → 120, 人.

Where the text holds one number, ``number`` gets it (and an empty unit
takes what followed it); a qualifier such as 延べ or 約 is kept in the
note with the original text. Where it holds none (「120〜150」「多数」),
the text stays as it was and is copied to the note, so nothing is lost.
"""

from django.db import migrations

from practices.results import parse_quantity


def convert(apps, schema_editor):
    PracticeResult = apps.get_model("practices", "PracticeResult")
    for result in PracticeResult.objects.filter(number__isnull=True).iterator():
        quantity = parse_quantity(result.value)
        original = f"{result.value}{result.unit}"
        fields = []
        if quantity.number is None:
            result.note = result.note or original
            fields = ["note"]
        else:
            result.number = quantity.number
            fields = ["number"]
            unit = quantity.unit[:20]
            if unit and not result.unit and result.value.endswith(unit):
                result.value = result.value[: -len(unit)].rstrip()
                result.unit = unit
                fields += ["value", "unit"]
            if quantity.qualifier and not result.note:
                result.note = original
                fields.append("note")
        result.save(update_fields=fields)


class Migration(migrations.Migration):
    dependencies = [("practices", "0002_structured_results")]

    operations = [migrations.RunPython(convert, migrations.RunPython.noop)]
