"""The vocabulary of DOMAIN.md as enumerations, each value with the label users read."""

from __future__ import annotations

import enum


class LabelledEnum(enum.StrEnum):
    """A string enumeration whose members also carry the label shown to users."""

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()

    @classmethod
    def from_text(cls, text: str) -> LabelledEnum:
        """Find a member by value or label, ignoring case and separators."""
        wanted = text.strip().lower().replace("-", " ").replace("_", " ")
        for member in cls:
            if wanted in (member.value.replace("_", " "), member.label.lower()):
                return member
        choices = ", ".join(m.value for m in cls)
        raise ValueError(f"{text!r} is not a known {cls.__name__}; expected one of: {choices}")


class AccountStatus(LabelledEnum):
    COLD = "cold"
    WORKING = "working"
    NURTURE_ACTIVE = "nurture_active"
    NURTURE_QUARTERLY = "nurture_quarterly"
    NURTURE_DEAD = "nurture_dead"
    AVOID_CLIENT = "avoid_client"
    AVOID_BAD_FIT = "avoid_bad_fit"
    AVOID_DUPLICATE = "avoid_duplicate"

    @property
    def label(self) -> str:
        return _ACCOUNT_STATUS_LABELS[self]


_ACCOUNT_STATUS_LABELS = {
    AccountStatus.COLD: "Cold",
    AccountStatus.WORKING: "Working",
    AccountStatus.NURTURE_ACTIVE: "Nurture – active opportunity",
    AccountStatus.NURTURE_QUARTERLY: "Nurture – check back quarterly",
    AccountStatus.NURTURE_DEAD: "Nurture – dead opportunity",
    AccountStatus.AVOID_CLIENT: "Avoid – current client",
    AccountStatus.AVOID_BAD_FIT: "Avoid – bad fit",
    AccountStatus.AVOID_DUPLICATE: "Avoid – duplicate",
}


class BuyingRole(LabelledEnum):
    ECONOMIC_BUYER = "economic_buyer"
    DECISION_MAKER = "decision_maker"
    TECHNICAL_EVALUATOR = "technical_evaluator"
    BUSINESS_EVALUATOR = "business_evaluator"
    USER = "user"
    INFLUENCER = "influencer"
    GATEKEEPER = "gatekeeper"
    PROCUREMENT = "procurement"
    LEGAL = "legal"
    CHAMPION = "champion"
    COACH = "coach"


#: The roles that decide: a stakeholder holding one of these is "decisive" whatever their influence.
DECISIVE_ROLES = frozenset({BuyingRole.ECONOMIC_BUYER, BuyingRole.DECISION_MAKER})


class Stance(LabelledEnum):
    """The stakeholder's stance toward us, from most to least favourable (internal, never shared)."""

    CHAMPION = "champion"
    SUPPORTER = "supporter"
    NEUTRAL = "neutral"
    SKEPTIC = "skeptic"
    DETRACTOR = "detractor"

    @property
    def label(self) -> str:
        return _STANCE_LABELS.get(self.value) or self.value.capitalize()

    @property
    def score(self) -> int:
        """+2 for a champion down to -2 for a detractor."""
        return 2 - _POSITION[self]


_STANCE_LABELS = {"champion": "Champion / Advocate", "detractor": "Detractor / Enemy"}


class StakeholderStatus(LabelledEnum):
    ACTIVE = "active"
    DEPARTED = "departed"


class InfluenceKind(LabelledEnum):
    INFLUENCES = "influences"
    TRUSTS = "trusts"
    INFORMALLY_REPORTS_TO = "informally_reports_to"
    IN_CONFLICT_WITH = "in_conflict_with"


