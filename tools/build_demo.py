"""Build the demo account: a realistic, fictional, multi-year enterprise pursuit, as ORM objects.

``build_demo(session, today)`` adds the whole plan of "Shirokane Nordhaven Holdings", a Tokyo–Hamburg
industrial and logistics group, to a session and returns the account: org chart, stakeholders, influence,
deal team and coverage, opportunities with their stage history, the decision process, MEDDPICC, red flags,
the three-year journey, whitespace, actions, alignment meetings, the success plan, the numbers, and a change
log that tells the story. Every date derives from ``today`` and every choice from a locally seeded random
generator: the same day always gives the same plan. Free text never names a calendar year or month, because
the shipped demo is moved in time to the user's today.

The data tables below are ``|``-separated rows; a line starting with spaces continues the row above.

Run ``python tools/build_demo.py [YYYY-MM-DD]`` to build it into an in-memory database and print counts.
"""

from __future__ import annotations

import argparse
import datetime as dt
import enum
import random
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

import sqlalchemy
from sqlalchemy import Boolean, Date, Integer, event, func, select
from sqlalchemy import Enum as SAEnum
from sqlalchemy.orm import Session

from accountplan.interchange.planfile import export_account, validate, write_plan
from accountplan.model import (
    Account,
    Action,
    Base,
    ChangeLogEntry,
    Competitor,
    CoSeller,
    Coverage,
    DealTeamMember,
    DecisionDependency,
    DecisionStep,
    InfluenceLink,
    Initiative,
    MeddpiccItem,
    Meeting,
    MeetingAttendee,
    MeetingDecision,
    Milestone,
    NumbersPlan,
    Opportunity,
    OpportunityCompetitor,
    OrgUnit,
    ProductLine,
    RedFlag,
    Responsibility,
    SpendZone,
    StageChange,
    Stakeholder,
    StakeholderRole,
    SuccessMilestone,
    SuccessObjective,
    SuccessPlan,
    WhitespaceCell,
)
from accountplan.model.enums import (
    AccountStatus,
    ActionStatus,
    BuyingRole,
    BuyingStage,
    ChangeKind,
    CoSellerRole,
    FirmKind,
    JourneyPhase,
    MeetingStatus,
    MilestoneStatus,
    OpportunityType,
    Outcome,
    RelationshipStrength,
    SalesStage,
    StageProcess,
    StakeholderStatus,
    Stance,
    WhitespaceStatus,
)
from accountplan.model.types import Money

SEED = 20261123
T = TypeVar("T", bound=Base)

# --- the customer ----------------------------------------------------------------------------------------

ACCOUNT_NAME = "Shirokane Nordhaven Holdings"
ACCOUNT_FIELDS = {
    "industry": "Industrial machinery & contract logistics",
    "region": "Japan & Europe (group HQ Tokyo, logistics HQ Hamburg)",
    "description": (
        "Tokyo-listed group (about ¥1.4 trillion revenue, 31,000 employees) formed by the merger of "
        "Shirokane Kōgyō, a Nagoya maker of machine tools and industrial robots, with Nordhaven Logistik, "
        "a Hamburg contract-logistics and freight-forwarding business with 14 European hubs and a rail "
        "corridor to China through Kazakhstan. Plans and warehouses on Veridian Supply Suite 9 "
        "(on-premise, four versions across the sites) and is building its own data platform, Project "
        "Kagami."
    ),
    "vision": (
        "In three years Shirokane Nordhaven runs one live picture of everything it makes, stores and moves, "
        "from the Nagoya assembly lines to the Hamburg hubs and the Khorgos rail terminal. Planners in "
        "three time zones work from the same exceptions queue; logistics cost per tonne is down 12% as the "
        "Tsubasa Mid-Term Plan promised; the Scope 3 transport figures in the sustainability report come "
        "from shipment data, not estimates; and Corvane is the control tower and integration layer on top "
        "of Kagami and the group ERP, with the Veridian 9 planning modules switched off."
    ),
    "internal_notes": (
        "Land was the Hamburg pilot (won); the demand-sensing loss to Pallas still colours Nagoya. Project "
        "Tsubasa is the make-or-break deal of this fiscal year and is above half of Marcus's quota "
        "(big-deal clause). Biggest risks: CFO access (single-threaded through Helen), Sokolov and the "
        "Kagami build option, and Henrik Solberg's departure. Asahidai both resells us and delivers "
        "Kagami: keep them close, but do not share our Kagami positioning with Mariko Ueda's team."
    ),
}

#: Where people sit: location label, e-mail domain, phone pattern (# is a digit).
LOCATIONS = {
    "tokyo": ("Tokyo, Marunouchi HQ", "snh-group.co.jp", "+81 3-####-####"),
    "nagoya": ("Nagoya Works, Aichi", "snh-group.co.jp", "+81 52-###-####"),
    "frankfurt": ("Frankfurt am Main", "snh-group.co.jp", "+49 69 #### ####"),
    "hamburg": ("Hamburg-Waltershof", "nordhaven-logistik.de", "+49 40 #### ####"),
    "duisburg": ("Duisburg Logport", "nordhaven-logistik.de", "+49 203 ### ####"),
    "riga": ("Riga", "nordhaven-logistik.de", "+371 67 ### ###"),
    "almaty": ("Almaty", "nordhaven-logistik.de", "+7 727 ### ## ##"),
}

# code | name | kind | parent | location | head (a key person, or =title of a generated head) | head's manager
ORG_UNITS = """
grp|Shirokane Nordhaven Holdings|Group||tokyo|ceo
corp|Corporate Office|Division|grp|tokyo|cfo
fin|Finance & Controlling|Department|corp|tokyo|conti
strat|Corporate Strategy & Planning|Department|corp|tokyo|matsumoto
legal|Legal & Compliance|Department|corp|tokyo|gc
proc|Group Procurement|Department|corp|tokyo|wrob
hr|Human Resources|Department|corp|tokyo|chro
it|Group IT & Digital|Division|grp|tokyo|cdio
ea|Enterprise Architecture|Department|it|tokyo|sokolov
infra|Infrastructure & Cloud|Department|it|tokyo|inoue
sec|Information Security|Department|it|tokyo|volkov
data|Data & Analytics|Department|it|tokyo|nunez
erp|ERP & Application Services|Department|it|tokyo|iyer
mach|Industrial Machinery Division|Division|grp|nagoya|mpres
pplan|Production Planning|Department|mach|nagoya|kobayashi
mops|Manufacturing Operations, Nagoya Works|Department|mach|nagoya|endo
aftm|Aftermarket & Service|Department|mach|nagoya|=General Manager, Aftermarket & Service|mpres
nhl|Nordhaven Logistics|Division|grp|hamburg|md
hub|Hub Operations Hamburg|Department|nhl|hamburg|moller
tms|Transport Management|Department|nhl|hamburg|nowak
ctl|Contract Logistics|Department|nhl|duisburg|=Head of Contract Logistics|md
nfin|Finance, Nordhaven Logistik|Department|nhl|hamburg|riedel
cee|Central & Eastern Europe|Department|nhl|riga|berzina
eur|Eurasia Rail Corridor|Department|nhl|almaty|sadykova
gsc|Global Supply Chain|Division|grp|tokyo|coo
dsp|Demand & Supply Planning|Department|gsc|tokyo|miura
lex|Logistics Excellence|Department|gsc|hamburg|felix
sust|Group Sustainability Office|Department|gsc|tokyo|bellucci
"""

# The rank and file, generated: unit | managers reporting to the head | staff reporting to those managers.
TEAMS = """
fin|Senior Manager, Group Accounting;Manager, FP&A;Manager, Treasury
  |Financial Analyst;FP&A Analyst;FP&A Analyst;Accountant;Treasury Analyst
strat|Manager, M&A and Alliances|Strategy Analyst;Strategy Analyst;Business Planning Analyst
legal|Manager, Compliance;Senior Legal Counsel, Japan|Legal Counsel;Compliance Officer;Paralegal
proc|Category Manager, Logistics Services;Category Manager, Indirect Spend
  |Buyer, IT Hardware & Software;Procurement Analyst;Contract Administrator
hr|General Manager, Labour Relations;Manager, Talent & Learning
  |HR Business Partner, Logistics;HR Business Partner, Machinery;Learning Specialist
ea|Lead Architect, Integration;Solution Architect, Logistics Domain
  |Data Engineer, Project Kagami;Data Engineer, Project Kagami;Solution Architect
infra|Manager, Cloud Platform;Manager, Network & Data Centre
  |Cloud Engineer;Site Reliability Engineer;Network Engineer;Cloud Engineer
sec|Manager, Security Architecture;Manager, IT Risk & Compliance
  |Security Analyst;Third-Party Risk Analyst;Identity & Access Engineer
data|Manager, BI & Reporting;Manager, Data Science
  |BI Developer;BI Developer;Data Scientist;Analytics Translator
erp|Manager, Veridian Logistics Modules;Manager, Application Support
  |Veridian Functional Consultant;Application Analyst;Integration Developer
pplan|Manager, Master Planning;Manager, Materials Planning
  |Production Planner;Production Planner;Materials Planner;Demand Planner
mops|Manager, Plant Logistics;Manager, Maintenance
  |Assembly Shift Supervisor;Reliability Engineer;Plant Logistics Coordinator;Production Control Engineer
aftm|Manager, Spare Parts Logistics;Manager, Field Service|Parts Planner;Service Operations Analyst
hub|Site Manager, Bremerhaven Hub;Manager, Inbound Planning
  |Shift Lead, Outbound;Shift Lead, Inbound;Inbound Planner;Inbound Planner;Yard Coordinator;
  Customs Clearance Specialist
tms|Manager, Road Freight Europe;Manager, Ocean Freight
  |Transport Planner;Intermodal Planner;Freight Cost Analyst;Carrier Manager;Transport Planner
ctl|Site Manager, Duisburg DC;Site Manager, Venlo DC
  |Warehouse Supervisor;Inventory Controller;Warehouse Supervisor;Inventory Controller
nfin|Manager, Controlling|Controller;Billing Analyst
cee|Country Manager, Poland;Branch Manager, Riga
  |Operations Coordinator;Customer Service Lead;Customs Specialist
eur|Terminal Manager, Khorgos;Manager, Rail Operations|Rail Planner;Customs Broker;Operations Coordinator
dsp|Manager, S&OP;Manager, Inventory Optimisation|Supply Planner;Inventory Analyst;S&OP Analyst;Demand Planner
lex|Manager, Network Design;Manager, Logistics Performance
  |Network Analyst;Logistics Performance Analyst;Project Manager, Visibility
sust|Manager, Climate Reporting|ESG Data Analyst;Sustainability Analyst
"""

#: Buying roles that generated people get from their title (most of the time).
ROLE_HINTS = {
    "Planner": BuyingRole.USER,
    "Shift Lead": BuyingRole.USER,
    "Coordinator": BuyingRole.USER,
    "Lead Architect": BuyingRole.TECHNICAL_EVALUATOR,
    "Security Architecture": BuyingRole.TECHNICAL_EVALUATOR,
    "Cloud Platform": BuyingRole.TECHNICAL_EVALUATOR,
    "Veridian Logistics": BuyingRole.TECHNICAL_EVALUATOR,
    "Logistics Performance": BuyingRole.BUSINESS_EVALUATOR,
    "S&OP": BuyingRole.BUSINESS_EVALUATOR,
    "Inbound Planning": BuyingRole.BUSINESS_EVALUATOR,
    "Logistics Services": BuyingRole.PROCUREMENT,
    "Climate Reporting": BuyingRole.INFLUENCER,
}
ROLE_CODES = {
    "eb": BuyingRole.ECONOMIC_BUYER,
    "dm": BuyingRole.DECISION_MAKER,
    "te": BuyingRole.TECHNICAL_EVALUATOR,
    "be": BuyingRole.BUSINESS_EVALUATOR,
    "us": BuyingRole.USER,
    "in": BuyingRole.INFLUENCER,
    "gk": BuyingRole.GATEKEEPER,
    "pr": BuyingRole.PROCUREMENT,
    "lg": BuyingRole.LEGAL,
    "ch": BuyingRole.CHAMPION,
    "co": BuyingRole.COACH,
}
STANCE_CODES = {"C": Stance.CHAMPION, "S": Stance.SUPPORTER, "N": Stance.NEUTRAL, "K": Stance.SKEPTIC}
STANCE_CODES["D"] = Stance.DETRACTOR

