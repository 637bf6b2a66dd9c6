"""``manage.py import_support_windows FILE [--commit]``: a dry run unless told to write."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from support import importer


class Command(BaseCommand):
    help = (
        "相談窓口の一覧（CSV・Excel）を取り込みます。--commit を付けない限り、確認だけで何も"
        "書き込みません。 / Imports support windows from CSV or Excel; a dry run without --commit."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--commit", action="store_true", help="取り込む / write the rows")

    def handle(self, *args, file, commit=False, **options):
        path = Path(file)
        if not path.exists():
            raise CommandError(f"{file}: ファイルがありません / no such file")
        content = path.read_bytes()
        if commit:
            report = importer.import_windows(content, path.name)
        else:
            report, _plans = importer.check_windows(content, path.name)
        for problem in report.problems:
            self.stderr.write(str(problem))
        for warning in report.warnings:
            self.stdout.write(str(warning))
        if report.problems:
            count = len(report.problems)
            raise CommandError(f"{count} 件の問題があります。何も取り込んでいません。")
        done = "を取り込みました。" if report.committed else "（確認のみ。--commit で取り込みます）"
        self.stdout.write(f"新規 {len(report.to_create)} 件、既存 {len(report.existing)} 件{done}")
