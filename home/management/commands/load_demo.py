"""``manage.py load_demo``: a believable Japanese demo site, safe to run again."""

import time
import unicodedata

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cms.logs import quiet_loggers
from home.demo.loader import CREATED, FOUND, UPDATED, DemoDataError, DemoRun, load_demo
from home.demo.organisations import ensure_organisations
from home.demo.practices import ensure_practices
from subcommittees.demo import ensure_subcommittees

SITE_URL = "http://127.0.0.1:8000/"


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


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
            with quiet_loggers(quiet=verbosity < 2):
                run = load_demo(refresh=refresh)
        except DemoDataError as error:
            raise CommandError(str(error)) from error
        self._report(run, time.monotonic() - started)
        ensure_organisations(self.stdout)  # member organisations and their accounts
        ensure_practices(self.stdout)  # good-practice write-ups (取組事例) by those organisations
        ensure_subcommittees(self.stdout)  # subcommittees (分科会) of their accounts, with forums

    def _report(self, run: DemoRun, seconds: float) -> None:
        out = self.stdout
        out.write(self.style.MIGRATE_HEADING("つながりネット デモデータ / Tsunagari demo data"))
        label_width = max(_width(kind) for kind in run.counts) + 2
        for kind, row in run.counts.items():
            out.write(
                f"  {_pad(kind, label_width)}"
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
        widths = [max(_width(row[column]) for row in rows) + 2 for column in range(3)]
        for index, row in enumerate(rows):
            line = "  " + "".join(
                _pad(cell, width) for cell, width in zip(row, widths, strict=False)
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
