"""The entities of an account plan (SQLAlchemy 2) and the enumerations of the domain."""

from accountplan.model.account import (
    Account,
    AccountFit,
    Competitor,
    Initiative,
    NumbersPlan,
    OrgUnit,
    ProductLine,
    SpendZone,
)
from accountplan.model.base import Base
from accountplan.model.changelog import ChangeLogEntry
from accountplan.model.negotiation import DealApproval, NegotiationPlan, NegotiationTerm, Negotiator
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
    ForecastChange,
    MeddpiccItem,
    Milestone,
    Opportunity,
    OpportunityCompetitor,
    RedFlag,
    StageChange,
    WhitespaceCell,
)
from accountplan.model.seller import ExchangeRate, SellerPlan
from accountplan.model.success import Responsibility, SuccessMilestone, SuccessObjective, SuccessPlan
from accountplan.model.team import Action, Meeting, MeetingAttendee, MeetingDecision

__all__ = [
    "Account",
    "AccountFit",
    "Action",
    "Base",
    "ChangeLogEntry",
    "CoSeller",
    "Competitor",
    "Coverage",
    "DealApproval",
    "DealTeamMember",
    "DecisionDependency",
    "DecisionStep",
    "ExchangeRate",
    "ForecastChange",
    "InfluenceLink",
    "Initiative",
    "MeddpiccItem",
    "Meeting",
    "MeetingAttendee",
    "MeetingDecision",
    "Milestone",
    "NegotiationPlan",
    "NegotiationTerm",
    "Negotiator",
    "NumbersPlan",
    "Opportunity",
    "OpportunityCompetitor",
    "OrgUnit",
    "ProductLine",
    "RedFlag",
    "Responsibility",
    "SellerPlan",
    "SpendZone",
    "StageChange",
    "Stakeholder",
    "StakeholderRole",
    "SuccessMilestone",
    "SuccessObjective",
    "SuccessPlan",
    "WhitespaceCell",
]
