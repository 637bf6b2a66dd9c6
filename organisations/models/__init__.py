from .applications import Application
from .history import StatusHistory
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
    "Prefecture",
    "ProfileChange",
    "RegisterImport",
    "StaffInvitation",
    "StatusHistory",
    "TargetGroup",
]
