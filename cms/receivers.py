"""Account events into the audit log (cms.audit): sign-ins and second-factor changes.

A failed sign-in is logged against the account its identifier names, when one
does, without the identifier; otherwise against no account, and the typed text
is dropped. It identifies nobody, and what lands in the e-mail field is
sometimes a password typed one field too early; even a hash of it could be
tested against guesses by whoever reads the database. The time and the IP
address are what the secretariat needs to see guessing from one place.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver

from allauth.account.signals import user_logged_in
from allauth.mfa.signals import authenticator_added, authenticator_removed, authenticator_reset

from cms import audit


@receiver(user_logged_in)
def record_sign_in(sender, request, user, **kwargs):
    audit.record(audit.SIGNED_IN, user, request=request, user=user)


def account_named_by(credentials):
    """The one account the sign-in identifier names (e-mail or username), else None."""
    from allauth.account.utils import filter_users_by_email

    email = credentials.get("email")
    if isinstance(email, str) and email.strip():
        users = filter_users_by_email(email.strip())
        return users[0] if len(users) == 1 else None
    username = credentials.get("username")
    if isinstance(username, str) and username.strip():
        User = get_user_model()
        return User._default_manager.filter(**{User.USERNAME_FIELD: username.strip()}).first()
    return None


@receiver(user_login_failed)
def record_sign_in_failure(sender, credentials, request=None, **kwargs):
    account = account_named_by(credentials)
    if account is not None:
        audit.record(audit.SIGN_IN_FAILED, account, request=request, user=None)
    else:
        instance, label = audit.unknown_account()
        audit.record(audit.SIGN_IN_FAILED, instance, request=request, user=None, title=label)


def _authenticator_data(authenticator):
    return {"authenticator_type": authenticator.type, "authenticator_id": authenticator.pk}


@receiver(authenticator_added)
def record_authenticator_added(sender, request, user, authenticator, **kwargs):
    audit.record(
        audit.AUTHENTICATOR_ADDED,
        user,
        request=request,
        user=user,
        data=_authenticator_data(authenticator),
    )


@receiver(authenticator_removed)
def record_authenticator_removed(sender, request, user, authenticator, **kwargs):
    audit.record(
        audit.AUTHENTICATOR_REMOVED,
        user,
        request=request,
        user=user,
        data=_authenticator_data(authenticator),
    )


@receiver(authenticator_reset)
def record_authenticator_reset(sender, request, user, authenticator, **kwargs):
    audit.record(
        audit.AUTHENTICATOR_RESET,
        user,
        request=request,
        user=user,
        data=_authenticator_data(authenticator),
    )
