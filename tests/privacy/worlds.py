"""Builders for the privacy tests: two members of one organisation, each with a trail.

Every string that belongs to one person carries a canary (KANARIA-STAFF-…,
KANARIA-ADMIN-…), so "no leak" is a plain substring search.
"""

import datetime
import time
import uuid

from django.utils import timezone

from allauth.mfa.models import Authenticator

from cms.mail import queue_email
from organisations.choices import ApplicationStatus, MembershipRole
from organisations.models import ProfileChange, StaffInvitation
from subcommittees import services as subcommittee_services
from subcommittees.models import JoinRequest, Subcommittee, SubcommitteeMembership
from tests.conftest import point_default_site_at_home
from tests.forum.conftest import make_topic, reply
from tests.organisations.conftest import make_org_a, make_secretariat
from tests.organisations.factories import ApplicationFactory, MembershipFactory, UserFactory
from tests.practices.helpers import make_index, make_practice


def person(organisation, role, last_name, first_name, email):
    user = UserFactory(
        username=f"u-{uuid.uuid4().hex}", email=email, last_name=last_name, first_name=first_name
    )
    MembershipFactory(user=user, organisation=organisation, role=role)
    return user


def trail(user, organisation, canary, subcommittee, other_subcommittee, practice_index):
    """Something of ``user`` in every place the registry knows."""
    ApplicationFactory(
        applicant_email=user.email,
        applicant_name=f"{canary}-APPLICANT",
        status=ApplicationStatus.ACCEPTED,
    )
    StaffInvitation.objects.create(
        organisation=organisation,
        email=user.email,
        role=MembershipRole.STAFF,
        token_hash=uuid.uuid4().hex,
        expires_at=timezone.now() + datetime.timedelta(days=7),
        accepted_at=timezone.now(),
    )
    ProfileChange.objects.create(
        organisation=organisation, user=user, changes={"message": ["", f"{canary}-CHANGE"]}
    )
    JoinRequest.objects.create(
        subcommittee=other_subcommittee, user=user, message=f"{canary}-REQUEST"
    )
    topic, post = make_topic(subcommittee.forum, user, f"{canary}-TOPIC", f"{canary}-POST")
    queue_email([user.email], f"{canary}-MAIL", "本文")
    Authenticator.objects.create(
        user=user, type=Authenticator.Type.TOTP, data={"secret": f"{canary}-SECRET"}
    )
    make_practice(practice_index, organisation, title=f"{canary}-PRACTICE", owner=user)
    return topic


def build_world():
    home = point_default_site_at_home()
    practice_index = make_index(home)
    org = make_org_a()
    admin = person(org, MembershipRole.ADMIN, "高橋", "美咲", "takahashi@example.org")
    staff = person(org, MembershipRole.STAFF, "佐藤", "一郎", "sato@example.org")
    secretariat = make_secretariat()
    s1 = subcommittee_services.create_subcommittee(
        by=secretariat,
        coordinators=[admin],
        name="ひきこもり支援分科会",
        slug="s1",
        theme="ひきこもり",
        visibility=Subcommittee.Visibility.MEMBERS,
        join_policy=Subcommittee.JoinPolicy.REQUEST,
    )
    SubcommitteeMembership.objects.create(subcommittee=s1, user=staff)
    subcommittee_services.sync_forum(s1)
    s2 = subcommittee_services.create_subcommittee(
        by=secretariat,
        coordinators=[admin],
        name="こども食堂分科会",
        slug="s2",
        theme="こども食堂",
        visibility=Subcommittee.Visibility.PUBLIC,
        join_policy=Subcommittee.JoinPolicy.REQUEST,
    )
    admin_topic = trail(admin, org, "KANARIA-ADMIN", s1, s2, practice_index)
    staff_topic = trail(staff, org, "KANARIA-STAFF", s1, s2, practice_index)
    staff_reply = reply(admin_topic, staff, "KANARIA-STAFF-REPLY")
    return {
        "org": org,
        "admin": admin,
        "staff": staff,
        "secretariat": secretariat,
        "s1": s1,
        "admin_topic": admin_topic,
        "staff_topic": staff_topic,
        "staff_reply": staff_reply,
    }


def reauthenticated(client, user):
    """The session of a member who typed their password again just now (allauth's records)."""
    client.force_login(user)
    session = client.session
    session["account_authentication_methods_user"] = str(user.pk)
    session["account_authentication_methods"] = [
        {"method": "password", "at": time.time(), "email": user.email, "reauthenticated": True}
    ]
    session.save()
    return client
