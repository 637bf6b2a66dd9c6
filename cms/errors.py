"""The page a reader sees when a form comes back without its CSRF token.

Django's own CSRF failure page explains the check to developers, in English
for most of the site's languages (issue 14); this one says what to do, in the
reader's language, in the site's layout. Django's ``reason`` is for the logs
(django.security.csrf already logs it) and is not shown.
"""

from django.shortcuts import render


def csrf_failure(request, reason=""):
    return render(request, "403_csrf.html", status=403)