class CoSellerRole(LabelledEnum):
    """What a co-seller does in the pursuit, as sellers name it; a co-seller may hold several (schema 0007)."""

    ACCOUNT_EXECUTIVE = "account_executive"
    ACCOUNT_MANAGER = "account_manager"
    SOLUTION_CONSULTANT = "solution_consultant"
    CUSTOMER_SUCCESS_MANAGER = "customer_success_manager"
    PROFESSIONAL_SERVICES = "professional_services"
    SPECIALIST = "specialist"
    SDR = "sdr"
    BDR = "bdr"
    #: Before SDRs and BDRs were told apart (schema 0007): kept for the people recorded so.
    SDR_BDR = "sdr_bdr"
    PARTNER = "partner"
    RESELLER = "reseller"
    EXECUTIVE_SPONSOR = "executive_sponsor"
    RENEWALS = "renewals"
    DEAL_DESK_LEGAL = "deal_desk_legal"

    @property
    def label(self) -> str:
        return {
            "partner": "Partner / system integrator",
            "sdr": "SDR (inbound)",
            "bdr": "BDR (outbound)",
            "sdr_bdr": "SDR / BDR",
            "deal_desk_legal": "Deal desk / legal",
        }.get(self.value, super().label)


class FirmKind(LabelledEnum):
    """Whether a co-seller works for us or for a partner firm."""

    OURS = "ours"
    PARTNER = "partner"


class RelationshipStrength(LabelledEnum):
    """How well a co-seller knows a stakeholder, from nothing to trusted advisor."""

    NONE = "none"
    BRIEF = "brief"
    WORKING = "working"
    STRONG = "strong"
    TRUSTED_ADVISOR = "trusted_advisor"

    @property
    def rank(self) -> int:
        return _POSITION[self]


class OpportunityType(LabelledEnum):
    NEW = "new"
    EXPANSION = "expansion"
    CROSS_SELL = "cross_sell"
    RENEWAL = "renewal"

    @property
    def label(self) -> str:
        return {"expansion": "Expansion / upsell", "cross_sell": "Cross-sell"}.get(self.value, super().label)


class SalesStage(LabelledEnum):
    """Our sales stages, in order; CLOSED ends every deal, whatever its outcome."""

    REACHING_OUT = "reaching_out"
    INITIAL_MEETINGS = "initial_meetings"
    SELLING_VISION = "selling_vision"
    VISION_MATCH = "vision_match"
    QUALIFICATION = "qualification"
    DISCOVERY = "discovery"
    DEMONSTRATION = "demonstration"
    PROPOSAL = "proposal"
    NEGOTIATION = "negotiation"
    CLOSED = "closed"

    @property
    def order(self) -> int:
        return _POSITION[self]


class BuyingStage(LabelledEnum):
    """The customer's buying process, from the change that starts it to renewal."""

    CHANGE = "change"
    PAIN = "pain"
    NEEDS = "needs"
    SEARCH = "search"
    EVALUATE = "evaluate"
    DECIDE = "decide"
    PURCHASE = "purchase"
    IMPLEMENT = "implement"
    ADOPT = "adopt"
    RENEW_EXPAND = "renew_expand"

    @property
    def label(self) -> str:
        return {
            "change": "Something changes",
            "pain": "Pain",
            "needs": "Needs defined",
            "search": "Search for a solution",
            "evaluate": "Evaluate",
            "decide": "Decide",
            "purchase": "Purchase (paper process)",
            "implement": "Implement",
            "adopt": "Adopt and succeed",
            "renew_expand": "Renew or expand",
        }[self.value]

    @property
    def order(self) -> int:
        return _POSITION[self]


class StageProcess(LabelledEnum):
    """Which of the two processes a stage change belongs to."""

    SALES = "sales"
    BUYING = "buying"


class Outcome(LabelledEnum):
    WON = "won"
    LOST = "lost"
    NO_DECISION = "no_decision"

    @property
    def label(self) -> str:
        return {"lost": "Lost to competition"}.get(self.value, super().label)


class DecisionStepKind(LabelledEnum):
    BUSINESS_CASE = "business_case"
    TECHNICAL_EVALUATION = "technical_evaluation"
    SECURITY_REVIEW = "security_review"
    PROCUREMENT = "procurement"
    LEGAL = "legal"
    BOARD_APPROVAL = "board_approval"
    BUDGET_APPROVAL = "budget_approval"
    PILOT = "pilot"
    REFERENCE_CHECK = "reference_check"
    SIGNATURE = "signature"
    OTHER = "other"


