from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from privacy import registry, services


class Command(BaseCommand):
    help = (
        "Remove personal data past its retention period (privacy.registry's purgers). "
        "Dry run unless --commit is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("--commit", action="store_true", help="delete; without it, only count")

    def handle(self, *args, commit=False, **options):
        counts = services.purge_expired(dry_run=not commit)
        rules = {purger.key: purger.retention for purger in registry.purgers()}
        for key, count in counts.items():
            self.stdout.write(f"{key}: {count} ({rules[key].rule})")
        if not commit:
            self.stdout.write(_("確認のみ（削除していません）。削除するには --commit を付けます。"))
