"""Views: see organisations/urls/join.py. (Stubs until the area is built.)"""

from django.http import Http404


def apply(request, *args, **kwargs):
    raise Http404


def sent(request, *args, **kwargs):
    raise Http404


def confirm_email(request, *args, **kwargs):
    raise Http404