# key | name | title | unit | manager | stance+influence | roles | options (mail=, loc=, new=day, left=day)
KEY_PEOPLE = """
ceo|白川 正嗣|Representative Director, President & Group CEO|grp||N5|in|mail=masatsugu.shirakawa
falkenberg|Dr. Renate Falkenberg|Outside Director, Chair of the Audit & Supervisory Committee|grp||N4|in
  |loc=frankfurt mail=renate.falkenberg
cfo|黒田 浩|Director, Senior Managing Executive Officer & CFO|corp|ceo|N5|eb|mail=hiroshi.kuroda
coo|Matthias Vogelsang|Senior Managing Executive Officer & Group COO|gsc|ceo|S5|dm|
cdio|Yuki Hasegawa|Managing Executive Officer, Chief Digital & Information Officer|it|ceo|K5|dm,te|
gc|佐々木 理恵|Executive Officer & General Counsel|legal|ceo|N3|lg|mail=rie.sasaki
chro|中村 恵美|Executive Officer & Chief Human Resources Officer|hr|ceo|N3||mail=emi.nakamura
mpres|森本 健太郎|Senior Executive Officer, President, Industrial Machinery Division|mach|ceo|K4|dm
  |mail=kentaro.morimoto
md|Søren Ødegård|Managing Director & CEO, Nordhaven Logistik GmbH|nhl|ceo|S5|dm|
zoe|Zoë Lefèvre|Senior Vice President, Global Supply Chain|gsc|coo|C4|ch,be|loc=hamburg
henrik|Henrik Solberg|Vice President, Logistics Excellence|lex|zoe|C4|ch,be|left=-24
felix|Dr. Felix Baumgartner|Interim Vice President, Logistics Excellence|lex|zoe|K3|be|new=-22
ishikawa|石川 健太|Chief of Staff to the CFO|fin|cfo|N4|gk|mail=kenta.ishikawa
conti|Gabriele Conti|General Manager, Group Controlling & FP&A|fin|cfo|K3|be|
matsumoto|松本 隆|General Manager, Corporate Strategy & Planning|strat|ceo|S4|in|mail=takashi.matsumoto
onodera|小野寺 美咲|Manager, Corporate Strategy (Mid-Term Plan office)|strat|matsumoto|S4|co
  |mail=misaki.onodera
wrob|Agnieszka Wróblewska|General Manager, Group Procurement|proc|cfo|N3|pr|
nomura|Takeshi Nomura|Category Manager, IT & Digital Services|proc|wrob|K3|pr|new=-172
watanabe|渡辺 直子|Category Manager, IT & Digital Services|proc|wrob|S2||mail=naoko.watanabe left=-178
priya|Priya Raman|Director, Procurement Excellence|proc|wrob|N3|pr|new=-38
marchand|Léa Marchand|Senior Legal Counsel, Contracts & Data Protection (EU)|legal|gc|N2|lg|loc=hamburg
sokolov|Дмитрий Соколов|General Manager, Enterprise Architecture|ea|cdio|D4|te,in|mail=dmitry.sokolov
saito|斎藤 翔|Program Manager, Project Kagami|ea|sokolov|K3|te|mail=sho.saito new=-330
kim|Ольга Ким|Senior Data Engineer, Project Kagami|ea|saito|K4|in|mail=olga.kim new=-290
orlov|Алексей Орлов|Data Engineer, Project Kagami|ea|saito|N2||mail=alexey.orlov left=-95
volkov|Александр Волков|Chief Information Security Officer|sec|cdio|K4|te|mail=alexander.volkov
nunez|José Núñez|General Manager, Data & Analytics|data|cdio|S3|te|
inoue|井上 大輔|General Manager, Infrastructure & Cloud|infra|cdio|N3|te|mail=daisuke.inoue new=-250
berger|Thomas Berger|General Manager, Infrastructure & Cloud|infra|cdio|S3||left=-260
iyer|Rajesh Iyer|General Manager, ERP & Application Services|erp|cdio|K3|te,us|
moller|Jens Møller-Hartmann|Head of Hub Operations Hamburg|hub|md|C3|us,be|
kruger|Sabine Krüger|Site Manager, Hamburg-Waltershof Hub|hub|moller|S3|us|
kohler|Björn Köhler|Shift Supervisor Inbound & Chair of the Works Council|hub|kruger|K5|in|
nowak|Małgorzata Nowak|Head of Transport Management|tms|md|S3|be,us|
riedel|Stefan Riedel|Chief Financial Officer, Nordhaven Logistik GmbH|nfin|md|N3|be|new=-190
eriksson|Margit Eriksson|Chief Financial Officer, Nordhaven Logistik GmbH|nfin|md|N3||left=-200
berzina|Līga Bērziņa|Regional Director, Central & Eastern Europe|cee|md|S2||
sadykova|Айгерим Садыкова|Head of Eurasia Rail Corridor|eur|berzina|S2|us|mail=aigerim.sadykova
miura|三浦 直樹|General Manager, Demand & Supply Planning|dsp|zoe|N3|be,us|mail=naoki.miura
bellucci|Chiara Bellucci|Head of Group Sustainability Office|sust|coo|S4|in|
kobayashi|小林 誠|General Manager, Production Planning|pplan|mpres|K3|us,in|mail=makoto.kobayashi
endo|Kazuhiro Endo|Plant Manager, Nagoya Works|mops|mpres|N3|us|
"""

#: What the key people care about, and what we know about them.
PROFILES = """
key|business_results|personal_wins|concerns|internal_notes
ceo|Deliver the Tsubasa Mid-Term Plan: ROE above 10% and the merger synergies promised to investors.
  |Be remembered as the president who made the merger work, not the one who wrote off Nordhaven.
  |Integration is years late; analysts ask why Hamburg and Nagoya still run separate systems.
  |Delegates to the COO and CFO and decides at the board pre-meeting. Takeda-san is our only line to him.
falkenberg|Independent oversight of the large IT investments the board approves; a clean audit opinion.
  |Her reputation as the director who stopped a failed ERP programme at her former group.
  |Another multi-year IT programme over budget; vendor lock-in; benefits nobody tracks.
  |Reads every board paper above ¥1bn and questions IT cases hard. Nobody on our side knows her.
cfo|Hold group ROIC above 8% while funding Tsubasa; no surprises in capex or write-downs.
  |Wants to fund the logistics turnaround out of savings, not new money.
  |Already wrote down ¥2.3bn on the Veridian 9 roll-out; ¥900M sunk in Kagami with little to show.
  |Signs anything above ¥500M. Met Helen for ten minutes at the Tokyo summit; access only via Ishikawa-san.
coo|Cut logistics cost per tonne by 12% and put Nagoya and Hamburg planning on one process.
  |Wants the control tower to be his programme at the board, ahead of the CDIO's Kagami.
  |A second failed IT rollout under his name; hub staff resisting new tools.
  |Our strongest executive. Wants consensus in the executive committee before he commits in public.
cdio|One data platform for the group (Kagami), fewer vendors, Veridian 9 retired before end of support.
  |Kagami must be seen as a success: it is her flagship since she joined from a bank.
  |Shadow IT in Nordhaven; data leaving Japan; another SaaS silo the ARB did not design.
  |Listens to Sokolov and Volkov; will not overrule the ARB in public. Needs a way to say yes to both.
mpres|Protect Nagoya margins; on-time delivery to automotive customers above 95%.
  |Independence of the Industrial Machinery Division from decisions taken in Hamburg.
  |Believes Nordhaven gets the group's IT money; still cool on us after choosing Pallas.
  |Decision maker for anything touching Nagoya. Only Yui has met his office, and not since the loss.
md|Nordhaven's contract-logistics margin; win back two automotive accounts lost on visibility.
  |Become the group's next COO by showing that Hamburg leads the digital agenda.
  |Works council relations at Waltershof; Kinetica is cheaper for the transport part.
  |Sponsored the Hamburg pilot. Trusts Konstantin Lau (Brückner & Lau) more than he trusts us.
zoe|One exceptions queue for inbound across Hamburg, Bremerhaven and Nagoya; fewer expedites.
  |Promotion to Chief Supply Chain Officer; a visible win in her first year in the role.
  |Inherited Henrik's business case and is stretched; fears the blame if the rollout slips.
  |Our champion now, but has not yet sold for us without Henrik. Test: will she present to the COO?
henrik|Proved the pilot numbers: exception resolution in Hamburg from 3.5 days to 9 hours.
  |Wanted to run the group rollout and be its face.
  |Frustrated by the pace of the ARB; felt unsupported by Group IT.
  |Left to become COO of a Rotterdam port operator. Still carries the champion role in this plan.
felix|Stabilise Logistics Excellence after Henrik's exit; deliver the network redesign.
  |Be confirmed in the VP role.
  |Does not own Henrik's business case and questions the benefit numbers he inherited.
  |Came from the same consultancy as Sokolov. New since the last meeting; only Marcus has met him.
ishikawa|A CFO calendar that only holds decisions ready to be taken.
  |Trusted by Kuroda-san; wants to move into Corporate Strategy.
  |Vendors who go around him to the CFO.
  |Gatekeeper and hidden influencer: decides which business cases reach the CFO. Treat him as a principal.
conti|A business case that survives the CFO: benefits owned by the line, not by the vendor.
  |Credibility as the controller who stopped two weak IT cases last year.
  |Double counting of savings already promised in the Tsubasa plan.
  |Skeptical of the numbers, not of us. Patrick built the case on his baseline, which helped.
matsumoto|Tsubasa targets met and reported; one set of KPIs across the merged group.
  |A seat on the board.
  |Divisions optimising locally; nobody owns the cross-division logistics KPI.
  |Supporter. Runs the Mid-Term Plan office with Onodera-san.
onodera|Clean KPI definitions for the Mid-Term Plan logistics targets.
  |Recognition beyond her grade; an overseas posting in Hamburg.
  |Numbers in board papers that do not reconcile.
  |Coach. Drafts the board pre-reads on logistics and tells us what they will say. Never quote her.
wrob|Savings against budget on IT categories; compliance with the group procurement policy.
  |Show that Group Procurement adds value beyond price.
  |Sole-source awards above ¥300M need an exception she has to defend.
  |Process-driven; would accept a clean sole-source justification rather than an RFP for its own sake.
nomura|A three-vendor comparison for every award above ¥300M.
  |His savings target for this fiscal year.
  |Being overruled by the business after the fact, as happened with the Hamburg pilot.
  |Wants an RFP (adds four months). Asahidai's reseller desk has the best relationship with him.
marchand|A DPA and SCCs that survive the data protection officer; EU AI Act exposure mapped.
  |Close the contract before her parental leave.
  |Subprocessors with US parents; liability caps below twelve months of fees.
  |Based in Hamburg; handles all Nordhaven contracts. Precise and reasonable.
sokolov|Kagami as the single data foundation; no integration layer the ARB did not design.
  |Keep control of the architecture while the CDIO is new.
  |Vendors who bypass the ARB through the business, as the Hamburg pilot did.
  |Detractor: calls us "another silo" and chairs the ARB that blocked our review. Needs a plan, not a fight.
kim|Fewer pipelines to maintain; proper data contracts with the business systems.
  |Respect for the Kagami team's work.
  |Our ingestion duplicating hers; being on call for yet another system.
  |Hidden influencer: the only engineer who understands Kagami end to end; the CDIO calls her directly.
volkov|APPI and GDPR compliance; Japanese entities' data stays in Japan; ISMAP-level evidence.
  |A clean security audit after the ransomware scare in Bremerhaven.
  |SaaS vendors with US parents and unclear subprocessors.
  |Skeptical on data residency. Our Tokyo region answers most of it; our DPIA draft is late.
nunez|Self-service analytics that planners actually use.
  |Data & Analytics seen as the business's partner, not Kagami's back office.
  |Being squeezed between Kagami and the business.
  |Supporter; helped design the pilot dashboards. Little weight in the ARB.
iyer|A stable Veridian ERP through the migration; no custom code in the core.
  |Own the group integration roadmap.
  |A new platform that ERP support has to carry; Kinetica has a ready-made Veridian connector.
  |Skeptical but moved by technical proof; Stefan's integration proof helped.
moller|Exceptions resolved within the shift; fewer trucks waiting at the gate.
  |Recognition for the pilot results; budget for two more hubs.
  |Works council push-back on anything that looks like monitoring operators.
  |Runs the pilot site and is our best reference. Champion in stance, no formal say in the decision.
kruger|Smooth shift handovers and fewer expedites at Waltershof.
  |Less time on spreadsheets, more on the floor.
  |Change fatigue on the floor after the Veridian 9 upgrade.
  |Daily user of the pilot. Knows Köhler well and could introduce us.
kohler|No performance monitoring of individual operators; works agreements honoured.
  |Re-election as works council chair.
  |Systems that track operators' productivity without a works agreement (BetrVG §87).
  |Hidden influencer: the works council can stop any rollout at the German hubs. Nobody here knows him.
nowak|Lower freight cost per shipment; carrier performance visible across Europe.
  |Replace two local Kinetica instances with one group tool.
  |Kinetica's price; her team's bandwidth during peak season.
  |Supporter and ally for the transport scope; works closely with Brückner & Lau.
miura|One S&OP cycle for the group; less inventory without losing service.
  |Lead the group planning function when it is created.
  |Two planning tools (Veridian and Pallas) and no single truth.
  |Neutral; key for the expansion. Nagoya's planners listen to him.
bellucci|Scope 3 transport emissions from primary data for the CSRD report.
  |Recognition from the board's sustainability committee.
  |Auditors rejecting estimate-based figures; data from 300 carriers.
  |Influence rising because the board wants CSRD readiness. A door to the CEO.
kobayashi|Schedule adherence above 95% at Nagoya; fewer parts shortages.
  |Being proven right about choosing Pallas.
  |Another tool imposed from Tokyo or Hamburg.
  |Skeptic since the demand-sensing loss; sways Morimoto-san more than his title suggests.
saito|Ship Kagami's next release on time with three more data sources live.
  |Keep the programme funded.
  |Vendors telling the CDIO that Kagami is late.
  |Skeptical but pragmatic: open to Kagami-as-foundation if we write events back into it.
endo|Stable plant logistics; fewer line stoppages for missing parts.
  |Plant KPIs green for the next division review.
  |Project work distracting his managers.
  |Neutral. Our way into the Nagoya Works warehouse discovery for the expansion.
"""

#: Influence that does not follow the reporting lines.
INFLUENCE = """
source_id|target_id|kind|strength|note
onodera|coo|informally_reports_to|4|Runs the Mid-Term Plan logistics workstream for him
onodera|matsumoto|influences|4|Drafts his board papers
onodera|zoe|trusts|3|Worked together on the logistics KPI definitions
kim|cdio|informally_reports_to|3|The CDIO calls her directly about Kagami status
kim|sokolov|influences|5|He repeats her technical objections word for word
cdio|sokolov|trusts|5|Brought him in from her former bank
sokolov|zoe|in_conflict_with|4|The Hamburg pilot bypassed the ARB
volkov|cdio|influences|4|Security veto on any SaaS
ishikawa|cfo|influences|5|Decides what reaches the CFO's desk
cfo|conti|trusts|4|Relies on Controlling to challenge business cases
coo|ceo|influences|4|
ceo|cfo|trusts|5|Joined the company in the same year
falkenberg|cfo|influences|3|The audit committee questions every large IT investment
kohler|moller|influences|4|No rollout in Hamburg without a works agreement
kohler|md|in_conflict_with|3|Dispute over weekend shift rules
zoe|henrik|trusts|5|
henrik|coo|influences|4|Presented the pilot results to him
zoe|coo|influences|4|
md|mpres|in_conflict_with|4|Hamburg and Nagoya compete for the group IT budget
kobayashi|mpres|influences|4|Chose Pallas and convinced him
iyer|sokolov|trusts|3|
iyer|nunez|in_conflict_with|2|Who owns reporting on ERP data
nunez|cdio|influences|2|
bellucci|ceo|influences|3|The board wants CSRD readiness
bellucci|zoe|trusts|3|
matsumoto|cfo|influences|3|
nomura|wrob|influences|3|
wrob|ishikawa|trusts|3|
marchand|md|informally_reports_to|2|Handles all Nordhaven contracts
sadykova|nowak|informally_reports_to|3|Corridor shipments are planned by Transport Management
nowak|md|influences|3|
miura|kobayashi|in_conflict_with|3|Group S&OP against Nagoya planning
felix|sokolov|trusts|4|Worked together at the same consultancy
ceo|mpres|influences|4|
kruger|kohler|trusts|4|
berzina|md|trusts|3|
"""

