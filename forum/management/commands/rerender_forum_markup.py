"""Re-render every stored post, signature and forum description with forum.markup.

machina stores the rendered HTML next to the markdown source and prints the
stored copy, so a change of renderer (or of its allow-list) only reaches old
posts through this command.
"""

from django.core.management.base import BaseCommand

from forum.services import rerender_markup


class Command(BaseCommand):
    help = "Re-render the stored HTML of forum posts, signatures and forum descriptions."

    def handle(self, *args, **options):
        counts = rerender_markup()
        for label, count in counts.items():
            self.stdout.write(f"{label}: {count} re-rendered")
