"""The project's models and choices the demo builds with, imported in this one place.

When a model moves to another app, only these lines change.
"""

from events.models import EventIndexPage, EventPage
from home.models import (
    HomePage,
    NewsIndexPage,
    NewsPage,
    ReportDocument,
    ReportIndexPage,
    ReportPage,
    SiteSettings,
    StandardPage,
)
from home.models.reports import ReportType
from organisations.choices import LegalForm, OrganisationStatus, Tier
from organisations.choices import MembershipRole as OrganisationRole
from organisations.models import (
    ActivityType,
    Membership,
    Organisation,
    OrganisationActivity,
    OrganisationPhoto,
    OrganisationTarget,
    Prefecture,
    TargetGroup,
)
from practices.models import (
    PracticeActivity,
    PracticeIndexPage,
    PracticePage,
    PracticePartner,
    PracticePhoto,
    PracticeResult,
    PracticeTarget,
)
from subcommittees.models import JoinRequest, MeetingRecord, Subcommittee
from subcommittees.models import MembershipRole as SubcommitteeRole

__all__ = [
    "ActivityType",
    "EventIndexPage",
    "EventPage",
    "HomePage",
    "JoinRequest",
    "LegalForm",
    "MeetingRecord",
    "Membership",
    "NewsIndexPage",
    "NewsPage",
    "Organisation",
    "OrganisationActivity",
    "OrganisationPhoto",
    "OrganisationRole",
    "OrganisationStatus",
    "OrganisationTarget",
    "PracticeActivity",
    "PracticeIndexPage",
    "PracticePage",
    "PracticePartner",
    "PracticePhoto",
    "PracticeResult",
    "PracticeTarget",
    "Prefecture",
    "ReportDocument",
    "ReportIndexPage",
    "ReportPage",
    "ReportType",
    "SiteSettings",
    "StandardPage",
    "Subcommittee",
    "SubcommitteeRole",
    "TargetGroup",
    "Tier",
]