# --- our side --------------------------------------------------------------------------------------------

FIRMS = {
    "c": ("Corvane Systems", "corvane.com", FirmKind.OURS),
    "a": ("Asahidai Systems Integration", "asahidai-si.co.jp", FirmKind.PARTNER),
    "b": ("Brückner & Lau Consulting", "brueckner-lau.de", FirmKind.PARTNER),
    "t": ("Tessera Distribution Japan", "tessera-dist.co.jp", FirmKind.PARTNER),
}

#: Our side; the firm is a key of FIRMS, joined and left are days from today.
CO_SELLERS = """
key|name|role|title|-firm|-joined|-left
ae|Marcus Lindqvist|account_executive|Strategic Account Director, Japan & DACH|c|-740|
es|Helen Park|executive_sponsor|EVP Global Field Operations|c|-600|
es_jp|Yoshiro Takeda|executive_sponsor|President, Corvane Japan|c|-640|
sc_lead|Keiko Nishimura|solution_consultant|Principal Solution Consultant|c|-700|
sc_arch|Tobias Reinhardt|solution_consultant|Solution Architect, Integration|c|-560|
sc_data|Amélie Garnier|solution_consultant|Solution Consultant, Analytics|c|-520|
sc_jp1|Sakura Ito|solution_consultant|Solution Consultant, Manufacturing|c|-540|
sc_infra|Ryo Fukuda|solution_consultant|Solution Consultant, Cloud & Infrastructure|c|-480|
sc_eu|Rohan Mehta|solution_consultant|Solution Consultant, Logistics EMEA|c|-460|
sc_left|Lars Pettersson|solution_consultant|Senior Solution Architect|c|-620|-25
sc_demo|Natalia Kowalczyk|solution_consultant|Demo Engineer|c|-300|
sc_plan|Kenji Arakawa|solution_consultant|Solution Consultant, Planning|c|-420|
csm_hh|Hannah Schultz|customer_success_manager|Customer Success Manager, Hamburg|c|-470|
csm_jp|Daisuke Mori|customer_success_manager|Customer Success Manager, Japan|c|-380|
csm_lead|Sofia Lindholm|customer_success_manager|Director, Customer Success, Strategic Accounts|c|-470|
csm_2|Grace Okoye|customer_success_manager|Customer Success Manager, Adoption|c|-330|
csm_3|Mika Tanabe|customer_success_manager|Customer Success Operations Analyst|c|-250|
csm_4|Jonas Becker|customer_success_manager|Customer Success Architect|c|-310|
ps_em|Stefan Kraus|professional_services|Engagement Manager|c|-500|
ps_jp|Yusuke Hara|professional_services|Delivery Lead, Japan|c|-350|
ps_hh|Julia Hartmann|professional_services|Implementation Consultant|c|-500|
ps_int|Omar Haddad|professional_services|Integration Consultant|c|-420|
ps_cm|Elena Popescu|professional_services|Change Management Lead|c|-330|
ps_tech|Kaito Yamamoto|professional_services|Technical Consultant|c|-290|
ps_arch|Nils Andersson|professional_services|Solution Delivery Architect|c|-400|
ps_pm|Ayaka Kondo|professional_services|Project Manager|c|-360|
ps_mig|Martin Novák|professional_services|Data Migration Consultant|c|-200|
ps_train|Lucía Fernández|professional_services|Training Lead|c|-180|
sp_sust|Beatriz Carvalho|specialist|Sustainability Specialist (Scope 3)|c|-130|
sp_sec|Viktor Lindgren|specialist|Security & Compliance Specialist|c|-400|
sp_data|Shun Aoki|specialist|Data Integration Specialist|c|-450|
sp_tms|Inès Moreau|specialist|Transport Optimisation Specialist|c|-300|
sp_value|Patrick O'Neill|specialist|Value Engineering Director|c|-430|
sp_wms|Haruka Sakai|specialist|Warehouse Orchestration Specialist|c|-160|
sp_iot|Fabian Weiß|specialist|Asset Performance (IoT) Specialist|c|-520|
sp_ind|Ana Ribeiro|specialist|Industry Principal, Logistics|c|-600|
sp_ai|Hiroki Nagata|specialist|AI Forecasting Specialist|c|-540|
sdr_jp|Yui Matsuda|sdr_bdr|Enterprise SDR, Japan|c|-700|
sdr_de|Leon Fischer|sdr_bdr|Enterprise BDR, DACH|c|-420|
sdr_fr|Chloé Martin|sdr_bdr|Enterprise BDR, Southern Europe|c|-210|
sdr_in|Arjun Nair|sdr_bdr|Enterprise SDR, Emerging Markets|c|-520|-140
sdr_nb|Emma Johansson|sdr_bdr|BDR, Nordics & Baltics|c|-150|
ren_eu|Megan Doyle|renewals|Renewals Manager, EMEA|c|-400|
ren_jp|Takumi Ogawa|renewals|Renewals Manager, Japan|c|-260|
dd_1|Rebecca Stein|deal_desk_legal|Deal Desk Manager|c|-340|
dd_jp|Hiroko Mizuno|deal_desk_legal|Commercial Counsel, Japan|c|-300|
dd_eu|Thomas Gallagher|deal_desk_legal|Senior Commercial Counsel, EMEA|c|-280|
dd_price|Priyanka Shah|deal_desk_legal|Pricing Analyst|c|-90|
as_lead|Kazuo Hirano|partner|Alliance Director|a|-650|
as_arch|Mariko Ueda|partner|Principal Architect, Project Kagami delivery lead|a|-400|
as_pm|Ryohei Kimura|partner|Project Manager|a|-380|
as_dev|Nozomi Shibata|partner|Integration Engineer|a|-240|
as_res|Tetsuya Okamoto|reseller|Account Manager, Reseller Desk|a|-500|
as_con|Emi Kawaguchi|reseller|Contracts Administrator|a|-200|
bl_lead|Konstantin Lau|partner|Partner, Supply Chain Practice|b|-620|
bl_mgr|Sophie Brückner|partner|Senior Manager, Logistics Transformation|b|-300|
bl_tms|Maximilian Roth|partner|Manager, Transport & Network|b|-230|
bl_cee|Aleksandra Zielińska|partner|Consultant, Central & Eastern Europe|b|-200|
bl_data|Janne Virtanen|partner|Consultant, Data & Integration|b|-80|
ts_am|Shinji Morioka|reseller|Account Manager, Group framework agreement|t|-450|
ts_is|Aya Nakagawa|reseller|Inside Sales|t|-300|
ts_pre|Daichi Ishida|reseller|Pre-sales Engineer|t|-250|
"""

RESPONSIBILITY_BY_ROLE = {
    CoSellerRole.ACCOUNT_EXECUTIVE: "Owns the account, the plan and the forecast",
    CoSellerRole.EXECUTIVE_SPONSOR: "Executive relationships and the steering committee",
    CoSellerRole.SOLUTION_CONSULTANT: "Technical win: discovery, demonstrations, architecture",
    CoSellerRole.CUSTOMER_SUCCESS_MANAGER: "Adoption and value at the live sites",
    CoSellerRole.PROFESSIONAL_SERVICES: "Delivery plan, integration and rollout",
    CoSellerRole.SPECIALIST: "Specialist support for the pursuit",
    CoSellerRole.SDR_BDR: "Outreach to departments we do not cover yet",
    CoSellerRole.RENEWALS: "Renewal of the Hamburg subscription",
    CoSellerRole.DEAL_DESK_LEGAL: "Pricing, terms and the contract",
    CoSellerRole.PARTNER: "Partner delivery and advisory",
    CoSellerRole.RESELLER: "Reseller of record: orders and local terms",
}

# stakeholder | co-seller:strength(0-4):days since last touched, ... (the first one owns the relationship)
COVERAGE = """
ceo|es_jp:2:45,ae:1:160
cfo|es:1:250
coo|ae:3:12,es:2:70,sc_lead:1:40
cdio|ae:2:34,sc_arch:1:90,es_jp:1:120
gc|dd_jp:1:130
mpres|sdr_jp:1:150
md|ae:2:20,bl_lead:4:9,csm_hh:3:15
zoe|ae:4:5,sc_lead:3:8,sp_value:2:16
henrik|ae:4:30,csm_hh:3:31,sp_value:3:33
felix|ae:1:17
ishikawa|ae:1:95
conti|sp_value:2:21,ae:1:75
matsumoto|es_jp:2:60,sdr_jp:1:110
onodera|ae:3:14,sdr_jp:2:40
wrob|dd_1:2:25,ae:2:48
nomura|as_res:3:11,dd_1:1:30
priya|sdr_fr:1:33
marchand|dd_eu:2:19
sokolov|sc_arch:2:75,as_arch:3:6
saito|sp_data:2:27,as_arch:3:5
kim|sp_data:1:88,sc_data:0:200
volkov|sp_sec:2:22,sc_infra:1:64
nunez|sc_data:3:18
inoue|sc_infra:2:41
berger|sc_infra:2:270
iyer|ps_em:2:26,as_pm:1:70
moller|csm_hh:4:3,ps_hh:3:10,ae:3:21
kruger|csm_hh:3:6,ps_hh:2:12
nowak|sp_tms:2:30,bl_tms:3:14
riedel|ren_eu:1:100
watanabe|as_res:2:160
berzina|bl_cee:2:52
sadykova|sdr_nb:1:120
miura|sc_plan:2:44
bellucci|sp_sust:3:9,ae:2:58
kobayashi|sc_jp1:1:210
endo|sp_iot:1:130,sp_wms:1:40
"""
#: Coverage that existed and was lost: stakeholder, co-seller, strength, day created, day deleted.
LOST_COVERAGE = [("sokolov", "sc_left", 2, -400, -11), ("inoue", "sc_left", 1, -240, -11)]
LOST_COVERAGE += [("sadykova", "sdr_in", 1, -480, -140)]
#: Who covers the generated rank and file, by division.
DIVISION_SELLERS = {
    "corp": "sp_value dd_1 sdr_jp dd_jp ts_am as_con dd_price",
    "it": "sc_arch sc_data sc_infra sp_data sp_sec as_arch as_dev ps_int sc_demo ps_tech",
    "mach": "sc_jp1 sp_iot sp_wms sdr_jp csm_jp ps_jp ts_is ts_pre",
    "nhl": "csm_hh ps_hh ps_em sp_tms bl_mgr bl_tms bl_cee bl_data sdr_de csm_2 ps_cm ps_train sdr_nb",
    "gsc": "sc_lead sc_plan sp_sust sp_ind sc_eu sp_ai csm_lead ps_arch ps_pm",
}

# --- the market: competitors, product lines, initiatives, spend -----------------------------------------

COMPETITORS = """
key|name|is_incumbent|solution|strengths|weaknesses|strategy
veridian|Veridian Software|1|Veridian Supply Suite 9: on-premise planning and WMS on the group's Veridian ERP
  |Twelve years in the account; owns the ERP relationship and the CDIO's trust; the safe choice.
  |Version 9 on-premise reaches end of support; four versions across the hubs; batch planning, no live ETAs.
  |Never attack the ERP. Sit above it, make end of support the compelling event and let Rajesh Iyer's team own
  the integration so the ERP core stays clean. Expect a "free" v10 cloud upgrade: price the migration effort
  they do not mention.
kinetica|Kinetica Logistics|0|Kinetica Logistics Cloud: SaaS transport management and shipment visibility
  |Modern, fast to deploy, live at two Nordhaven sites; pre-built Veridian connector; aggressive price.
  |No Japanese-language support or Tokyo data region; weak on manufacturing inbound; thin partners in Japan.
  |Win on the group scope: Nagoya, Japanese data residency and Asahidai's delivery capacity. Keep Kinetica
  boxed in as a transport tool in Nordhaven; do not match the 40% discount, show the cost of two platforms.
pallas|Pallas Analytics|0|Pallas Demand: demand sensing and BI add-on, live at Industrial Machinery
  |Inside the group's BI stack; Nagoya's planners like it; cheap.
  |No execution or logistics visibility; forecasts stop at the factory gate.
  |Coexist: consume Pallas forecasts in the control tower and say so to Kobayashi-san. Never relitigate the
  demand-sensing loss.
kagami|Project Kagami (in-house build)|0|Group data lake and integration platform, built by IT with Asahidai
  |The CDIO's flagship and Sokolov's architecture; ¥900M already spent; building looks cheaper to IT.
  |Late: 3 of 11 planned sources live; key engineers leaving; no operational workflow or alerting.
  |Make Kagami the foundation we stand on, never the failure we replace: read from it where a source is live,
  write events back into it, and let the Kagami team own the data contracts.
"""

