"""The look of the exported org chart, in one place: the window's colours, card sizes and type sizes."""

from __future__ import annotations

from dataclasses import dataclass

from accountplan.model.enums import BuyingRole, InfluenceKind, Stance

#: The stance colours of the window's cards (internal: stances are never shown to the customer).
STANCE_COLOURS = {
    Stance.CHAMPION: "#1b8a3a",
    Stance.SUPPORTER: "#63b36b",
    Stance.NEUTRAL: "#9aa0a6",
    Stance.SKEPTIC: "#e8a33d",
    Stance.DETRACTOR: "#d2453b",
}
INFLUENCE_COLOURS = {
    InfluenceKind.INFLUENCES: "#2f6fd6",
    InfluenceKind.TRUSTS: "#1b8a3a",
    InfluenceKind.INFORMALLY_REPORTS_TO: "#8e44ad",
    InfluenceKind.IN_CONFLICT_WITH: "#d2453b",
}
#: Influence kinds drawn dashed.
DASHED_KINDS = frozenset({InfluenceKind.INFORMALLY_REPORTS_TO})
ROLE_BADGES = {
    BuyingRole.ECONOMIC_BUYER: "EB",
    BuyingRole.DECISION_MAKER: "DM",
    BuyingRole.TECHNICAL_EVALUATOR: "TE",
    BuyingRole.BUSINESS_EVALUATOR: "BE",
    BuyingRole.USER: "U",
    BuyingRole.INFLUENCER: "I",
    BuyingRole.GATEKEEPER: "GK",
    BuyingRole.PROCUREMENT: "P",
    BuyingRole.LEGAL: "L",
    BuyingRole.CHAMPION: "CH",
    BuyingRole.COACH: "CO",
}
#: Roles whose badge is filled in the accent colour: the ones that decide or sell for us.
STRONG_BADGE_ROLES = frozenset({BuyingRole.ECONOMIC_BUYER, BuyingRole.DECISION_MAKER, BuyingRole.CHAMPION})

# Cards, in points.
CARD_MIN_WIDTH, CARD_MAX_WIDTH, CARD_HEIGHT = 168.0, 260.0, 78.0
#: A card grows past CARD_MAX_WIDTH, up to this, only to show a long name whole at NAME_MIN_SIZE.
CARD_WIDEST = 380.0
CARD_RADIUS = 6.0
TEXT_LEFT = 12.0
NAME_SIZE, NAME_MIN_SIZE, SMALL_SIZE, BADGE_SIZE = 10.0, 7.0, 7.5, 7.0
NAME_BASELINE, TITLE_BASELINE, COVERERS_BASELINE = 19.0, 35.0, 70.0
BADGE_TOP, BADGE_HEIGHT, BADGE_PADDING, BADGE_GAP = 45.0, 14.0, 4.0, 4.0
DOTS_WIDTH, DOT_DIAMETER, DOT_STEP, DOT_TOP = 46.0, 6.0, 8.0, 10.0
STRIPE_WIDTH, STRIPE_INSET = 5.0, 4.0
HIDDEN_BADGE_WIDTH, HIDDEN_BADGE_HEIGHT = 34.0, 15.0


@dataclass(frozen=True, slots=True)
class CardMetrics:
    """Where things go on a card: the full card of the wide chart, or the shorter one of the compact chart."""

    min_width: float
    max_width: float
    widest: float
    height: float
    name_size: float
    name_min_size: float
    small_size: float
    name_baseline: float
    title_baseline: float
    coverers_baseline: float
    badge_top: float
    dot_top: float


#: The card of the wide chart, as the window draws it.
REGULAR_CARD = CardMetrics(
    CARD_MIN_WIDTH, CARD_MAX_WIDTH, CARD_WIDEST, CARD_HEIGHT, NAME_SIZE, NAME_MIN_SIZE, SMALL_SIZE,
    NAME_BASELINE, TITLE_BASELINE, COVERERS_BASELINE, BADGE_TOP, DOT_TOP,
)  # fmt: skip
#: The compact chart's card (for paper and slides): the same texts and badges in 48 points, not 78, and a
#: long name widens the card rather than shrinking much.
COMPACT_CARD = CardMetrics(
    min_width=116.0, max_width=170.0, widest=320.0, height=48.0, name_size=11.5, name_min_size=11.5,
    small_size=7.5, name_baseline=15.0, title_baseline=26.0, coverers_baseline=41.0, badge_top=31.0, dot_top=6.0,
)  # fmt: skip

# Gaps between cards, handed to the tidy-tree layout.
SIBLING_GAP, SUBTREE_GAP, LEVEL_GAP, TREE_GAP = 16.0, 32.0, 56.0, 64.0

# Colours of everything else.
CARD_FILL, DEPARTED_FILL = "#ffffff", "#eceef1"
CARD_BORDER = "#b8bec7"
TEXT, MUTED_TEXT, DEPARTED_TEXT = "#1d2127", "#5f6670", "#8a8f98"
ACCENT = "#1f5fbf"
BADGE_FILL, BADGE_TEXT = "#e3e8f0", "#3b4350"
DOT_ON, DOT_OFF = "#3b4350", "#d5d9df"
DEPARTED_STRIPE = "#c4c8ce"
REPORTING_LINE, REPORTING_LINE_WIDTH = "#9aa3ad", 1.4
PAGE_BACKGROUND = "#ffffff"

# Influence arrows: width grows with the link's strength (1 to 5).
ARROW_BASE_WIDTH, ARROW_WIDTH_PER_STRENGTH, ARROW_HEAD_LENGTH = 0.6, 0.4, 9.0
ARROW_MAX_BEND, ARROW_BEND_RATIO = 120.0, 0.25
DASH = (5.0, 3.0)

# The strip above the chart: title, legend, page label.
HEADER_HEIGHT, HEADER_TITLE_SIZE, HEADER_TEXT_SIZE = 60.0, 13.0, 7.5
PAGE_MARGIN = 24.0
