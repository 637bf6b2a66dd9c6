"""Show (and with --apply, write) the forum permission rows each subcommittee implies."""

from django.core.management.base import BaseCommand

from forum.permissions import sync_forum_permissions
from subcommittees.models import Subcommittee


class Command(BaseCommand):
    help = (
        "Compare machina's forum permission rows with what each subcommittee implies. "
        "Dry run by default; --apply writes the changes."
    )

    def add_arguments(self, parser):
        parser.add_argument("--apply", action="store_true", help="write the changes")
        parser.add_argument("slugs", nargs="*", help="only these subcommittees (slugs)")

    def handle(self, *args, apply=False, slugs=(), **options):
        queryset = Subcommittee.objects.exclude(forum=None).select_related("forum")
        if slugs:
            queryset = queryset.filter(slug__in=slugs)
        total = 0
        for subcommittee in queryset.order_by("pk"):
            changes = sync_forum_permissions(subcommittee, dry_run=not apply)
            total += len(changes)
            for change in changes:
                self.stdout.write(f"{subcommittee.slug}: {change}")
        verb = "applied" if apply else "to apply (dry run; use --apply)"
        self.stdout.write(f"{total} change(s) {verb}")
