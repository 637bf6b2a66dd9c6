"""manage.py sync_members_group [--check].

Brings the 会員 group (the readers of members-only pages) back in step with
membership: the signal receivers keep it so on every change, this repairs
what they could not see (a bulk ``update()``, a restored backup, rows edited
in the database). With --check nothing is changed: it reports the accounts
out of step and exits with an error if there are any (for monitoring).
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from organisations.services import audience


class Command(BaseCommand):
    help = _("「会員」グループを会員団体の所属と状態に合わせます。")

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="store_true",
            help=_("変更せず、ずれているアカウントを表示します（ずれがあれば失敗で終わります）。"),
        )

    def handle(self, *args, check=False, **options):
        found = audience.drift() if check else audience.sync_all()
        users = get_user_model().objects.in_bulk(found.missing | found.extra)
        if check:
            labels = (_("グループにいない読者"), _("グループにいる読めないアカウント"))
        else:
            labels = (_("グループに追加"), _("グループから削除"))
        for label, ids in zip(labels, (found.missing, found.extra), strict=True):
            for pk in sorted(ids):
                self.stdout.write(f"{label}: {users[pk].get_username()} (id {pk})")
        if not found:
            self.stdout.write(_("「会員」グループは会員の所属と一致しています。"))
        elif check:
            raise CommandError(
                _("「会員」グループに %(count)d 件のずれがあります。") % {"count": len(users)}
            )
        else:
            self.stdout.write(_("%(count)d 件を直しました。") % {"count": len(users)})
