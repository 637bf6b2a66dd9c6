from .applications import Application
from .imports import RegisterImport
from .indexed import IndexedOrganisation
from .organisations import (
    Organisation,
    OrganisationActivity,
    OrganisationPhoto,
    OrganisationTarget,
    ProfileChange,
)
from .people import Membership, StaffInvitation
from .practices import (
    PracticeActivity,
    PracticeAttachment,
    PracticeIndexPage,
    PracticePage,
    PracticePartner,
    PracticePhoto,
    PracticeResult,
    PracticeTarget,
)
from .taxonomy import ActivityGroup, ActivityType, Prefecture, TargetGroup
from .translations import OrganisationTranslation

__all__ = [
    "ActivityGroup",
    "ActivityType",
    "Application",
    "IndexedOrganisation",
    "Membership",
    "Organisation",
    "OrganisationActivity",
    "OrganisationPhoto",
    "OrganisationTarget",
    "OrganisationTranslation",
    "PracticeActivity",
    "PracticeAttachment",
    "PracticeIndexPage",
    "PracticePage",
    "PracticePartner",
    "PracticePhoto",
    "PracticeResult",
    "PracticeTarget",
    "Prefecture",
    "ProfileChange",
    "RegisterImport",
    "StaffInvitation",
    "TargetGroup",
]
