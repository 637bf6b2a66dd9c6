"""manage.py import_practices FILE [--commit]: good-practice write-ups from CSV/Excel.

A dry run by default: every problem is listed with its line number and column,
and nothing is written. ``--commit`` imports, all rows or none, and only when
the file has no problem. Write-ups arrive as drafts for the secretariat to
review, unless ``--publish``. A write-up the organisation already has (same
title) is skipped, or revised with ``--update``; running the same file twice
never duplicates. See organisations/services/practice_import.py for the format.
"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from cms.logs import quiet_loggers
from organisations.management.commands import import_organisations
from practices import importer as practice_import


class Command(import_organisations.Command):
    """The register command's file argument, --commit, --no-progress, problem list and progress."""

    help = _("取組事例（CSV・Excel、1行に1件）を確認し、--commit を付けると取り込みます。")

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--publish",
            action="store_true",
            help=_("取り込んだ取組事例をすぐに公開します（既定では下書きとして保存します）。"),
        )
        parser.add_argument(
            "--update",
            action="store_true",
            help=_(
                "団体名と取組名が同じ取組事例が既にあるとき、内容が違えば新しい版として"
                "保存します（既定ではスキップします）。"
            ),
        )
        parser.add_argument(
            "--create-missing-organisations",
            action="store_true",
            help=_(
                "登録されていない団体名があれば、非公開の仮の団体を作ります"
                "（既定ではエラーにします）。"
            ),
        )
        parser.add_argument(
            "--user",
            help=_("取組事例の版の作成者として記録する利用者名（事務局の方）"),
        )

    def handle(self, *args, file, commit, publish, update, no_progress, **options):
        path = Path(file)
        try:
            content = path.read_bytes()
        except OSError as error:
            raise CommandError(_("ファイルを読めません：%(error)s") % {"error": error}) from error
        self.verbosity = options["verbosity"]
        user = self.find_user(options["user"])
        choices = {
            "create_missing_organisations": options["create_missing_organisations"],
            "update": update,
        }

        if not commit:
            report = practice_import.check_practices(content, path.name, **choices)
            self.print_report(report)
            if not report.is_clean:
                raise CommandError(report.summary())
            self.stdout.write(report.summary())
            self.stdout.write(
                _("これは確認だけです。取り込むには --commit を付けて実行してください。")
            )
            return

        progress = None if no_progress else self.progress
        # Wagtail and its tasks log every page and index update: keep that for -v2.
        try:
            with quiet_loggers(quiet=self.verbosity < 2):
                report = practice_import.import_practices(
                    content, path.name, publish=publish, user=user, progress=progress, **choices
                )
        except practice_import.PracticeImportFailed as error:
            raise CommandError(str(error)) from error
        self.print_report(report)
        if not report.is_clean:
            raise CommandError(
                _("問題があるため、何も取り込みませんでした。") + " " + report.summary()
            )
        self.stdout.write(self.style.SUCCESS(report.summary()))

    def find_user(self, username):
        if not username:
            return None
        try:
            return get_user_model().objects.get_by_natural_key(username)
        except get_user_model().DoesNotExist:
            raise CommandError(
                _("「%(username)s」という利用者はいません。") % {"username": username}
            ) from None

    def print_report(self, report):
        super().print_report(report)
        if not report.is_clean or self.verbosity < 1:
            return
        for outcome in report.outcomes:
            self.stdout.write(str(outcome))
        for name in report.placeholders:
            message = (
                _("仮の団体「%(name)s」を作成しました（非公開）。団体概要を登録してください。")
                if report.committed
                else _("仮の団体「%(name)s」を作成します（非公開）。")
            )
            self.stdout.write(self.style.WARNING(message % {"name": name}))