PRODUCT_LINES = [
    "Control Tower",
    "Demand Sensing",
    "Transport Optimisation",
    "Warehouse Orchestration",
    "Asset Performance (IoT)",
    "Sustainability Ledger",
    "Integration Hub",
]
# unit | a cell per product line: O ours, C<competitor> incumbent, P<opportunity> open, N not a fit, U unknown
WHITESPACE = """
hub|O|N|Ckinetica|Pexp|U|Ps3|Pbig
tms|Pbig|N|Ckinetica|N|N|Ps3|Pbig
ctl|Pbig|U|N|Cveridian|U|Ps3|U
cee|Pbig|N|Ckinetica|Pexp|N|U|U
eur|Pbig|N|U|N|U|Ps3|U
dsp|Pbig|Cveridian|N|N|N|N|Ckagami
lex|Pbig|N|Ckinetica|Pexp|N|Ps3|Pbig
sust|U|N|N|N|N|Ps3|U
pplan|Pbig|Cpallas|N|N|U|N|Ckagami
mops|Pbig|N|N|Pexp|U|U|U
aftm|U|Cpallas|N|Pexp|U|N|U
erp|N|N|N|Cveridian|N|N|Ckagami
data|N|Cpallas|N|N|N|N|Ckagami
"""

INITIATIVES = """
sponsor_id|title|description
ceo|Tsubasa Mid-Term Management Plan|Three-year plan presented to investors: ROE above 10%, ¥18bn of merger
  synergies and one operating model for manufacturing and logistics.
coo|Logistics cost per tonne −12%|The COO's flagship target inside Tsubasa: fewer expedites and less
  demurrage, one network plan for the whole group.
cdio|Project Kagami – group data platform|One governed data platform for all entities, built in-house with
  Asahidai; the CDIO's flagship and the basis of every new integration.
bellucci|CSRD and Scope 3 transparency|First CSRD-aligned report for the European entities; the auditors
  expect primary data, not estimates, for transport emissions.
iyer|Veridian 9 exit before end of support|Retire the on-premise Veridian 9 planning and WMS modules before
  end of support while keeping the ERP core untouched.
"""

SPEND_ZONES = """
name|annual_spend|incumbent_solution|shortcomings
Supply chain planning and visibility software|410000000|Veridian Supply Suite 9 (on-premise, four versions)
  |Batch planning overnight; no live ETAs; each hub on its own version; end of support is near.
Freight: ocean, rail and road|86400000000|Spreadsheet carrier allocation; Kinetica TMS at two Nordhaven sites
  |No group view of carrier performance; ¥1.1bn of demurrage and expedites after the Bremerhaven congestion.
Group data platform build (Project Kagami)|380000000|In-house build with Asahidai Systems Integration
  |Three of eleven sources live; no operational workflow; run costs rising faster than use.
Warehouse management, 14 sites|265000000|Veridian WMS plus local systems in Poland and Kazakhstan
  |Two local systems out of support; peak-season overtime at Duisburg and Venlo.
Demand planning, Industrial Machinery|95000000|Pallas Demand (since the demand-sensing award)
  |Forecasts stop at the factory gate; no link to inbound parts logistics.
"""

# --- the pursuit -----------------------------------------------------------------------------------------

#: Opportunities; the dates are days from today, "close" is computed in build_opportunities().
OPPORTUNITIES: list[dict[str, Any]] = [
    {
        "key": "pilot",
        "name": "Hamburg hub visibility pilot (Control Tower)",
        "type": OpportunityType.NEW,
        "amount": 48_600_000,
        "outcome": Outcome.WON,
        "closed": -480,
        "competitors": ["kinetica"],
        "compelling_event": "Two automotive customers left Nordhaven over missing inbound visibility; the MD "
        "needed a result before the next customer review.",
        "differentiators": "Live in two weeks on the hub's own scans; worked the three-shift pattern with "
        "the floor; Japanese and German support from one team.",
        "outcome_reason": "You showed us every inbound container at Waltershof in two weeks, not two "
        "quarters, and your people came in on the night shift. That is why we chose you. (Jens "
        "Møller-Hartmann)",
        "internal_notes": "Signed by Søren Ødegård under his own authority; Group Procurement was bypassed, "
        "which Nomura-san still holds against us.",
        "sales": "reaching_out=-760 initial_meetings=-735 selling_vision=-700 vision_match=-660 "
        "qualification=-640 discovery=-610 demonstration=-575 proposal=-540 negotiation=-505 closed=-480",
        "buying": "change=-800 pain=-760 needs=-690 search=-650 evaluate=-590 decide=-500 purchase=-490 "
        "implement=-470 adopt=-380",
    },
    {
        "key": "lost",
        "name": "Demand sensing for Industrial Machinery",
        "type": OpportunityType.CROSS_SELL,
        "amount": 185_000_000,
        "outcome": Outcome.LOST,
        "won_by": "pallas",
        "closed": -230,
        "competitors": ["pallas", "veridian"],
        "compelling_event": "Parts shortages stopped the Nagoya assembly lines four times in one quarter.",
        "differentiators": "Forecasts tied to inbound logistics, not only to sales history.",
        "outcome_reason": "Pallas was already inside our BI environment and about 30% cheaper. Your demo was "
        "the best, but our planners did not want a second screen. (Kobayashi Makoto)",
        "internal_notes": "Sold too low: never met Morimoto-san before the decision. Lesson for Tsubasa.",
        "sales": "reaching_out=-520 initial_meetings=-490 selling_vision=-455 qualification=-410 "
        "discovery=-380 demonstration=-330 proposal=-290 negotiation=-262 closed=-230",
        "buying": "pain=-540 needs=-470 search=-430 evaluate=-350 decide=-240",
    },
    {
        "key": "big",
        "name": "Project Tsubasa – group supply chain control tower",
        "type": OpportunityType.EXPANSION,
        "amount": 1_380_000_000,
        "probability": 50,
        "competitors": ["veridian", "kinetica", "kagami"],
        "compelling_event": "Veridian 9 on-premise reaches end of support at the end of the next fiscal "
        "year; a twelve-month migration means signature this quarter. The Tsubasa plan commits the COO to "
        "12% lower logistics cost per tonne, reported to investors.",
        "differentiators": "Proven at Waltershof (3.5 days to 9 hours); Tokyo data region and Japanese "
        "support; runs on top of Kagami and the Veridian ERP instead of replacing them; Scope 3 transport "
        "ledger from the same shipment data.",
        "internal_notes": "Above half of quota: the big-deal clause applies. Two-phase price (hubs, then "
        "Nagoya) approved by the deal desk with a 22% floor discount. Single-threaded on the CFO.",
        "sales": "reaching_out=-560 initial_meetings=-525 selling_vision=-470 vision_match=-405 "
        "qualification=-335 discovery=-272 demonstration=-190 proposal=-95 negotiation=-20",
        "buying": "change=-610 pain=-545 needs=-420 search=-352 evaluate=-250 decide=-30",
    },
    {
        "key": "exp",
        "name": "Warehouse orchestration Phase 2 – EU and Japan sites",
        "type": OpportunityType.EXPANSION,
        "amount": 640_000_000,
        "probability": 20,
        "competitors": ["veridian", "kinetica"],
        "compelling_event": "The local WMS in Poland and Kazakhstan are out of support, and Duisburg and "
        "Venlo ran 18% overtime in the last peak season.",
        "differentiators": "Same platform and exceptions queue as the control tower; orchestration above the "
        "existing WMS instead of a rip-and-replace.",
        "internal_notes": "Only real after Tsubasa is signed. Nagoya scope depends on Morimoto-san.",
        "sales": "reaching_out=-150 initial_meetings=-118 selling_vision=-84 qualification=-40",
        "buying": "change=-210 pain=-150 needs=-60",
    },
    {
        "key": "s3",
        "name": "Scope 3 transport emissions ledger (CSRD)",
        "type": OpportunityType.CROSS_SELL,
        "amount": 118_000_000,
        "probability": 30,
        "competitors": ["kagami"],
        "compelling_event": "The first CSRD-aligned report is due for the European entities, and the "
        "auditors rejected estimate-based transport figures in the dry run.",
        "differentiators": "Emissions computed from the same shipment events as the control tower; "
        "carrier-level primary data; audit trail.",
        "internal_notes": "Chiara Bellucci's budget, not IT's; a way around the ARB if Tsubasa stalls.",
        "sales": "initial_meetings=-112 selling_vision=-70 discovery=-28",
        "buying": "pain=-120 needs=-75 search=-50",
    },
]

#: How the customer decides on Project Tsubasa (dates are days from today; the signature is computed).
DECISION_STEPS = """
key|name|kind|owner_id|due|status|-depends_on|notes
pilot|Hamburg pilot results accepted|pilot|moller|-395|done||Exception resolution 3.5 days to 9 hours.
tech|Integration proof with the Veridian ERP and Kagami|technical_evaluation|iyer|-35|done|pilot
  |Change-data-capture from the ERP proven; Kagami read path proven on two sources.
arb|Architecture Review Board sign-off|technical_evaluation|sokolov|5|blocked|tech
  |The ARB will not review until the integration pattern with Kagami is agreed.
ref|Reference calls with two manufacturing-logistics customers|reference_check|zoe|20|not_started|
bc|Business case approved by the Group COO|business_case|henrik|12|in_progress|pilot tech ref
  |Henrik's draft; he has left and nobody has formally taken it over.
sec|Security review and DPIA (APPI, GDPR)|security_review|volkov|-12|in_progress|tech
  |Waiting for our DPIA draft and the Tokyo-region design.
wc|Works council consultation at the German hubs|other||40|not_started|tech
  |Required before go-live in Germany (BetrVG §87); nobody on the customer side owns it.
proc|Procurement: sole-source justification or RFP|procurement|wrob|50|not_started|bc sec
legal|MSA, DPA and SCCs agreed|legal|marchand|70|not_started|sec
budget|Budget approval by the investment committee|budget_approval|cfo|78|not_started|bc proc
board|Board approval (investments above ¥1bn)|board_approval|ceo|98|not_started|budget legal arb wc
  |Pre-read due ten days before the board; the audit committee reviews it.
sign|Contract signature|signature|coo||not_started|board
"""

MEDDPICC = """
opportunity_id|letter|score|evidence
big|metrics|4|Logistics cost per tonne ¥18,400 to ¥16,200 (Tsubasa target); Hamburg pilot cut exception
  resolution from 3.5 days to 9 hours, signed off by Hub Operations.
big|economic_buyer|2|Kuroda-san (CFO) signs above ¥500M. Met Helen once for ten minutes; has not seen the
  business case; all access through Ishikawa-san.
big|decision_criteria|3|ARB criteria written: Tokyo data residency, ERP integration, coexistence with Kagami,
  Japanese support. The last two favour us; the first two are contested.
big|decision_process|3|Mapped to board approval; the ARB is blocked and the works council step has no owner.
big|paper_process|2|Procurement wants a three-vendor RFP; reseller of record (Asahidai or Tessera) not agreed;
  EU DPA redlines pending with Léa Marchand.
big|identify_pain|5|Veridian 9 end of support; four versions across the hubs; no live ETA for 78% of inbound;
  the Bremerhaven congestion cost ¥1.1bn in demurrage and expedites.
big|champion|2|Henrik Solberg has left. Zoë Lefèvre is willing but has not yet sold for us without him.
big|competition|3|Veridian offers a free v10 cloud upgrade; Kinetica discounts 40% to Nordhaven; Kagami is the
  build option backed by Sokolov-san.
exp|metrics|2|Target of 15% less warehouse labour per order line; no baseline agreed yet.
exp|economic_buyer|1|Probably the COO again, but Industrial Machinery funds Nagoya: unclear.
exp|decision_criteria|2|Not written. Endo-san wants to keep his WMS; Hamburg wants the control tower's tool.
exp|decision_process|1|Unknown beyond "after Tsubasa goes live".
exp|paper_process|1|Would run under the Tsubasa MSA if we sign it; otherwise a new RFP.
exp|identify_pain|3|Local WMS in Poland and Kazakhstan out of support; 18% peak overtime in Duisburg, Venlo.
exp|champion|2|Jens Møller-Hartmann and Małgorzata Nowak support it; nobody in Nagoya yet.
exp|competition|2|Veridian WMS is the incumbent; Kinetica will bundle its WMS with transport.
"""

RED_FLAGS = """
key|title|source_id|severity|status|raised_on|description|counter_strategy
kagami|Enterprise Architecture wants Kagami to own the data layer|sokolov|high|open|-170
  |Sokolov-san says the control tower duplicates Kagami and has blocked the ARB review.
  |Position the control tower on top of Kagami: read from it where a source is live, write events back, and
  let Asahidai build the connectors inside the Kagami programme.
roi|Controlling questions the savings in the business case|conti|high|countered|-172
  |Conti-san says half of the logistics savings are already promised in the Tsubasa plan.
  |Rebuild the case on Controlling's baseline, claim only incremental expedite and demurrage savings, and let
  Zoë Lefèvre own the benefits.
res|Data residency for Japanese entities (APPI) and the EU (GDPR)|volkov|medium|open|-75
  |Volkov-san will not approve data of Japanese entities leaving Japan, or EU personal data leaving the EU.
  |Tokyo and Frankfurt regions, subprocessor list, DPIA draft and a call with our CISO.
rfp|Procurement wants a three-vendor RFP|nomura|high|open|-55
  |An RFP adds about four months and puts Kinetica and Veridian back at the table.
  |Sole-source justification on the pilot results, sponsored by Zoë Lefèvre and supported by Asahidai.
nagoya|Industrial Machinery still sore about the demand-sensing loss|mpres|medium|open|-215
  |Morimoto-san's office says "we already bought Pallas" whenever Nagoya scope comes up.
  |Coexist with Pallas, executive-to-executive call from Takeda-san, Nagoya scope as phase two only.
wc|The works council may block event-level tracking at the German hubs|kohler|high|open|-66
  |Köhler-san's works council has not been consulted; scan events could be read as performance monitoring.
  |Information pack on what the system does not record; introduction through Jens and Sabine Krüger.
felix|The interim VP questions the business case he inherited|felix|critical|open|-18
  |Dr. Baumgartner does not own Henrik's numbers and has asked for them to be "re-baselined".
  |Walk him through the case line by line with Controlling; ask Zoë Lefèvre to take formal ownership.
kinconn|ERP team prefers Kinetica's pre-built Veridian connector|iyer|medium|open|-10
  |Rajesh Iyer's team says Kinetica would need no integration project.
  |Demonstrate our Veridian connector and change-data-capture pattern with his team.
dup|Kagami team says our ingestion duplicates their pipelines|kim|low|closed|-240
  |Kim-san told the ARB that we would copy the same sources twice.
  |Show that we read from Kagami where a source is live and only read directly where it is not.
"""

