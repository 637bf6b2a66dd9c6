from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organisations.choices import MembershipRole

from .organisations import Organisation


class Membership(models.Model):
    """A person's place in a member organisation.

    One account belongs to one organisation: staff who work for two
    organisations use two e-mail addresses, which keeps "whose data may this
    person change" a single lookup.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(
        _("役割"), max_length=20, choices=MembershipRole.choices, default=MembershipRole.STAFF
    )
    can_write_practices = models.BooleanField(
        _("取組事例を書ける"),
        default=False,
        help_text=_("団体管理者が許可したスタッフは、団体の取組事例を書いて審査に提出できます。"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation", "-role", "pk"]
        verbose_name = _("団体のスタッフ")
        verbose_name_plural = _("団体のスタッフ")

    def __str__(self):
        return f"{self.user} ({self.organisation})"

    @property
    def is_admin(self):
        return self.role == MembershipRole.ADMIN


class StaffInvitation(models.Model):
    """An invitation, by e-mail, to join an organisation's staff.

    Only a hash of the token is stored; the token itself is in the e-mail.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("メールアドレス"))
    role = models.CharField(
        _("役割"), max_length=20, choices=MembershipRole.choices, default=MembershipRole.STAFF
    )
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("スタッフ招待")

    def __str__(self):
        return self.email

    @property
    def is_usable(self):
        return (
            self.accepted_at is None
            and self.revoked_at is None
            and self.expires_at > timezone.now()
        )
