"""manage.py import_organisations FILE [--commit]: the secretariat's register from CSV/Excel.

A dry run by default: every problem is listed with its line number and column,
and nothing is written. ``--commit`` imports, all rows or none, and only when
the file has no problem; running it again updates instead of duplicating.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from organisations.services import register

PROGRESS_EVERY = 50


class Command(BaseCommand):
    help = _("会員名簿（CSV・Excel）を確認し、--commit を付けると取り込みます。")

    def add_arguments(self, parser):
        parser.add_argument("file", help=_("CSV（UTF-8 または Shift_JIS）か .xlsx のファイル"))
        parser.add_argument(
            "--commit",
            action="store_true",
            help=_("確認だけでなく、実際に取り込みます（問題が1つでもあれば取り込みません）。"),
        )
        parser.add_argument(
            "--no-progress", action="store_true", help=_("取込みの途中経過を表示しません。")
        )

    def handle(self, *args, file, commit, no_progress, **options):
        path = Path(file)
        try:
            content = path.read_bytes()
        except OSError as error:
            raise CommandError(_("ファイルを読めません：%(error)s") % {"error": error}) from error

        if not commit:
            report = register.check_register(content, path.name)
            self.print_report(report)
            if not report.is_clean:
                raise CommandError(report.summary())
            self.stdout.write(report.summary())
            self.stdout.write(
                _("これは確認だけです。取り込むには --commit を付けて実行してください。")
            )
            return

        progress = None if no_progress else self.progress
        try:
            report = register.import_register(content, path.name, progress=progress)
        except register.RegisterImportFailed as error:
            raise CommandError(str(error)) from error
        self.print_report(report)
        if not report.is_clean:
            raise CommandError(
                _("問題があるため、何も取り込みませんでした。") + " " + report.summary()
            )
        self.stdout.write(self.style.SUCCESS(report.summary()))

    def print_report(self, report):
        for problem in report.problems:
            self.stdout.write(self.style.ERROR(str(problem)))
        for warning in report.warnings:
            self.stdout.write(self.style.WARNING(str(warning)))

    def progress(self, done, total):
        if done % PROGRESS_EVERY == 0 or done == total:
            self.stderr.write(
                _("%(done)s / %(total)s 行を処理しました") % {"done": done, "total": total}
            )
