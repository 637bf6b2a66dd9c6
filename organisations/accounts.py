from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    """Accounts come from accepted applications and staff invitations only."""

    def is_open_for_signup(self, request):
        return False
