"""``manage.py load_demo``: a believable Japanese demo site, safe to run again."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cms.logs import quiet_loggers
from demo.files import DemoDataError
from demo.printing import pad, width

SITE_URL = "http://127.0.0.1:8000/"
INSTALL_HINT = (
    "load_demo needs the demo's own libraries (reportlab, PyYAML): "
    "install the demo dependency group, e.g. `uv sync --group demo`."
)


class Command(BaseCommand):
    help = (
        "デモ用のページ・お知らせ・報告書（PDF）・イベント・ユーザーを作成します。"
        "何度実行しても重複しません。 / Loads demo content; running it again creates nothing new."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="DEBUG=False でも実行する / run even when DEBUG is False",
        )
        parser.add_argument(
            "--refresh",
            action="store_true",
            help=(
                "既存のデモページ・文書・パスワードもデモの内容に戻し、日付を今日基準で付け直す / "
                "also reset existing demo pages, documents and passwords, re-dating news and events"
            ),
        )

    def handle(self, *args, force=False, refresh=False, verbosity=1, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "load_demo は開発・デモ用です。公開されたパスワードのアカウントを作るため、"
                "DEBUG=False の環境では実行しません。"
                "どうしても実行する場合は --force を付けてください。"
                " / load_demo creates accounts with a published password and refuses to run "
                "with DEBUG=False; pass --force if you really mean it."
            )
        started = time.monotonic()
        try:
            # Imported here: they read the data files and need the demo's own libraries.
            from demo import (
                exchange,
                loader,
                organisations,
                practices,
                subcommittees,
                support,
                translated_pages,
                vocabulary,
            )
        except ImportError as error:
            raise CommandError(f"{INSTALL_HINT} ({error})") from error
        except DemoDataError as error:
            raise CommandError(str(error)) from error
        try:
            with quiet_loggers(quiet=verbosity < 2):
                run = loader.load_demo(refresh=refresh)
            self._report(run, time.monotonic() - started)
            # Member organisations and their accounts, write-ups (取組事例) by those
            # organisations, and subcommittees (分科会) of their accounts, with forums.
            organisations.ensure_organisations(self.stdout)
            practices.ensure_practices(self.stdout)
            subcommittees.ensure_subcommittees(self.stdout)
            # Support windows (相談窓口) for the finder, some run by those organisations.
            support.ensure_support_windows(self.stdout)
            # The vocabularies' and subcommittees' names in the residents' languages.
            vocabulary.ensure_translations(self.stdout)
            # Home, about, one news item and one event in six languages (wagtail-localize).
            translated_pages.ensure_translated_pages(self.stdout)
            # Needs and offers (ニーズ×シーズ) of those organisations, a few matched, one met.
            exchange.ensure_exchange(self.stdout)
        except DemoDataError as error:
            raise CommandError(str(error)) from error

    def _report(self, run, seconds: float) -> None:
        from demo.loader import CREATED, FOUND, UPDATED

        out = self.stdout
        out.write(self.style.MIGRATE_HEADING("つながりネット デモデータ / Tsunagari demo data"))
        label_width = max(width(kind) for kind in run.counts) + 2

        for kind, row in run.counts.items():
            out.write(
                f"  {pad(kind, label_width)}"
                f"作成 created {row[CREATED]:>2}   更新 updated {row[UPDATED]:>2}   "
                f"既存 found {row[FOUND]:>2}"
            )
        if run.changed_anything:
            out.write(self.style.SUCCESS("デモデータを作成しました。 / Demo data loaded."))
        else:
            out.write(
                self.style.SUCCESS(
                    "新しく作成・更新したものはありません（すべて作成済み）。 / Nothing new: "
                    "everything was already there."
                )
            )
        out.write("")
        out.write(f"  サイト / site:          {SITE_URL}")
        out.write(f"  管理画面 / admin:       {SITE_URL}admin/")
        out.write(f"  ログイン / sign in:     {SITE_URL}accounts/login/")
        out.write("  （先に runserver を起動してください / start `manage.py runserver` first）")
        out.write("")
        out.write(
            "  メールアドレスとパスワードでログインします。 / Sign in with the e-mail and password:"
        )
        rows = [
            ("ユーザー名 / username", "メール / e-mail", "パスワード / password", "役割 / role")
        ]
        rows += [
            (account.username, account.email, account.password, account.role)
            for account in run.accounts
        ]
        widths = [max(width(row[column]) for row in rows) + 2 for column in range(3)]
        for index, row in enumerate(rows):
            line = "  " + "".join(
                pad(cell, width) for cell, width in zip(row, widths, strict=False)
            )
            line += row[3]
            out.write(self.style.MIGRATE_LABEL(line) if index == 0 else line)
            if index:
                out.write("  " + " " * sum(widths) + f"({run.accounts[index - 1].role_en})")
        out.write("")
        if run.two_factor_code:
            out.write(
                f"  2段階認証のコード / 2FA code: {run.two_factor_code}"
                "（DEBUG のときだけ使えるデモ用のコード / accepted only while DEBUG is on）"
            )
        else:
            out.write(
                "  管理画面を初めて開くときに、認証アプリで2段階認証を設定してください。"
                " / Set up an authenticator app when you first open the admin."
            )
        out.write("")
        out.write(f"所要時間 / took {seconds:.1f} s")