# title | phase | target (day, "close:<opp>" or "q<quarters ahead>") | status | reached (day) | opportunity
MILESTONES = """
Hamburg hub visibility pilot live|land|-450|reached|-446|pilot
Pilot success criteria signed off by Hub Operations|prove|-400|reached|-393|pilot
Group COO sponsors the Project Tsubasa evaluation|land|-250|reached|-262|big
Demand sensing live at Industrial Machinery|land|-240|missed||lost
Scripted demo accepted by Hamburg and Nagoya users|land|-150|reached|-141|big
First executive steering committee with the Group COO|land|-5|reached|-9|big
Project Tsubasa contract signed|land|close:big|planned||big
Hamburg, Bremerhaven and Duisburg on the group control tower|prove|q2|planned||big
Nagoya Works inbound parts flow live|prove|q3|planned||big
Scope 3 ledger contract signed for the CSRD report|expand|close:s3|planned||s3
First quarterly logistics cost review on control tower data|prove|q4|planned||
Warehouse orchestration Phase 2 signed (EU and Japan sites)|expand|close:exp|planned||exp
Eurasia rail corridor visibility, Khorgos to Duisburg|expand|q6|planned||
Veridian 9 planning modules switched off|expand|q7|planned||
Group enterprise agreement and first renewal|expand|q8|planned||
"""

# --- the deal team's work --------------------------------------------------------------------------------

#: Alignment meetings. Each decision is followed by its actions ("> title | owner | days after the meeting |
#: status | what it is for": s=stakeholder o=opportunity f=red flag).
MEETINGS: list[dict[str, Any]] = [
    {
        "day": -282,
        "location": "Corvane Tokyo (Otemachi) and Teams",
        "agenda": "1. Overdue actions (4)\n2. Project Tsubasa in Qualification, Discovery next; the COO is "
        "open to sponsoring the evaluation\n3. People: Thomas Berger (Infrastructure) leaving; Saito-san "
        "new on Kagami\n4. Coverage: nobody in the CFO office; Industrial Machinery only through Yui\n5. "
        "Demand sensing: Pallas in the running\n6. Decisions",
        "notes": "Matthias Vogelsang will sponsor the Tsubasa evaluation if IT is on board. The ERP is not "
        "the fight: we sit on top of it. Demand sensing at risk on price; Sakura to hold scope rather than "
        "discount.",
        "decisions": """
Position Tsubasa as the layer above the Veridian ERP, never as an ERP replacement.
>Draft the 'coexist with the Veridian ERP' architecture one-pager for Rajesh Iyer|sc_arch|14|done|s=iyer o=big
Run a Kagami coexistence workshop before any demo to Group IT.
>Run the Kagami coexistence workshop with Saito-san and the Asahidai team|sp_data|24|done|s=saito o=big
Helen Park opens the CFO relationship at the Tokyo customer summit.
>Book 30 minutes with Kuroda-san at the Corvane Tokyo summit|es|30|done|s=cfo o=big
>Brief Helen on Kuroda-san's priorities and the Veridian write-down|ae|25|done|s=cfo
""",
    },
    {
        "day": -222,
        "location": "Corvane Hamburg (HafenCity) and Teams",
        "agenda": "1. Overdue actions (6)\n2. Demand sensing lost to Pallas: what the customer told us\n3. "
        "Project Tsubasa in Discovery; first security questions from Volkov-san\n4. Stance: Chiara "
        "Bellucci now a supporter; Kobayashi-san and Morimoto-san cooling\n5. Partner plan for Nordhaven "
        "transport (Brückner & Lau)\n6. Decisions",
        "notes": "Loss review: price and 'one more screen' for the planners; our demo was rated best. We do "
        "not relitigate with Nagoya. Konstantin Lau offered to co-fund a transport assessment. Helen's "
        "summit meeting with Kuroda-san was ten minutes and cordial; no follow-up booked.",
        "decisions": """
Do not reopen the demand-sensing decision with Industrial Machinery; coexist with Pallas.
>Send Morimoto-san's office a note on the Pallas go-live, offering the Hamburg inbound feed|sdr_jp|10|done
  |s=mpres o=lost
Build the business case on Controlling's own baseline, not on our benchmark.
>Collect the logistics cost per tonne baseline from Gabriele Conti's team|sp_value|21|done|s=conti o=big
Start the security questionnaire before it is asked for.
>Submit the Tier 1 security questionnaire with ISO 27001 and ISMAP evidence|sp_sec|30|done|s=volkov o=big
Run the Nordhaven transport assessment jointly with Brückner & Lau.
>Agree the joint transport assessment scope with Konstantin Lau|ae|14|done|s=nowak
""",
    },
    {
        "day": -162,
        "location": "Corvane Tokyo (Otemachi) and Teams",
        "agenda": "1. Overdue actions (5)\n2. Project Tsubasa in Demonstration; expected close moved after "
        "the board calendar change\n3. Stance: Sokolov-san now a detractor after the Kagami steering "
        "committee\n4. People: Takeshi Nomura replaces Naoko Watanabe in IT procurement\n5. Red flag: "
        "Controlling questions the savings\n6. Decisions",
        "notes": "The investment committee moved by one cycle, so the expected close moved too. Sokolov-san "
        "told the Kagami steering committee that Tsubasa 'is another silo'; the CDIO did not contradict "
        "him. Mariko Ueda (Asahidai) confirmed the Kagami team is under pressure on dates.",
        "decisions": """
Build one scripted demo on Hamburg pilot data plus the Nagoya inbound parts flow.
>Build the scripted demo on Hamburg pilot data and the Nagoya inbound parts flow|sc_demo|25|done|o=big
Take the Kagami question to the CDIO directly, with Asahidai in the room.
>Joint session with Hasegawa-san and Mariko Ueda on Kagami as the data foundation|ae|30|done|s=cdio o=big
Rebuild the mutual close plan around the new board date.
>Rebuild the mutual close plan around the new board date with Zoë Lefèvre|ae|7|done|s=zoe o=big
""",
    },
    {
        "day": -102,
        "location": "Corvane Hamburg (HafenCity) and Teams",
        "agenda": "1. Overdue actions (7)\n2. Project Tsubasa: proposal due; scope extended to Nagoya, "
        "amount to be revised\n3. Stance: Zoë Lefèvre now a champion alongside Henrik Solberg\n4. "
        "Coverage: the Kagami engineers barely covered; the CFO only through Helen\n5. New opportunities: "
        "warehouse orchestration Phase 2 and the Scope 3 ledger\n6. Decisions",
        "notes": "Deal desk approved a two-phase structure. Henrik will present the business case to the "
        "COO; Patrick rehearses with him. Elena raised the works council: Jens expects Köhler-san to ask "
        "what the system records about operators. Nobody on our side knows him.",
        "decisions": """
Submit the proposal by month-end, priced in two phases: hubs first, Nagoya second.
>Get deal desk approval for the two-phase pricing of Project Tsubasa|dd_1|10|done|o=big
>Submit the Project Tsubasa proposal to Zoë Lefèvre and Henrik Solberg|ae|14|done|s=zoe o=big
Prepare Henrik Solberg to present the business case to the Group COO.
>Rehearse the business case presentation with Henrik Solberg|sp_value|21|done|s=henrik o=big
Start the works council conversation before it becomes a blocker.
>Prepare the works council information pack on what the control tower does not record|ps_cm|45|open
  |s=kohler o=big f=wc
Open the Scope 3 ledger conversation with the Sustainability Office.
>Run the Scope 3 transport emissions discovery workshop with Chiara Bellucci's team|sp_sust|35|done
  |s=bellucci o=s3
""",
    },
    {
        "day": -39,
        "location": "Corvane Tokyo (Otemachi) and Teams",
        "agenda": "1. Overdue actions (9)\n2. Project Tsubasa: proposal under review; procurement asks for a "
        "three-vendor RFP\n3. Red flags: RFP (Nomura-san), data residency (Volkov-san), works council\n4. "
        "MEDDPICC: economic buyer and paper process are the weakest letters\n5. Coverage: still nobody on "
        "the works council, the outside director or Morimoto-san\n6. Expansion: Nagoya warehouse "
        "discovery\n7. Decisions",
        "notes": "An RFP would kill the timeline: we go for a sole-source justification with Zoë as sponsor. "
        "Helen asks Ishikawa-san for a proper CFO review. Viktor's DPIA draft is two weeks late; the "
        "Tokyo-region design is agreed in principle with Volkov-san's team. Henrik sounded tired of the "
        "ARB; Marcus checks in.",
        "decisions": """
Move to negotiation with procurement and resist the three-vendor RFP.
>Send Nomura-san the sole-source justification with the Hamburg pilot results|dd_1|14|done
  |s=nomura o=big f=rfp
>Ask Zoë Lefèvre to sponsor the sole-source memo to Group Procurement|ae|10|done|s=zoe o=big f=rfp
Multi-thread the CFO office: Ishikawa-san is the path to Kuroda-san.
>Request a 45-minute CFO business case review through Ishikawa-san|es|21|open|s=ishikawa o=big
Close the security review before the board pre-read.
>Deliver the Tokyo-region data residency design and DPIA draft to Volkov-san|sp_sec|20|in_progress
  |s=volkov o=big f=res
Plan the Nagoya Works warehouse discovery for the expansion deal; check on Henrik.
>Run the Nagoya Works warehouse discovery with Endo-san|sp_wms|35|open|s=endo o=exp
>Check in with Henrik Solberg on his frustration with the ARB|ae|7|done|s=henrik
""",
    },
]
NEXT_MEETING_AGENDA = (
    "1. Overdue actions\n2. Henrik Solberg has left: who owns the business case?\n3. Project Tsubasa in "
    "Negotiation; expected close pushed\n4. New stakeholders: Dr. Felix Baumgartner, Priya Raman\n5. New "
    "red flags: business case ownership, Kinetica's connector\n6. Coverage lost with Lars Pettersson\n7. "
    "Decisions"
)

#: Counter-actions of the red flags.
FLAG_ACTIONS = """
red_flag_id|title|owner_id|due|status|stakeholder_id
roi|Rebuild the savings model on Controlling's baseline, incremental savings only|sp_value|-100|done|conti
roi|Walk Gabriele Conti through the revised benefits with Zoë Lefèvre|sp_value|-70|done|conti
res|Send Volkov-san's team the Tokyo-region subprocessor list|sp_sec|-45|done|volkov
res|Arrange a call between Volkov-san and Corvane's CISO|es_jp|-15|open|volkov
rfp|Ask Agnieszka Wróblewska how a sole-source exception is approved|dd_1|-30|done|wrob
rfp|Line up Asahidai's reseller desk to support the sole-source case with Nomura-san|as_res|7|in_progress
  |nomura
nagoya|Offer Kobayashi-san a demo of Pallas forecasts feeding the control tower|sc_jp1|-90|cancelled|kobayashi
nagoya|Ask Takeda-san to call on Morimoto-san before the board pre-read|ae|21|open|mpres
wc|Ask Jens Møller-Hartmann to introduce us to Björn Köhler|csm_hh|-5|open|kohler
felix|Walk Dr. Baumgartner through Henrik's business case line by line|sp_value|6|open|felix
felix|Ask Zoë Lefèvre to take formal ownership of the business case|ae|3|in_progress|zoe
kinconn|Demo the Veridian connector and change-data-capture pattern to Rajesh Iyer's team|ps_int|12|open|iyer
dup|Show Kim-san how our ingestion reads from Kagami instead of the source systems|sp_data|-215|done|kim
"""

#: Everyday actions about one person: who they fit | title ({name} is the stakeholder).
PERSON_ACTIONS = """
senior|Book an executive briefing with {name} on the Tsubasa logistics targets
senior|Prepare a one-page value summary tailored to {name}
senior|Line up an executive sponsor meeting for {name}
remote|Send {name} the Hamburg pilot results one-pager
remote|Schedule a Waltershof site visit for {name}
manager|Map {name}'s team and reporting lines in the plan
evaluator|Introduce {name} to the Rotterdam reference customer
evaluator|Follow up with {name} on open questions from the demo
evaluator|Send {name} the updated solution scope after the workshop
supporter|Invite {name} to the Corvane customer advisory board
supporter|Ask {name} who else should see the pilot results
skeptic|Review {name}'s objections with the solution team
skeptic|Prepare answers to {name}'s concerns before the next workshop
it|Share the Tokyo-region architecture note with {name}
it|Walk {name} through the Kagami coexistence architecture
any|Confirm {name}'s priorities for the next fiscal year
any|Update {name}'s stance and concerns after the last call
uncovered|Find a warm introduction to {name} through the partners
uncovered|Ask our champion who knows {name} well
"""
OPPORTUNITY_ACTIONS = [
    ("Update the mutual close plan for {opp}", "ae"),
    ("Refresh the pricing scenarios for {opp} with the deal desk", "dd_price"),
    ("Review the forecast category of {opp} with sales leadership", "ae"),
    ("Update the MEDDPICC evidence for {opp}", "sc_lead"),
    ("Refresh the competitive battlecard for {opp}", "sp_ind"),
    ("Validate the scope and sizing assumptions of {opp}", "ps_arch"),
    ("Prepare the partner delivery plan for {opp} with Asahidai", "as_lead"),
]

# --- the success plan and the numbers -------------------------------------------------------------------

