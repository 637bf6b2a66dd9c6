"""Views: see organisations/urls/manage.py. (Stubs until the area is built.)"""

from django.http import Http404


def dashboard(request, *args, **kwargs):
    raise Http404


def edit_profile(request, *args, **kwargs):
    raise Http404


def staff(request, *args, **kwargs):
    raise Http404


def invite_staff(request, *args, **kwargs):
    raise Http404


def remove_staff(request, *args, **kwargs):
    raise Http404


def transfer_admin(request, *args, **kwargs):
    raise Http404


def withdraw(request, *args, **kwargs):
    raise Http404


def accept_invitation(request, *args, **kwargs):
    raise Http404
