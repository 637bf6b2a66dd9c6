"""manage.py export_organisations --format csv|xlsx [--public] OUTFILE.

Without --public: the secretariat's register, every field, including contact
details that are members-only or secretariat-only. Keep that file safe.
With --public: only what anyone may read on the site.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from organisations.services import register


class Command(BaseCommand):
    help = _("会員名簿を CSV か Excel（.xlsx）に書き出します。")

    def add_arguments(self, parser):
        parser.add_argument("outfile", help=_("書き出すファイル"))
        parser.add_argument("--format", dest="file_format", choices=["csv", "xlsx"], default="csv")
        parser.add_argument(
            "--public",
            action="store_true",
            help=_("一般公開してよい項目だけを書き出します。"),
        )
        parser.add_argument(
            "--include-inactive",
            action="store_true",
            help=_("資格停止・退会・除名の団体も含めます（--public では無効）。"),
        )

    def handle(self, *args, outfile, file_format, public, include_inactive, **options):
        content, _content_type, _name = register.export_register(
            file_format, public=public, include_inactive=include_inactive
        )
        try:
            Path(outfile).write_bytes(content)
        except OSError as error:
            raise CommandError(_("書き出せません：%(error)s") % {"error": error}) from error
        self.stdout.write(self.style.SUCCESS(_("%(path)s に書き出しました。") % {"path": outfile}))