SUCCESS_DEFINITION = (
    "\u201cSuccess is when a planner in Hamburg, Nagoya or Almaty sees the same shipment, the same exception "
    "and the same owner, and we fix it inside the shift instead of arguing about whose spreadsheet is "
    "right. In numbers: logistics cost per tonne down 12% by the end of the Mid-Term Plan, and Scope 3 "
    "transport figures our auditors accept.\u201d (Zoë Lefèvre, SVP Global Supply Chain)"
)
SUCCESS_NEXT_STEPS = (
    "1. Confirm the business case owner in Logistics Excellence.\n2. Close the security review and the data "
    "protection impact assessment.\n3. Hold the works council information session at Waltershof.\n4. "
    "Review the business case with the CFO office before the investment committee."
)
SUCCESS_OBJECTIVES = """
metric|baseline|target|due
Logistics cost per tonne (group)|¥18,400 per tonne (last fiscal year)|¥16,200 per tonne|700
Inbound shipments with a live ETA|22%|90%|300
Exception resolution time at the hubs|3.5 days (9 hours in the Hamburg pilot)|under 8 hours at every hub|360
Planner time spent reconciling spreadsheets|14 hours per planner per week|4 hours|420
Scope 3 transport emissions from primary data|0% of tonne-km|70% of tonne-km|540
"""
SUCCESS_MILESTONES = """
title|phase|due|status|customer_owner_id|our_owner_id
Hamburg-Waltershof live on the control tower (pilot)|deployment|-450|reached|kruger|ps_hh
80% of Hamburg shift leads work from the exceptions queue daily|adoption|-300|reached|kruger|csm_hh
Bremerhaven and Duisburg hubs connected|deployment|200|planned|moller|ps_em
Nagoya Works inbound parts flow connected|deployment|290|planned|endo|ps_jp
Group S&OP uses control tower inventory in transit|adoption|330|planned|miura|csm_jp
First quarterly logistics cost review on control tower data|business_impact|380|planned|zoe|sp_value
Scope 3 transport figures from primary data in the sustainability report|business_impact|560|planned|bellucci
  |sp_sust
"""
RESPONSIBILITIES = """
description|customer_owner_id|our_owner_id|due
Named integration owner and read access to the Veridian ERP logistics modules|iyer|ps_int|30
Weekly adoption review with the Hamburg shift leads|kruger|csm_hh|14
Quarterly executive steering committee|coo|es|60
Works council information session on what the system does and does not record|chro|ps_cm|40
Data protection impact assessment and Tokyo-region data residency design|volkov|sp_sec|10
Benefit tracking against the Controlling baseline|conti|sp_value|90
"""

# --- name pools for the generated people ----------------------------------------------------------------

JP_SURNAMES = (
    "佐藤:sato 鈴木:suzuki 高橋:takahashi 田中:tanaka 山本:yamamoto 中島:nakajima 加藤:kato 吉田:yoshida "
    "山田:yamada 松井:matsui 木村:kimura 林:hayashi 清水:shimizu 山崎:yamazaki 阿部:abe 池田:ikeda "
    "橋本:hashimoto 前田:maeda 藤田:fujita 岡田:okada 後藤:goto 村上:murakami 近藤:kondo 石井:ishii "
    "坂本:sakamoto 青木:aoki 西田:nishida 太田:ota 藤原:fujiwara 岡本:okamoto 原田:harada 竹内:takeuchi "
    "金子:kaneko 和田:wada 中山:nakayama 上野:ueno 森田:morita 柴崎:shibasaki 工藤:kudo 横山:yokoyama"
)
JP_GIVEN = (
    "陽子:yoko 翔太:shota 大輝:daiki 美穂:miho 直人:naoto 彩花:ayaka 拓也:takuya 裕子:yuko 健一:kenichi "
    "真理:mari 亮:ryo 智子:tomoko 隆之:takayuki 恵:megumi 和也:kazuya 麻衣:mai 洋平:yohei 千尋:chihiro "
    "修:osamu 由美:yumi 悠斗:yuto 沙織:saori 圭:kei 奈々:nana 秀樹:hideki 春香:haruka 浩二:koji 理沙:risa"
)
EU_FIRST = (
    "Jan Lena Katrin Torben Mia Ömer Ayşe Niklas Johanna Sven Frauke Malte Annika Pieter Sanne Rasmus Ida "
    "Mehmet Elif Jörg Ute Kai Svenja Hauke Leonie Dirk Anja Henning Birte Ole Inga Gaëlle Raúl Åsa Frédéric"
)
EU_LAST = (
    "Schröder Müller Krämer Petersen Jansen Hoffmann Böhm Şahin Yılmaz Ahlers Claßen Dreyer Fröhlich Gärtner "
    "Jürgens Köster Lüders Paulsen Sievers Thießen Vogel Nieuwenhuis Dijkstra Østergaard Nyström Åkesson "
    "Brandt"
)
BALTIC_NAMES = (
    "Jānis Ozoliņš;Ilze Kalniņa;Andris Liepiņš;Mārtiņš Krūmiņš;Agnese Zariņa;Paweł Kowalski;Katarzyna "
    "Wójcik;Tomasz Zieliński;Joanna Dąbrowska;Rūta Petrauskienė;Tadeusz Mazur;Edgars Vītols;Zuzanna Łukasik"
)
CYRILLIC_NAMES = (
    "Нурлан Бекенов:nurlan.bekenov;Асель Жумабаева:asel.zhumabayeva;Ерлан Касымов:yerlan.kassymov;Динара "
    "Сулейменова:dinara.suleimenova;Тимур Ахметов:timur.akhmetov;Ирина Белова:irina.belova;Сергей "
    "Ким:sergey.kim;Наталья Иванова:natalya.ivanova;Максим Павлов:maxim.pavlov;Гульнара "
    "Искакова:gulnara.iskakova;Бауыржан Омаров:bauyrzhan.omarov;Елена Смирнова:elena.smirnova;Андрей "
    "Кузнецов:andrey.kuznetsov;Жанар Абдрахманова:zhanar.abdrakhmanova;Олег Морозов:oleg.morozov"
)


# --- helpers ---------------------------------------------------------------------------------------------


def rows(text: str) -> list[list[str]]:
    """Split a ``|``-separated table; a line that starts with spaces continues the row above."""
    lines: list[str] = []
    for line in text.strip("\n").splitlines():
        if line.startswith(" ") and lines:
            lines[-1] += line.strip() if line.strip().startswith("|") else " " + line.strip()
        elif line.strip():
            lines.append(line.strip())
    return [[cell.strip() for cell in line.split("|")] for line in lines]


def records(text: str) -> list[dict[str, str]]:
    """Read a table whose first row names the columns; missing trailing cells are empty."""
    header, *body = rows(text)
    return [dict(zip(header, row + [""] * (len(header) - len(row)), strict=True)) for row in body]


def options(text: str) -> dict[str, str]:
    """Parse ``key=value`` words."""
    return dict(word.split("=", 1) for word in text.split())


def ascii_name(text: str) -> str:
    """Turn a Latin name into an e-mail local part: Jens Møller-Hartmann -> jens.moller-hartmann."""
    special = {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "ø": "o", "æ": "ae", "ł": "l", "ı": "i", "'": ""}
    text = "".join(special.get(char, char) for char in text.lower().replace("dr. ", ""))
    return ".".join(unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().split())


def month_end(day: dt.date) -> dt.date:
    return (day.replace(day=1) + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)


def add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def fiscal_year_start(day: dt.date, first_month: int = 4) -> dt.date:
    return dt.date(day.year if day.month >= first_month else day.year - 1, first_month, 1)


def text_of(value: Any) -> str | None:
    """Write a value the way the change log does: enums by value, dates in ISO form."""
    if value is None:
        return None
    if isinstance(value, enum.Enum):
        return str(value.value)
    return value.isoformat() if isinstance(value, dt.date) else str(value)


@dataclass
class Demo:
    """The plan being built, with everything reachable by the short keys of the data tables."""

    session: Session
    today: dt.date
    rng: random.Random
    account: Account
    units: dict[str, OrgUnit] = field(default_factory=dict)
    unit_loc: dict[str, str] = field(default_factory=dict)
    division_of: dict[str, str] = field(default_factory=dict)
    people: dict[str, Stakeholder] = field(default_factory=dict)
    generated: list[Stakeholder] = field(default_factory=list)
    managers: dict[int, Stakeholder] = field(default_factory=dict)
    sellers: dict[str, CoSeller] = field(default_factory=dict)
    members: dict[str, DealTeamMember] = field(default_factory=dict)
    owners: dict[int, CoSeller] = field(default_factory=dict)
    lost: list[tuple[int, str, int]] = field(default_factory=list)
    competitors: dict[str, Competitor] = field(default_factory=dict)
    opps: dict[str, Opportunity] = field(default_factory=dict)
    flags: dict[str, RedFlag] = field(default_factory=dict)
    milestones: list[Milestone] = field(default_factory=list)
    meetings: list[Meeting] = field(default_factory=list)
    actions: list[tuple[Action, int]] = field(default_factory=list)
    used_names: set[str] = field(default_factory=set)

    def day(self, offset: int) -> dt.date:
        return self.today + dt.timedelta(days=offset)

    def days(self, day: dt.date) -> int:
        return (day - self.today).days

    def at(self, offset: int) -> dt.datetime:
        """A moment in European or Japanese office hours, ``offset`` days from today, in UTC."""
        time = dt.time(self.rng.randint(0, 15), self.rng.choice(range(0, 60, 5)))
        return dt.datetime.combine(self.day(offset), time, tzinfo=dt.UTC)

    def person(self, key: str) -> Stakeholder:
        """A key person by key, or a generated one by "#index"."""
        return self.generated[int(key[1:])] if key.startswith("#") else self.people[key]

    def lookup(self, table: str, key: str) -> Base:
        """Find a row built earlier by the key the data tables use for it."""
        if table == "stakeholders":
            return self.person(key)
        tables: dict[str, dict[str, Any]] = {"co_sellers": self.sellers, "opportunities": self.opps}
        tables |= {"competitors": self.competitors, "red_flags": self.flags, "org_units": self.units}
        found: Base = tables[table][key]
        return found

    def value(self, column: Any, cell: str) -> Any:
        """Turn a table cell into a column value: keys into ids, days into dates, text into enums."""
        for foreign_key in column.foreign_keys:
            return self.lookup(foreign_key.column.table.name, cell).id
        kind = column.type
        if isinstance(kind, SAEnum) and kind.enum_class is not None:
            return kind.enum_class(cell)
        if isinstance(kind, Date):
            return self.day(int(cell))
        if isinstance(kind, Money):
            return Decimal(cell)
        if isinstance(kind, Boolean):
            return cell == "1"
        return int(cell) if isinstance(kind, Integer) else cell

    def load(self, model: type[T], text: str, **fixed: Any) -> dict[str, T]:
        """Add a ``model`` row per record of a table whose header names the columns ("key" names the row)."""
        made: dict[str, T] = {}
        columns = model.__table__.c
        for index, record in enumerate(records(text)):
            values = dict(fixed, position=index) if "position" in columns else dict(fixed)
            for name, cell in record.items():
                if cell and name != "key" and not name.startswith("-"):
                    values[name] = self.value(columns[name], cell)
            made[record.get("key") or str(index)] = self.new(model, **values)
        self.session.flush()
        return made

    def new(self, model: type[T], **values: Any) -> T:
        """Add a row of ``model`` to the session, in this account if the model belongs to accounts."""
        if "account_id" in model.__table__.c:
            values.setdefault("account_id", self.account.id)
        obj: T = model(**values)
        self.session.add(obj)
        return obj

    @property
    def ae(self) -> str:
        return str(self.sellers["ae"].name)

    def log(
        self,
        offset: int,
        user: str,
        kind: ChangeKind,
        obj: Base | type[Base],
        column: str = "",
        old: Any = None,
        new: Any = None,
        label: str = "",
        entity_id: int | None = None,
    ) -> None:
        """Write one change-log row as the audit hook would have (pass a class for a deleted row)."""
        if isinstance(obj, Base):
            entity_id, label = obj.id, label or obj.label
        self.new(
            ChangeLogEntry,
            at=self.at(offset),
            user=user,
            kind=kind,
            entity_type=obj.__tablename__,
            entity_id=entity_id,
            entity_label=label[:300],
            field=column,
            old_value=text_of(old),
            new_value=text_of(new),
        )


# --- sections --------------------------------------------------------------------------------------------


def build_org(demo: Demo) -> None:
    siblings: Counter[str] = Counter()
    for code, name, kind, parent, loc, *_ in rows(ORG_UNITS):
        parent_id = demo.units[parent].id if parent else None
        unit = demo.new(OrgUnit, name=name, kind=kind, parent_id=parent_id, position=siblings[parent])
        demo.units[code], demo.unit_loc[code] = unit, loc
        demo.division_of[code] = code if kind == "Division" else parent
        siblings[parent] += 1
        demo.session.flush()


def new_person(demo: Demo, name: str, mail: str, title: str, unit: str, loc: str = "") -> Stakeholder:
    place, domain, phone = LOCATIONS[loc or demo.unit_loc[unit]]
    demo.used_names.add(name)
    return demo.new(
        Stakeholder,
        name=name,
        title=title,
        org_unit_id=demo.units[unit].id,
        email=f"{mail or ascii_name(name)}@{domain}",
        phone="".join(str(demo.rng.randint(0, 9)) if char == "#" else char for char in phone),
        location=place,
        external_id=f"CRM-{demo.rng.randint(100000, 999999)}",
        created_at=demo.at(-demo.rng.randint(560, 760)),
    )


def generated_name(demo: Demo, loc: str) -> tuple[str, str]:
    rng = demo.rng
    while True:
        if loc == "nagoya" or (loc == "tokyo" and rng.random() < 0.85):
            surname, surname_latin = rng.choice(JP_SURNAMES.split()).split(":")
            given, given_latin = rng.choice(JP_GIVEN.split()).split(":")
            latin = f"{given_latin.capitalize()} {surname_latin.capitalize()}"
            name, mail = (f"{surname} {given}" if rng.random() < 0.45 else latin), ascii_name(latin)
        elif loc == "almaty" or (loc == "riga" and rng.random() < 0.4):
            name, mail = rng.choice(CYRILLIC_NAMES.split(";")).split(":")
        else:
            name = (
                rng.choice(BALTIC_NAMES.split(";"))
                if loc == "riga"
                else f"{rng.choice(EU_FIRST.split())} {rng.choice(EU_LAST.split())}"
            )
            mail = ascii_name(name)
        if name not in demo.used_names:
            return name, mail