class StepStatus(LabelledEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    BLOCKED = "blocked"


class MeddpiccLetter(LabelledEnum):
    METRICS = "metrics"
    ECONOMIC_BUYER = "economic_buyer"
    DECISION_CRITERIA = "decision_criteria"
    DECISION_PROCESS = "decision_process"
    PAPER_PROCESS = "paper_process"
    IDENTIFY_PAIN = "identify_pain"
    CHAMPION = "champion"
    COMPETITION = "competition"

    @property
    def letter(self) -> str:
        return "MEDDPICC"[list(MeddpiccLetter).index(self)]


#: MEDDPICC scores run from 0 (nothing known) to this value (fully evidenced).
MEDDPICC_MAX_SCORE = 5


class Severity(LabelledEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"


class RedFlagStatus(LabelledEnum):
    OPEN = "open"
    COUNTERED = "countered"
    CLOSED = "closed"


class JourneyPhase(LabelledEnum):
    LAND = "land"
    PROVE = "prove"
    EXPAND = "expand"


class MilestoneStatus(LabelledEnum):
    PLANNED = "planned"
    REACHED = "reached"
    MISSED = "missed"


class WhitespaceStatus(LabelledEnum):
    OURS = "ours"
    COMPETITOR = "competitor"
    OPEN_OPPORTUNITY = "open_opportunity"
    NOT_A_FIT = "not_a_fit"
    UNKNOWN = "unknown"

    @property
    def label(self) -> str:
        return {"competitor": "Competitor's incumbent"}.get(self.value, super().label)


class ActionStatus(LabelledEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    CANCELLED = "cancelled"

    @property
    def is_closed(self) -> bool:
        return self in (ActionStatus.DONE, ActionStatus.CANCELLED)


class MeetingStatus(LabelledEnum):
    PLANNED = "planned"
    HELD = "held"


class SuccessPhase(LabelledEnum):
    """Where a success-plan milestone sits: from deployment through adoption to business impact."""

    DEPLOYMENT = "deployment"
    ADOPTION = "adoption"
    BUSINESS_IMPACT = "business_impact"


class ForecastCategory(LabelledEnum):
    """Where a deal stands in the seller's forecast (issue #17), from least to most certain, and omitted."""

    PIPELINE = "pipeline"
    BEST_CASE = "best_case"
    COMMIT = "commit"
    CLOSED = "closed"
    OMITTED = "omitted"


class FitCriterion(LabelledEnum):
    """One line of the ideal-account checklist: what makes an account worth a seller's year (issue #17)."""

    GROWING_REVENUE = "growing_revenue"
    TRANSFORMATION = "transformation"
    COMPELLING_EVENT = "compelling_event"
    EXECUTIVE_RELATIONSHIPS = "executive_relationships"
    INCUMBENT_NOT_DELIVERING = "incumbent_not_delivering"
    BUDGET_OWNER_KNOWN = "budget_owner_known"

    @property
    def label(self) -> str:
        return {
            "growing_revenue": "Growing revenue",
            "transformation": "A transformation under way",
            "compelling_event": "A compelling event",
            "executive_relationships": "Our executive relationships",
            "incumbent_not_delivering": "Incumbent not delivering",
            "budget_owner_known": "Budget owner known",
        }[self.value]


class TermSide(LabelledEnum):
    """Whether a negotiation term is something we give or something we get."""

    GIVE = "give"
    GET = "get"


class TermStatus(LabelledEnum):
    """Where a give or a get stands in the negotiation."""

    OPEN = "open"
    OFFERED = "offered"
    AGREED = "agreed"
    DROPPED = "dropped"


class NegotiatorKind(LabelledEnum):
    """A layer of negotiators on the customer's side."""

    PROCUREMENT = "procurement"
    LEGAL = "legal"
    EXECUTIVE_SPONSOR = "executive_sponsor"
    FINANCE = "finance"
    OTHER = "other"


class ApprovalStatus(LabelledEnum):
    """Where an approval from our own executives for a non-standard term stands."""

    NEEDED = "needed"
    REQUESTED = "requested"
    APPROVED = "approved"
    REFUSED = "refused"


class ChangeKind(LabelledEnum):
    CREATED = "created"
    UPDATED = "updated"
    DELETED = "deleted"
    IMPORTED = "imported"


#: Each member's place in its enumeration (rank, order, score), computed once: these are called in hot loops.
_POSITION: dict[enum.Enum, int] = {
    member: index
    for kind in (Stance, RelationshipStrength, SalesStage, BuyingStage)
    for index, member in enumerate(kind)
}
