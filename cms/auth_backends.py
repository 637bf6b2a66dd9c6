"""Django's ModelBackend, with each user's permissions kept between requests.

Every page a signed-in person opens asks their permissions at least once (the
admin link in the account menu, Wagtail's user bar): two queries, the user's
own permissions and their groups'. They are kept per user until the page
cache's version moves (cms.page_cache.memo): a change of a user, a group, or
who holds which permission (the m2m changes of either) moves it. Without a
shared cache they are kept for the request only, as Django does.

It answers permissions only: signing in stays with Django's ModelBackend and
allauth's, listed after it, so sessions that name them stay valid.
"""

from django.contrib.auth.backends import ModelBackend

from cms import page_cache


class KeptPermissionsBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        return None  # ModelBackend, next in the list, checks passwords

    def _get_permissions(self, user_obj, obj, from_name):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        cache_name = f"_{from_name}_perm_cache"
        if not hasattr(user_obj, cache_name):
            kept = page_cache.memo(
                ("permissions", from_name, user_obj.pk, user_obj.is_superuser),
                lambda: frozenset(
                    super(KeptPermissionsBackend, self)._get_permissions(user_obj, obj, from_name)
                ),
            )
            setattr(user_obj, cache_name, set(kept))
        return getattr(user_obj, cache_name)