def generated_person(demo: Demo, unit: str, title: str, manager: Stakeholder, tier: int) -> Stakeholder:
    rng = demo.rng
    person = new_person(demo, *generated_name(demo, demo.unit_loc[unit]), title, unit)
    person.created_at = demo.at(-rng.randint(90, 720))
    person.stance = rng.choices(list(Stance), [0, 20, 58, 19, 3])[0]
    levels = {0: ([3], [1]), 1: ([2, 3], [50, 50]), 2: ([1, 2, 3], [40, 45, 15])}
    person.influence = rng.choices(*levels[tier])[0]
    for hint, role in ROLE_HINTS.items():
        if hint in title and rng.random() < 0.7:
            person.role_links.append(StakeholderRole(account_id=demo.account.id, role=role))
    demo.generated.append(person)
    demo.managers[id(person)] = manager
    return person


def build_people(demo: Demo) -> None:
    bosses: dict[str, str] = {}
    profiles = {record.pop("key"): record for record in records(PROFILES)}
    for key, name, title, unit, boss, stance_influence, roles, *rest in rows(KEY_PEOPLE):
        opts = options(rest[0] if rest else "")
        person = new_person(demo, name, opts.get("mail", ""), title, unit, opts.get("loc", ""))
        person.stance, person.influence = STANCE_CODES[stance_influence[0]], int(stance_influence[1])
        if "new" in opts:
            person.created_at = demo.at(int(opts["new"]))
        if "left" in opts:
            person.status, person.departed_on = StakeholderStatus.DEPARTED, demo.day(int(opts["left"]))
        for code in filter(None, roles.split(",")):
            person.role_links.append(StakeholderRole(account_id=demo.account.id, role=ROLE_CODES[code]))
        for column, text in profiles.get(key, {}).items():
            setattr(person, column, text)
        demo.people[key], bosses[key] = person, boss
    heads = {code: (head, boss) for code, _name, _kind, _parent, _loc, head, *boss in rows(ORG_UNITS)}
    for code, tier1, tier2 in rows(TEAMS):
        head_key, boss_key = heads[code]
        if head_key.startswith("="):
            head = generated_person(demo, code, head_key[1:], demo.people[boss_key[0]], tier=0)
        else:
            head = demo.people[head_key]
        managers = [generated_person(demo, code, title.strip(), head, tier=1) for title in tier1.split(";")]
        for index, title in enumerate(t.strip() for t in tier2.split(";")):
            generated_person(demo, code, title, managers[index % len(managers)], tier=2)
    demo.session.flush()
    for key, boss in bosses.items():
        demo.people[key].reports_to_id = demo.people[boss].id if boss else None
    for person in demo.generated:
        person.reports_to_id = demo.managers[id(person)].id
    siblings: Counter[int | None] = Counter()
    for person in [*demo.people.values(), *demo.generated]:
        person.position = siblings[person.reports_to_id]
        siblings[person.reports_to_id] += 1


def build_influence(demo: Demo) -> None:
    demo.load(InfluenceLink, INFLUENCE)


def build_team(demo: Demo) -> None:
    demo.sellers = demo.load(CoSeller, CO_SELLERS)
    for record in records(CO_SELLERS):
        seller, left = demo.sellers[record["key"]], record["-left"]
        seller.organisation, domain, seller.firm_kind = FIRMS[record["-firm"]]
        seller.email = f"{ascii_name(seller.name)}@{domain}"
        responsibility = RESPONSIBILITY_BY_ROLE[seller.role]
        if seller.role is CoSellerRole.SPECIALIST:
            responsibility = f"Specialist support: {seller.title}"
        demo.members[record["key"]] = demo.new(
            DealTeamMember,
            co_seller_id=seller.id,
            responsibility=responsibility,
            active=not left,
            joined_on=demo.day(int(record["-joined"])),
            left_on=demo.day(int(left)) if left else None,
        )


def add_coverage(
    demo: Demo, person: Stakeholder, seller: str, strength: int, touched: int, owner: bool
) -> Coverage:
    if owner:
        demo.owners[person.id] = demo.sellers[seller]
    return demo.new(
        Coverage,
        co_seller_id=demo.sellers[seller].id,
        stakeholder_id=person.id,
        strength=list(RelationshipStrength)[strength],
        is_owner=owner,
        last_touched=demo.day(-touched),
    )


def coverage_label(demo: Demo, coverage: Coverage) -> str:
    """Name a coverage row for the change log: who knows whom."""
    seller = next(s for s in demo.sellers.values() if s.id == coverage.co_seller_id)
    person = next(p for p in [*demo.people.values(), *demo.generated] if p.id == coverage.stakeholder_id)
    return f"{seller.name} – {person.name}"


def build_coverage(demo: Demo) -> None:
    rng = demo.rng
    lost = [
        add_coverage(demo, demo.people[p], seller, rank, -made, False)
        for p, seller, rank, made, _ in LOST_COVERAGE
    ]
    for key, cells in rows(COVERAGE):
        for index, cell in enumerate(cells.split(",")):
            seller, strength, touched = cell.split(":")
            add_coverage(demo, demo.people[key], seller, int(strength), int(touched), index == 0)
    units = {unit.id: code for code, unit in demo.units.items()}
    for person in demo.generated:
        if rng.random() < 0.72:
            pool = DIVISION_SELLERS[demo.division_of[units[person.org_unit_id or 0]]].split()
            for index, seller in enumerate(rng.sample(pool, 2 if rng.random() < 0.2 else 1)):
                rank = rng.choices(range(5), [4, 42, 36, 14, 4])[0]
                last = rng.randint(3, min(220, -demo.days(person.created_at.date())))
                add_coverage(demo, person, seller, rank, last, index == 0)
    demo.session.flush()
    for coverage, (*_, deleted) in zip(lost, LOST_COVERAGE, strict=True):
        demo.lost.append((coverage.id, coverage_label(demo, coverage), deleted))
        demo.session.delete(coverage)


def build_market(demo: Demo) -> None:
    demo.competitors = demo.load(Competitor, COMPETITORS)
    demo.load(Initiative, INITIATIVES)
    demo.load(SpendZone, SPEND_ZONES)
    demo.new(
        NumbersPlan,
        target_amount=Decimal("2000000000"),
        average_deal_size=Decimal("350000000"),
        win_rate_percent=30,
        cycle_months=11,
        quota=Decimal("1600000000"),
        commission_tiers="0:8\n50:10\n100:14\n150:18",
        big_deal_percent=50,
    )


def build_opportunities(demo: Demo) -> None:
    next_year = add_months(fiscal_year_start(demo.today), 12)
    closes = {"big": demo.day(115), "exp": add_months(next_year, 5), "s3": demo.day(240)}
    for spec in OPPORTUNITIES:
        sales, buying = ([(s, int(d)) for s, d in options(spec[p]).items()] for p in ("sales", "buying"))
        closed = demo.day(spec["closed"]) if "closed" in spec else None
        opp = demo.opps[spec["key"]] = demo.new(
            Opportunity,
            name=spec["name"],
            type=spec["type"],
            amount=Decimal(spec["amount"]),
            currency="JPY",
            expected_close=closed or month_end(closes[spec["key"]]),
            probability=100 if spec.get("outcome") is Outcome.WON else spec.get("probability", 0),
            sales_stage=SalesStage(sales[-1][0]),
            buying_stage=BuyingStage(buying[-1][0]),
            compelling_event=spec["compelling_event"],
            differentiators=spec["differentiators"],
            outcome=spec.get("outcome"),
            outcome_reason=spec.get("outcome_reason", ""),
            won_by_id=demo.competitors[spec["won_by"]].id if "won_by" in spec else None,
            closed_on=closed,
            internal_notes=spec["internal_notes"],
            created_at=demo.at(sales[0][1]),
        )
        demo.session.flush()
        for key in spec["competitors"]:
            demo.new(OpportunityCompetitor, opportunity_id=opp.id, competitor_id=demo.competitors[key].id)
        for process, stages in ((StageProcess.SALES, sales), (StageProcess.BUYING, buying)):
            for stage, day in stages:
                at = demo.at(day)
                demo.new(
                    StageChange,
                    opportunity_id=opp.id,
                    process=process,
                    stage=stage,
                    entered_at=at,
                    changed_by=demo.ae,
                )


def build_decision_process(demo: Demo) -> None:
    big = demo.opps["big"]
    steps = demo.load(DecisionStep, DECISION_STEPS, opportunity_id=big.id)
    steps["sign"].due = big.expected_close - dt.timedelta(days=2) if big.expected_close else None
    for record in records(DECISION_STEPS):
        for dep in record["-depends_on"].split():
            demo.new(DecisionDependency, step_id=steps[record["key"]].id, depends_on_id=steps[dep].id)
    demo.load(MeddpiccItem, MEDDPICC)
    demo.flags = demo.load(RedFlag, RED_FLAGS, opportunity_id=big.id)


def build_journey(demo: Demo) -> None:
    fy_start = fiscal_year_start(demo.today)
    quarter_now = ((demo.today.year - fy_start.year) * 12 + demo.today.month - fy_start.month) // 3
    for title, phase, target, status, reached, opp in rows(MILESTONES):
        if target.startswith("close:"):
            when = demo.opps[target[6:]].expected_close
        elif target.startswith("q"):
            when = month_end(add_months(fy_start, 3 * min(quarter_now + int(target[1:]), 11) + 2))
        else:
            when = demo.day(int(target))
        milestone = demo.new(
            Milestone,
            title=title,
            phase=JourneyPhase(phase),
            target_date=when,
            status=MilestoneStatus(status),
            reached_on=demo.day(int(reached)) if reached else None,
            opportunity_id=demo.opps[opp].id if opp else None,
        )
        demo.milestones.append(milestone)
    products = [demo.new(ProductLine, name=name, position=index) for index, name in enumerate(PRODUCT_LINES)]
    demo.session.flush()
    kinds = {"O": "ours", "C": "competitor", "P": "open_opportunity", "N": "not_a_fit", "U": "unknown"}
    for unit, *codes in rows(WHITESPACE):
        for product, code in zip(products, codes, strict=True):
            amount = 48_600_000 if code == "O" else demo.rng.randint(4, 44) * 5_000_000
            value = None if code == "N" else Decimal(amount)
            demo.new(
                WhitespaceCell,
                org_unit_id=demo.units[unit].id,
                product_line_id=product.id,
                status=WhitespaceStatus(kinds[code[0]]),
                competitor_id=demo.competitors[code[1:]].id if code[0] == "C" else None,
                opportunity_id=demo.opps[code[1:]].id if code[0] == "P" else None,
                potential_value=value,
                note="The Hamburg pilot, live since the land phase" if code == "O" else "",
            )


def new_action(demo: Demo, title: str, owner: str, due: int, status: str, links: str, created: int) -> Action:
    """Add an action; ``links`` says what it is for (s=stakeholder o=opportunity f=red flag)."""
    link, state = options(links), ActionStatus(status)
    done = min(max(due + demo.rng.randint(-6, 2), created + 1), 0) if state is ActionStatus.DONE else None
    action = demo.new(
        Action,
        title=title,
        owner_id=demo.sellers[owner].id,
        due=demo.day(due),
        status=state,
        done_on=demo.day(done) if done is not None else None,
        stakeholder_id=demo.person(link["s"]).id if "s" in link else None,
        opportunity_id=demo.opps[link["o"]].id if "o" in link else None,
        red_flag_id=demo.flags[link["f"]].id if "f" in link else None,
        created_at=demo.at(created),
    )
    demo.actions.append((action, created))
    return action


def build_meetings(demo: Demo) -> None:
    for number, spec in enumerate(MEETINGS, start=8):
        day = spec["day"] - (demo.day(spec["day"]).weekday() - 1) % 7  # the Tuesday of that week
        meeting = demo.new(
            Meeting,
            title=f"Deal team alignment #{number}",
            held_on=demo.day(day),
            location=spec["location"],
            status=MeetingStatus.HELD,
            agenda=spec["agenda"],
            notes=spec["notes"],
        )
        demo.meetings.append(meeting)
        demo.session.flush()
        held = meeting.held_on
        present = [
            k
            for k, m in demo.members.items()
            if m.joined_on and m.joined_on <= held < (m.left_on or demo.today)
        ]
        for key in sorted({"ae", *demo.rng.sample(present, min(len(present), demo.rng.randint(18, 34)))}):
            demo.new(MeetingAttendee, meeting_id=meeting.id, co_seller_id=demo.sellers[key].id)
        decision, position = None, 0
        for row in rows(spec["decisions"]):
            if row[0].startswith(">"):
                title, owner, after, status, links = row
                action = new_action(demo, title[1:], owner, day + int(after), status, links, day)
                action.decision_id = decision.id if decision else None
            else:
                decision = demo.new(MeetingDecision, meeting_id=meeting.id, text=row[0], position=position)
                demo.session.flush()
                position += 1
    demo.meetings.append(
        demo.new(
            Meeting,
            title=f"Deal team alignment #{len(MEETINGS) + 8}",
            held_on=demo.day(18),
            location="Corvane Hamburg (HafenCity) and Teams",
            agenda=NEXT_MEETING_AGENDA,
        )
    )


def fits(demo: Demo, person: Stakeholder, audience: str) -> bool:
    """Tell whether an everyday action template makes sense for this person."""
    unit = next(code for code, unit in demo.units.items() if unit.id == person.org_unit_id)
    senior = ("Director", "Officer", "President", "Head", "General Manager", "CEO", "CFO", "COO")
    if person.id not in demo.owners:
        return audience == "uncovered"
    return {
        "uncovered": False,
        "senior": person.influence >= 4 or any(word in person.title for word in senior),
        "remote": not person.location.startswith("Hamburg"),
        "manager": any(p.reports_to_id == person.id for p in [*demo.people.values(), *demo.generated]),
        "evaluator": bool(person.roles & {BuyingRole.TECHNICAL_EVALUATOR, BuyingRole.BUSINESS_EVALUATOR}),
        "supporter": person.stance in (Stance.CHAMPION, Stance.SUPPORTER),
        "skeptic": person.stance in (Stance.SKEPTIC, Stance.DETRACTOR),
        "it": demo.division_of[unit] == "it",
    }.get(audience, True)


