"""Views: see organisations/urls/directory.py. (Stubs until the area is built.)"""

from django.http import Http404


def organisation_list(request, *args, **kwargs):
    raise Http404


def organisation_detail(request, *args, **kwargs):
    raise Http404
