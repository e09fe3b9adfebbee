"""The entities of an account plan (SQLAlchemy 2) and the enumerations of the domain."""

from accountplan.model.account import (
    Account,
    Competitor,
    Initiative,
    NumbersPlan,
    OrgUnit,
    ProductLine,
    SpendZone,
)
from accountplan.model.base import Base
from accountplan.model.changelog import ChangeLogEntry
from accountplan.model.people import (
    CoSeller,
    Coverage,
    DealTeamMember,
    InfluenceLink,
    Stakeholder,
    StakeholderRole,
)
from accountplan.model.pursuit import (
    DecisionDependency,
    DecisionStep,
    MeddpiccItem,
    Milestone,
    Opportunity,
    OpportunityCompetitor,
    RedFlag,
    StageChange,
    WhitespaceCell,
)
from accountplan.model.success import Responsibility, SuccessMilestone, SuccessObjective, SuccessPlan
from accountplan.model.team import Action, Meeting, MeetingAttendee, MeetingDecision

__all__ = [
    "Account",
    "Action",
    "Base",
    "ChangeLogEntry",
    "CoSeller",
    "Competitor",
    "Coverage",
    "DealTeamMember",
    "DecisionDependency",
    "DecisionStep",
    "InfluenceLink",
    "Initiative",
    "MeddpiccItem",
    "Meeting",
    "MeetingAttendee",
    "MeetingDecision",
    "Milestone",
    "NumbersPlan",
    "Opportunity",
    "OpportunityCompetitor",
    "OrgUnit",
    "ProductLine",
    "RedFlag",
    "Responsibility",
    "SpendZone",
    "StageChange",
    "Stakeholder",
    "StakeholderRole",
    "SuccessMilestone",
    "SuccessObjective",
    "SuccessPlan",
    "WhitespaceCell",
]