def build_actions(demo: Demo) -> None:
    rng = demo.rng
    for record in records(FLAG_ACTIONS):
        flag, due = record["red_flag_id"], int(record["due"])
        raised = demo.days(demo.flags[flag].raised_on or demo.today)
        created = max(min(due - rng.randint(10, 30), -1), raised, -290)
        links = f"s={record['stakeholder_id']} f={flag}"
        new_action(demo, record["title"], record["owner_id"], due, record["status"], links, created)
    candidates = [key for key, p in demo.people.items() if not p.is_departed and key != "kohler"]
    candidates += [f"#{index}" for index, p in enumerate(demo.generated) if p.influence >= 3]
    opps = {"big": "Project Tsubasa", "exp": "Warehouse Phase 2", "s3": "the Scope 3 ledger"}
    titles: set[str] = set()
    while len(demo.actions) < 100:
        due, created = rng.randint(-120, 90), -rng.randint(1, 14)
        if rng.random() < 0.28:
            template, owner = rng.choice(OPPORTUNITY_ACTIONS)
            opp = rng.choice(list(opps))
            title, links = template.format(opp=opps[opp]), f"o={opp}"
        else:
            key = rng.choice(candidates)
            person = demo.person(key)
            templates = [title for audience, title in rows(PERSON_ACTIONS) if fits(demo, person, audience)]
            title = rng.choice(templates).format(name=person.name)
            owner = next((k for k, s in demo.sellers.items() if s is demo.owners.get(person.id)), "ae")
            owner = owner if demo.members[owner].active else "ae"
            links = f"s={key}" + (" o=big" if rng.random() < 0.4 else "")
            created = max(created, demo.days(person.created_at.date()))
        created = max(min(due - rng.randint(10, 40), created), -290)
        if title in titles or due < created + 3:
            continue
        titles.add(title)
        weights = [76, 8, 9, 7] if due < -10 else [45, 0, 35, 20] if due < 0 else [10, 0, 60, 30]
        status = rng.choices(["done", "cancelled", "open", "in_progress"], weights)[0]
        new_action(demo, title, owner, due, status, links, created)
    overdue = sum(action.is_overdue(demo.today) for action, _ in demo.actions)
    for action, _created in demo.actions:  # the team is behind: at least a dozen overdue actions
        recent = -60 < demo.days(action.due or demo.today) < -3
        if overdue < 14 and recent and action.status is ActionStatus.DONE:
            action.status, action.done_on, overdue = ActionStatus.OPEN, None, overdue + 1


def build_success_plan(demo: Demo) -> None:
    plan = demo.new(
        SuccessPlan,
        title="Group control tower – joint success plan",
        definition_of_success=SUCCESS_DEFINITION,
        next_steps=SUCCESS_NEXT_STEPS,
        revision=3,
    )
    demo.session.flush()
    demo.load(SuccessObjective, SUCCESS_OBJECTIVES, plan_id=plan.id)
    demo.load(SuccessMilestone, SUCCESS_MILESTONES, plan_id=plan.id)
    demo.load(Responsibility, RESPONSIBILITIES, plan_id=plan.id)


# --- the change log: the story of the last ten months ----------------------------------------------------

HISTORY_START = -300
#: Changes told by hand: day | who | stakeholder or opportunity | field | old | new (@x: expected closes).
STORY = """
-240|sp_sust|bellucci|stance|neutral|supporter
-236|sc_jp1|kobayashi|stance|neutral|skeptic
-234|sdr_jp|mpres|stance|neutral|skeptic
-200|ae|big|expected_close|@x0|@x1
-190|ae|big|probability|30|40
-170|sc_arch|sokolov|stance|skeptic|detractor
-130|ae|zoe|stance|supporter|champion
-120|sp_value|conti|influence|2|3
-95|ae|big|amount|1150000000.00|1380000000.00
-95|ae|big|probability|40|55
-80|sp_data|kim|influence|3|4
-72|sp_sec|volkov|stance|neutral|skeptic
-60|ae|ishikawa|influence|3|4
-20|ae|big|probability|55|60
-16|ae|felix|stance|neutral|skeptic
-15|sp_sust|bellucci|influence|3|4
-14|ae|big|expected_close|@x1|@x2
-12|ae|big|probability|60|50
-6|csm_hh|moller|stance|supporter|champion
"""
#: Coverage created in the period: stakeholder | co-seller | day.
COVERAGE_GAINED = [("felix", "ae", -20), ("priya", "sdr_fr", -35), ("nomura", "as_res", -168)]


def log_people(demo: Demo) -> None:
    ae = demo.ae
    for person in [*demo.people.values(), *demo.generated]:
        owner = demo.owners.get(person.id)
        if (created := demo.days(person.created_at.date())) >= HISTORY_START:
            demo.log(created, owner.name if owner else ae, ChangeKind.CREATED, person)
        if person.departed_on and (left := demo.days(person.departed_on)) >= HISTORY_START:
            demo.log(left + 1, ae, ChangeKind.UPDATED, person, "status", "active", "departed")
            demo.log(left + 1, ae, ChangeKind.UPDATED, person, "departed_on", None, person.departed_on)
    champion = next(link for link in demo.people["zoe"].role_links if link.role is BuyingRole.CHAMPION)
    demo.log(-130, ae, ChangeKind.CREATED, champion)
    for key, seller, day in COVERAGE_GAINED:
        query = select(Coverage).where(
            Coverage.stakeholder_id == demo.people[key].id, Coverage.co_seller_id == demo.sellers[seller].id
        )
        coverage = demo.session.scalars(query).one()
        label = coverage_label(demo, coverage)
        demo.log(day, demo.sellers[seller].name, ChangeKind.CREATED, coverage, label=label)
    query = select(Coverage).where(Coverage.stakeholder_id == demo.people["zoe"].id, Coverage.is_owner)
    coverage = demo.session.scalars(query).one()
    label = coverage_label(demo, coverage)
    demo.log(-125, ae, ChangeKind.UPDATED, coverage, "strength", "strong", "trusted_advisor", label=label)
    for coverage_id, label, deleted in demo.lost:
        demo.log(deleted, ae, ChangeKind.DELETED, Coverage, label=label, entity_id=coverage_id)
    gone = demo.members["sc_left"]
    demo.log(-25, ae, ChangeKind.UPDATED, gone, "active", "true", "false", label="Lars Pettersson")
    demo.log(-25, ae, ChangeKind.UPDATED, gone, "left_on", None, gone.left_on, label="Lars Pettersson")


def log_pursuit(demo: Demo) -> None:
    ae, big = demo.ae, demo.opps["big"]
    dates = {"@x0": month_end(demo.day(-25)), "@x1": month_end(demo.day(40)), "@x2": big.expected_close}
    for when, who, key, column, old, new in rows(STORY):
        obj = demo.opps[key] if key in demo.opps else demo.people[key]
        user = demo.sellers[who].name
        demo.log(int(when), user, ChangeKind.UPDATED, obj, column, dates.get(old, old), dates.get(new, new))
    for opp in demo.opps.values():
        if (created := demo.days(opp.created_at.date())) >= HISTORY_START:
            demo.log(created, ae, ChangeKind.CREATED, opp)
    previous: dict[tuple[int, StageProcess], str] = {}
    for change in demo.session.scalars(select(StageChange).order_by(StageChange.entered_at)):
        day, track = demo.days(change.entered_at.date()), (change.opportunity_id, change.process)
        if day >= HISTORY_START and track in previous:
            column = "sales_stage" if change.process is StageProcess.SALES else "buying_stage"
            opp = next(o for o in demo.opps.values() if o.id == change.opportunity_id)
            demo.log(day, ae, ChangeKind.UPDATED, opp, column, previous[track], change.stage)
        previous[track] = change.stage
    lost = demo.opps["lost"]
    closing: list[tuple[str, Any, Any]] = [("outcome", None, "lost"), ("probability", 25, 0)]
    for column, old, new in [*closing, ("closed_on", None, lost.closed_on)]:
        demo.log(-230, ae, ChangeKind.UPDATED, lost, column, old, new)
    for flag in demo.flags.values():
        demo.log(demo.days(flag.raised_on or demo.today), ae, ChangeKind.CREATED, flag)
    for day, who, flag, status in ((-60, "sp_value", "roi", "countered"), (-200, "sp_data", "dup", "closed")):
        demo.log(day, demo.sellers[who].name, ChangeKind.UPDATED, demo.flags[flag], "status", "open", status)
    for milestone in demo.milestones:
        if milestone.reached_on and (day := demo.days(milestone.reached_on)) >= HISTORY_START:
            demo.log(day, ae, ChangeKind.UPDATED, milestone, "status", "planned", "reached")
            demo.log(day, ae, ChangeKind.UPDATED, milestone, "reached_on", None, milestone.reached_on)
        elif milestone.status is MilestoneStatus.MISSED:
            day = demo.days(milestone.target_date) + 10
            demo.log(day, ae, ChangeKind.UPDATED, milestone, "status", "planned", "missed")


def log_work(demo: Demo) -> None:
    ae, names = demo.ae, {seller.id: seller.name for seller in demo.sellers.values()}
    for action, created in demo.actions:
        user = names.get(action.owner_id or 0, ae)
        if created >= HISTORY_START:
            demo.log(created, user, ChangeKind.CREATED, action)
        if action.status is ActionStatus.DONE and action.done_on:
            old = demo.rng.choice(["open", "in_progress"])
            demo.log(demo.days(action.done_on), user, ChangeKind.UPDATED, action, "status", old, "done")
        elif action.status is ActionStatus.CANCELLED and action.due:
            day = min(demo.days(action.due) + 3, 0)
            demo.log(day, user, ChangeKind.UPDATED, action, "status", "open", "cancelled")
    for index, meeting in enumerate(demo.meetings):
        day = demo.days(meeting.held_on)
        demo.log(max(day - 50, HISTORY_START) if index else HISTORY_START, ae, ChangeKind.CREATED, meeting)
        if meeting.status is MeetingStatus.HELD:
            demo.log(day, ae, ChangeKind.UPDATED, meeting, "status", "planned", "held")


# --- the whole plan --------------------------------------------------------------------------------------


def build_demo(session: Session, today: dt.date) -> Account:
    """Add the demo account and everything in it to ``session`` (flushed, not committed); return it."""
    account = Account(
        name=ACCOUNT_NAME,
        currency="JPY",
        fiscal_year_start_month=4,
        status=AccountStatus.NURTURE_ACTIVE,
        created_at=dt.datetime.combine(today - dt.timedelta(days=760), dt.time(1, 30), tzinfo=dt.UTC),
        **ACCOUNT_FIELDS,
    )
    session.add(account)
    session.flush()
    demo = Demo(session=session, today=today, rng=random.Random(SEED), account=account)
    sections = [build_org, build_people, build_influence, build_team, build_coverage, build_market]
    sections += [build_opportunities, build_decision_process, build_journey, build_meetings]
    sections += [build_actions, build_success_plan, log_people, log_pursuit, log_work]
    for section in sections:
        section(demo)
        session.flush()
    return account


# --- a quick look: python tools/build_demo.py [YYYY-MM-DD] -----------------------------------------------


def script_of(name: str) -> str:
    """Tell which script a name is written in (for the summary)."""
    if any("\u3040" <= c <= "\u30ff" or "\u4e00" <= c <= "\u9fff" for c in name):
        return "japanese"
    if any("\u0400" <= c <= "\u04ff" for c in name):
        return "cyrillic"
    return "accented latin" if any("\u00c0" <= c <= "\u024f" for c in name) else "plain latin"


def print_summary(session: Session, account: Account, today: dt.date) -> None:
    for table in Base.metadata.sorted_tables:
        print(f"{table.name:24} {session.scalar(select(func.count()).select_from(table))}")
    people = session.scalars(select(Stakeholder)).all()
    managers = {p.id: p.reports_to_id for p in people}

    def level(person_id: int | None) -> int:
        return 0 if person_id is None else 1 + level(managers[person_id])

    actions = session.scalars(select(Action)).all()
    held = max(session.scalars(select(Meeting.held_on).where(Meeting.status == MeetingStatus.HELD)))
    since = [e for e in session.scalars(select(ChangeLogEntry)) if e.at.date() > held]
    levels, departed = max(level(p.id) for p in people), sum(p.is_departed for p in people)
    statuses, overdue = (
        dict(Counter(a.status.value for a in actions)),
        sum(a.is_overdue(today) for a in actions),
    )
    print(f"\n{account.name} as of {today}")
    print(f"management levels: {levels} | departed stakeholders: {departed}")
    print("names by script:", dict(Counter(script_of(p.name) for p in people)))
    print(f"actions: {statuses} | overdue: {overdue}")
    print(f"changes since the last meeting ({held}):", dict(Counter(e.field or e.kind.value for e in since)))


DEMO_FILE = Path(__file__).resolve().parent.parent / "resources" / "demo" / "demo-account.json"


def main() -> None:
    parser = argparse.ArgumentParser(
        description="Build the demo account; print its counts or write the plan file."
    )
    parser.add_argument("--today", type=dt.date.fromisoformat, default=dt.date.today(), help="the anchor day")
    parser.add_argument("--write", action="store_true", help=f"write the plan file to {DEMO_FILE}")
    args = parser.parse_args()
    today: dt.date = args.today
    engine = sqlalchemy.create_engine("sqlite://")

    @event.listens_for(engine, "connect")
    def _foreign_keys(connection: Any, _record: Any) -> None:
        connection.execute("PRAGMA foreign_keys=ON")

    Base.metadata.create_all(engine)
    with Session(engine) as session:
        session.info["audit"] = False
        account = build_demo(session, today)
        session.commit()
        print_summary(session, account, today)
        if args.write:
            document = export_account(session, account.id)
            document["anchor_date"] = today.isoformat()
            validate(document)
            write_plan(document, DEMO_FILE)
            print(f"\nwrote {DEMO_FILE}")


if __name__ == "__main__":
    main()
