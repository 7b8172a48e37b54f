"""The demo portfolio: three realistic IT projects that show every feature on first launch.

A new user learns the tool faster from a believable plan than from an empty window, and
developers need a stable, rich fixture: an ERP roll-out, a network and server upgrade and
a customer portal relaunch, sharing one resource pool (with a real over-allocation), one
holiday calendar, suppliers, purchase orders and invoices, and progress to a status date.

The plans are written as short outline texts rather than hundreds of constructor calls so
that a project manager can read and extend them. Everything is deterministic: building it
twice gives equal portfolios, so tests and screenshots stay stable.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from app.budget.accounts import STANDARD_CHART
from app.model.budget import (
    BudgetLine,
    CostAccount,
    EntryKind,
    EntryStatus,
    LedgerEntry,
    Supplier,
)
from app.model.calendar import (
    NON_WORKING,
    STANDARD_DAY,
    STANDARD_WEEK,
    Calendar,
    CalendarException,
)
from app.model.duration import DurationUnit, parse_duration
from app.model.link import Link, LinkKind
from app.model.portfolio import Portfolio
from app.model.project import Project
from app.model.resource import Assignment, Resource, ResourceType
from app.model.task import ConstraintKind, Task
from app.schedule import schedule
from app.schedule.baseline import save_baseline
from app.store import Store

DEMO_FILE_NAME = "demo.plansmith"
STATUS_DATE = datetime(2026, 11, 20, 17, 0)
VAT = Decimal("0.19")

STANDARD_CALENDAR = 1
PART_TIME_CALENDAR = 2
CUTOVER_CALENDAR = 3

#: Public holidays (and the year-end shutdown) on the standard calendar.
HOLIDAYS: tuple[tuple[str, str, str], ...] = (
    ("2026-10-03", "2026-10-03", "German Unity Day"),
    ("2026-12-24", "2027-01-01", "Year-end shutdown"),
    ("2027-03-26", "2027-03-26", "Good Friday"),
    ("2027-03-29", "2027-03-29", "Easter Monday"),
    ("2027-05-06", "2027-05-06", "Ascension Day"),
    ("2027-05-17", "2027-05-17", "Whit Monday"),
    ("2027-10-04", "2027-10-04", "German Unity Day (observed)"),
)

# --- the people, equipment, materials and costs of the shared pool ----------------------


@dataclass(frozen=True, slots=True)
class _ResourceSpec:
    """One row of the resource sheet; ``key`` is how plans below refer to it."""

    key: str
    name: str
    type: ResourceType
    group: str
    rate: str
    max_units: float = 1.0
    supplier: str | None = None
    calendar_id: int | None = None
    label: str = ""


W, MAT, CST = ResourceType.WORK, ResourceType.MATERIAL, ResourceType.COST

RESOURCES: tuple[_ResourceSpec, ...] = (
    _ResourceSpec("AB", "Anna Berger", W, "PMO", "115.00"),
    _ResourceSpec("BO", "Ben Okafor", W, "Architecture", "125.00"),
    _ResourceSpec("CJ", "Clara Jensen", W, "ERP team", "95.00"),
    _ResourceSpec("DN", "David Novak", W, "Infrastructure", "90.00"),
    _ResourceSpec("EL", "Eva Lindqvist", W, "Infrastructure", "85.00"),
    _ResourceSpec("FH", "Farid Haddad", W, "Digital", "88.00"),
    _ResourceSpec("GM", "Grace Müller", W, "Digital", "92.00"),
    _ResourceSpec("HK", "Hannah Kim", W, "Digital", "80.00", calendar_id=PART_TIME_CALENDAR),
    _ResourceSpec("IP", "Ivan Petrov", W, "QA", "78.00"),
    _ResourceSpec("JR", "Julia Rossi", W, "PMO", "82.00"),
    _ResourceSpec("KS", "Karl Schmidt", W, "ERP team", "98.00"),
    _ResourceSpec("LV", "Lena Vogel (Nordwind)", W, "Contractors", "150.00", supplier="NW"),
    _ResourceSpec("MB", "Marco Bianchi (Nordwind)", W, "Contractors", "135.00", supplier="NW"),
    _ResourceSpec("SE", "Stackline field engineers", W, "Contractors", "110.00", 3.0, "SL"),
    _ResourceSpec("PD", "Pixelwerk designer", W, "Contractors", "105.00", supplier="PW"),
    _ResourceSpec("LAB", "Network test lab", W, "Equipment", "18.00"),
    _ResourceSpec("RIG", "Load-test rig", W, "Equipment", "25.00"),
    _ResourceSpec("LIC", "ERP user licence", MAT, "Licences", "1450.00", label="licence"),
    _ResourceSpec("SRV", "Server OS licence", MAT, "Licences", "890.00", label="licence"),
    _ResourceSpec("TRV", "Travel", CST, "Expenses", "0"),
    _ResourceSpec("VEN", "Training venue", CST, "Expenses", "0"),
)

#: key -> (name, contact, email, contract reference, payment terms in days)
SUPPLIERS: dict[str, tuple[str, str, str, str, int]] = {
    "NW": ("Nordwind Consulting GmbH", "Petra Lang", "p.lang@nordwind.example", "MSA-2026-014", 30),
    "SL": ("Stackline Networks GmbH", "Tom Reiter", "orders@stackline.example", "FW-2025-88", 45),
    "TS": ("Tessera Software AG", "Ines Wolf", "sales@tessera.example", "LIC-ERP-2026", 30),
    "CH": ("CloudHarbor Ltd", "Sam Patel", "billing@cloudharbor.example", "CH-ENT-4411", 14),
    "PW": ("Pixelwerk Design Studio", "Mia Roth", "hello@pixelwerk.example", "SOW-PW-07", 30),
    "SS": ("SecureSight Pentest", "Jan Berg", "jan@securesight.example", "SOW-SS-2026-3", 30),
}

# --- the three plans ---------------------------------------------------------------------
#
# Outline: two spaces of indent per level; ``KEY Name | duration | flags``, where a line
# without a duration is a summary (phase or work package). Flags: M milestone,
# D deliverable. Keys are unique across the portfolio so links may cross projects.

ERP_OUTLINE = """
E1 Initiation and mobilisation
  E1_CHARTER Project charter and business case | 5d | D
  E1_KICK Kick-off workshop | 1d
  E1_PLAN Detailed project plan | 4d | D
  E1_GOV Steering committee set-up | 2d
  E1_DONE Mobilisation complete | 0d | M
E2 Business process analysis
  E2_FIN Finance and controlling
    E2_FIN_ASIS As-is process workshops | 5d
    E2_FIN_TOBE To-be process design | 8d | D
  E2_P2P Purchase-to-pay
    E2_P2P_ASIS As-is process workshops | 4d
    E2_P2P_TOBE To-be process design | 6d | D
  E2_O2C Order-to-cash
    E2_O2C_ASIS As-is process workshops | 4d
    E2_O2C_TOBE To-be process design | 6d | D
  E2_GAP Fit-gap analysis | 5d | D
  E2_SIGN Business blueprint signed off | 0d | M D
E3 Solution design
  E3_ARCH Solution architecture | 8d | D
  E3_INT Interface specification | 10d | D
  E3_DATA Data migration strategy | 6d | D
  E3_AUTH Roles and authorisation concept | 5d
  E3_SIGN Design authority approval | 0d | M
E4 Build and configuration
  E4_ENV System environments
    E4_ENV_TEN Provision DEV and QA tenants | 3d
    E4_ENV_LIC Procure ERP user licences | 2d
  E4_CFG Configuration
    E4_CFG_FIN Configure finance module | 15d
    E4_CFG_P2P Configure purchasing module | 12d
    E4_CFG_O2C Configure sales module | 12d
  E4_DEV Developments
    E4_DEV_RPT Management reports | 10d
    E4_DEV_INT Interfaces to CRM and bank | 15d | D
    E4_DEV_FRM Forms and print output | 8d
  E4_MIG Data migration build
    E4_MIG_EXT Extraction scripts | 8d
    E4_MIG_MAP Mapping and cleansing rules | 10d
    E4_MIG_TL1 Trial load 1 | 3d
  E4_DONE Build complete | 0d | M
E5 Testing
  E5_PLAN Test strategy and test cases | 8d | D
  E5_SIT System integration test | 15d
  E5_TL2 Trial load 2 | 3d
  E5_PERF Performance test | 5d
  E5_UAT User acceptance test | 10d | D
  E5_SIGN UAT sign-off | 0d | M D
E6 Training and deployment
  E6_TRN Training
    E6_TRN_MAT Training material | 10d | D
    E6_TRN_TTT Train the trainer | 3d
    E6_TRN_EU End-user training | 10d
  E6_CUT Cutover
    E6_CUT_PLAN Cutover plan and dress rehearsal | 5d | D
    E6_CUT_FRZ Legacy system freeze | 0d | M
    E6_CUT_LOAD Final data load | 2d
    E6_CUT_LIVE Go-live | 0d | M D
  E6_LEGACY Legacy system parallel run | 10d
  E6_HYP Hypercare | 20d
  E6_CLOSE Project closure report | 3d | D
  E6_END Project closed | 0d | M
"""

NETWORK_OUTLINE = """
N1 Assessment
  N1_INV Network and server inventory | 5d
  N1_INT Stakeholder interviews | 3d
  N1_AUD Capacity and security audit | 5d | D
  N1_LIC Licence audit | 2d
  N1_ARCH Target architecture | 8d | D
  N1_OK Architecture approved | 0d | M
N2 Procurement
  N2_RFQ Request for quotation | 5d | D
  N2_EVAL Vendor evaluation | 4d
  N2_PO Hardware order placed | 1d
  N2_SLIC Server OS licences | 1d
  N2_DELIV Hardware delivery | 30ed
  N2_RECV Hardware received | 0d | M
N3 Data centre
  N3_RACK Rack and cable new racks | 4d
  N3_SRV Server installation
    N3_SRV_HV Install hypervisor hosts | 5d
    N3_SRV_SAN Install storage array | 3d
    N3_SRV_BKP Upgrade backup system | 4d
    N3_SRV_BURN Burn-in test | 72eh
  N3_MON Monitoring and alerting set-up | 3d
  N3_MIG Virtual machine migration
    N3_MIG_W1 Migration wave 1: infrastructure services | 3d
    N3_MIG_W2 Migration wave 2: business applications | 5d
    N3_MIG_W3 Migration wave 3: legacy ERP | 3d
  N3_DECOM Decommission old servers | 5d
N4 Campus network
  N4_FW Firewall replacement | 4d
  N4_CORE Core switch replacement | 3d
  N4_ACC Access switches
    N4_ACC_HQ Head office | 5d
    N4_ACC_WH Warehouse | 3d
    N4_ACC_BR Branch offices | 5d
  N4_WIFI Wi-Fi refresh | 6d
  N4_TEST Network acceptance test | 3d | D
N5 Handover
  N5_DOC As-built documentation | 5d | D
  N5_TRAIN Operations training | 2d
  N5_HAND Handover to operations | 0d | M D
  N5_CLOSE Lessons learned | 1d | D
"""

PORTAL_OUTLINE = """
P1 Discovery
  P1_KICK Kick-off and team onboarding | 1d
  P1_RES User research interviews | 5d
  P1_ANA Analytics review | 3d
  P1_REQ Requirements backlog | 5d | D
  P1_OK Discovery complete | 0d | M
P2 Design
  P2_ARCH Solution architecture and API design | 10d | D
  P2_UX UX wireframes | 8d
  P2_UI Visual design and style guide | 6d | D
  P2_PROTO Clickable prototype user test | 3d
  P2_OK Design sign-off | 0d | M
P3 Development
  P3_ENV Cloud hosting and CI pipeline | 3d
  P3_S1 Sprint 1: accounts and login
    P3_S1_FE Frontend | 10d
    P3_S1_BE Backend | 10d
    P3_S1_REV Sprint 1 review | 2h
  P3_S2 Sprint 2: orders and invoices
    P3_S2_FE Frontend | 10d
    P3_S2_BE Backend | 10d
    P3_S2_REV Sprint 2 review | 2h
  P3_S3 Sprint 3: support and tickets
    P3_S3_FE Frontend | 10d
    P3_S3_BE Backend | 10d
    P3_S3_REV Sprint 3 review | 2h
  P3_CMS Content migration | 8d
  P3_ERP ERP integration | 10d
P4 Quality assurance
  P4_FUNC Functional testing | 8d
  P4_SEC Penetration test | 5d | D
  P4_A11Y Accessibility audit | 3d | D
  P4_LOAD Load test | 3d
  P4_FIX Defect fixing | 5d
P5 Launch
  P5_SEO Search redirects | 2d
  P5_COMMS Customer communication | 5d
  P5_TRAIN Support team training | 2d
  P5_LIVE Portal go-live | 0d | M D
  P5_STAB Stabilisation | 10d
  P5_DONE Project closed | 0d | M
"""

# Links: ``PRED SUCC [KIND][+/-LAG]``; FS without lag when only two keys are given.
LINKS = """
E1_CHARTER E1_KICK
E1_KICK E1_PLAN
E1_KICK E1_GOV SS+1d
E1_PLAN E1_DONE
E1_GOV E1_DONE
E1_DONE E2_FIN_ASIS
E1_DONE E2_P2P_ASIS SS+3d
E1_DONE E2_O2C_ASIS SS+5d
E2_FIN_ASIS E2_FIN_TOBE
E2_P2P_ASIS E2_P2P_TOBE
E2_O2C_ASIS E2_O2C_TOBE
E2_FIN_TOBE E2_GAP
E2_P2P_TOBE E2_GAP FS-2d
E2_O2C_TOBE E2_GAP FS-2d
E2_GAP E2_SIGN
E2_SIGN E3_ARCH
E3_ARCH E3_INT SS+3d
E3_ARCH E3_DATA SS+2d
E3_ARCH E3_AUTH
E3_INT E3_SIGN
E3_DATA E3_SIGN
E3_AUTH E3_SIGN
E3_SIGN E4_ENV_TEN
E3_SIGN E4_ENV_LIC
E4_ENV_TEN E4_CFG_FIN
E4_CFG_FIN E4_CFG_P2P SS+5d
E4_CFG_FIN E4_CFG_O2C SS+5d
E4_ENV_TEN E4_DEV_RPT FS+5d
E3_INT E4_DEV_INT FS+2d
E4_CFG_O2C E4_DEV_FRM SS+4d
E3_DATA E4_MIG_EXT
E4_MIG_EXT E4_MIG_MAP SS+3d
E4_MIG_MAP E4_MIG_TL1
E4_CFG_FIN E4_DONE
E4_CFG_P2P E4_DONE
E4_CFG_O2C E4_DONE
E4_DEV_RPT E4_DONE
E4_DEV_INT E4_DONE
E4_DEV_FRM E4_DONE
E4_MIG_TL1 E4_DONE
E3_SIGN E5_PLAN FS+10d
E4_DONE E5_SIT
E5_PLAN E5_SIT
E5_SIT E5_TL2 FF
E5_SIT E5_PERF SS+5d
E5_SIT E5_UAT
E5_TL2 E5_UAT
E5_UAT E5_SIGN
E5_PERF E5_SIGN
E5_UAT E6_TRN_MAT FF+5d
E6_TRN_MAT E6_TRN_TTT
E6_TRN_TTT E6_TRN_EU
E5_SIGN E6_CUT_PLAN
E6_CUT_PLAN E6_CUT_FRZ
E6_TRN_EU E6_CUT_FRZ FS-3d
E6_CUT_FRZ E6_CUT_LOAD
E6_CUT_LOAD E6_CUT_LIVE
E6_CUT_LIVE E6_HYP
E6_HYP E6_LEGACY SF
E6_HYP E6_CLOSE FF+3d
E6_CLOSE E6_END
N1_INV N1_AUD
N1_INV N1_INT SS
N1_INV N1_LIC SS+2d
N1_AUD N1_ARCH
N1_INT N1_ARCH
N1_ARCH N1_OK
N1_OK N2_RFQ
N2_RFQ N2_EVAL FS+5d
N2_EVAL N2_PO
N1_LIC N2_SLIC
N2_PO N2_SLIC SS
N2_PO N2_DELIV
N2_DELIV N2_RECV
N2_RECV N3_RACK
N3_RACK N3_SRV_HV
N3_SRV_HV N3_SRV_SAN SS+2d
N3_SRV_SAN N3_SRV_BKP
N3_SRV_HV N3_SRV_BURN
N3_SRV_SAN N3_SRV_BURN
N3_SRV_BURN N3_MON SS+1d
N3_SRV_BURN N3_MIG_W1
N3_MIG_W1 N3_MIG_W2 FS+2d
N3_MIG_W2 N3_MIG_W3 FS+5ed
E6_CUT_LIVE N3_MIG_W3 FS+10d
N3_MIG_W3 N3_DECOM FS+5d
N2_RECV N4_FW
N4_FW N4_CORE
N4_CORE N4_ACC_HQ
N4_ACC_HQ N4_ACC_WH
N4_ACC_WH N4_ACC_BR
N4_ACC_HQ N4_WIFI SS+50%
N4_ACC_BR N4_TEST
N4_WIFI N4_TEST
N3_MIG_W2 N5_DOC FF+2d
N4_TEST N5_DOC
N5_DOC N5_TRAIN
N5_TRAIN N5_HAND
N3_DECOM N5_HAND
N5_HAND N5_CLOSE
P1_KICK P1_RES
P1_RES P1_ANA SS+2d
P1_RES P1_REQ
P1_ANA P1_REQ
P1_REQ P1_OK
P1_RES P2_ARCH
P1_OK P2_UX FS-2d
P2_UX P2_UI
P2_ARCH P2_OK
P2_UI P2_PROTO
P2_PROTO P2_OK
P2_ARCH P3_ENV SS+5d
P3_ENV P3_S1_BE
P2_OK P3_S1_FE
P2_OK P3_S1_BE
P3_S1_FE P3_S1_REV
P3_S1_BE P3_S1_REV
P3_S1_REV P3_S2_FE
P3_S1_REV P3_S2_BE
P3_S2_FE P3_S2_REV
P3_S2_BE P3_S2_REV
P3_S2_REV P3_S3_FE
P3_S2_REV P3_S3_BE
P3_S3_FE P3_S3_REV
P3_S3_BE P3_S3_REV
P2_OK P3_CMS FS+10d
E4_DEV_INT P3_ERP
P3_S2_REV P3_ERP
P3_S3_REV P4_FUNC
P3_ERP P4_FUNC
P4_FUNC P4_SEC SS+3d
P4_FUNC P4_A11Y SS+2d
P4_FUNC P4_LOAD FF
P4_SEC P4_FIX FF+2d
P4_FUNC P4_FIX
P4_FIX P5_SEO
P3_CMS P5_SEO
P5_LIVE P5_COMMS SF-5d
P5_SEO P5_LIVE
P4_FIX P5_TRAIN
P5_TRAIN P5_LIVE
P4_LOAD P5_LIVE
P5_LIVE P5_STAB
P5_STAB P5_DONE
"""

# Assignments: ``KEY: RES, RES[50%]`` for work, ``MAT[qty]`` for material, ``CST[amount]``.
ASSIGNMENTS = """
E1_CHARTER: AB, JR[50%]
E1_KICK: AB, BO, CJ, KS, LV, TRV[1850.40]
E1_PLAN: AB
E1_GOV: AB[50%]
E2_FIN_ASIS: CJ, LV
E2_FIN_TOBE: CJ, LV
E2_P2P_ASIS: LV, JR[50%]
E2_P2P_TOBE: LV, MB[50%]
E2_O2C_ASIS: CJ[50%], MB
E2_O2C_TOBE: MB, CJ[50%]
E2_GAP: LV, CJ, BO[50%]
E3_ARCH: BO
E3_INT: BO, MB[50%]
E3_DATA: KS
E3_AUTH: LV[50%]
E4_ENV_TEN: EL
E4_ENV_LIC: AB[25%], LIC[120]
E4_CFG_FIN: CJ, LV
E4_CFG_P2P: LV[50%], MB
E4_CFG_O2C: MB, CJ[50%]
E4_DEV_RPT: MB
E4_DEV_INT: MB, GM[50%]
E4_DEV_FRM: MB[50%]
E4_MIG_EXT: KS
E4_MIG_MAP: KS, CJ[25%]
E4_MIG_TL1: KS, EL[50%]
E5_PLAN: IP
E5_SIT: IP, CJ[50%], MB[50%]
E5_TL2: KS
E5_PERF: IP[50%], RIG
E5_UAT: IP, JR[50%], CJ
E6_TRN_MAT: JR
E6_TRN_TTT: JR, CJ[50%], VEN[2400.00]
E6_TRN_EU: JR, VEN[9600.00]
E6_CUT_PLAN: AB, KS
E6_CUT_LOAD: KS, EL, LV
E6_LEGACY: EL[25%]
E6_HYP: LV[50%], CJ[50%], MB[50%]
E6_CLOSE: AB
N1_INV: DN, EL
N1_INT: DN[50%]
N1_AUD: DN, SE
N1_LIC: EL[50%]
N1_ARCH: DN, BO[25%]
N2_RFQ: DN[50%], AB[25%]
N2_EVAL: DN[50%], AB[25%]
N2_PO: AB[25%]
N2_SLIC: SRV[40]
N3_RACK: SE[200%], DN
N3_SRV_HV: SE, EL
N3_SRV_SAN: SE, EL[50%]
N3_SRV_BKP: EL
N3_MON: EL
N3_MIG_W1: EL, DN[50%]
N3_MIG_W2: EL, DN[50%]
N3_MIG_W3: EL, KS[50%]
N3_DECOM: EL, SE
N4_FW: SE, DN
N4_CORE: SE[200%], DN
N4_ACC_HQ: SE, DN[50%]
N4_ACC_WH: SE, TRV[950.00]
N4_ACC_BR: SE[200%], TRV[3400.00]
N4_WIFI: SE, DN[50%]
N4_TEST: DN, LAB
N5_DOC: DN[50%], EL[50%]
N5_TRAIN: DN, EL
N5_CLOSE: AB[50%], DN
P1_KICK: JR, BO, FH, GM, HK
P1_RES: HK, JR[25%]
P1_ANA: GM[50%]
P1_REQ: FH[50%], GM[50%], HK
P2_ARCH: BO
P2_UX: HK, PD
P2_UI: PD, HK[50%]
P2_PROTO: HK, PD
P3_ENV: GM, EL[50%]
P3_S1_FE: FH
P3_S1_BE: GM
P3_S1_REV: FH, GM, HK
P3_S2_FE: FH
P3_S2_BE: GM
P3_S2_REV: FH, GM, HK
P3_S3_FE: FH, PD[25%]
P3_S3_BE: GM
P3_S3_REV: FH, GM, HK
P3_CMS: HK, FH[25%]
P3_ERP: GM, BO[25%]
P4_FUNC: IP
P4_A11Y: HK
P4_LOAD: IP[50%], RIG
P4_FIX: FH, GM
P5_SEO: FH[50%]
P5_COMMS: JR[50%]
P5_TRAIN: JR, FH[50%]
P5_STAB: FH[50%], GM[50%]
"""

#: key -> (percent complete, actual start, actual finish) as reported on the status date.
PROGRESS: dict[str, tuple[int, str, str | None]] = {
    "E1_CHARTER": (100, "2026-09-07 08:00", "2026-09-11 17:00"),
    "E1_KICK": (100, "2026-09-14 08:00", "2026-09-14 17:00"),
    "E1_PLAN": (100, "2026-09-15 08:00", "2026-09-21 17:00"),
    "E1_GOV": (100, "2026-09-15 08:00", "2026-09-16 17:00"),
    "E1_DONE": (100, "2026-09-21 17:00", "2026-09-21 17:00"),
    "E2_FIN_ASIS": (100, "2026-09-22 08:00", "2026-09-28 17:00"),
    "E2_FIN_TOBE": (100, "2026-09-29 08:00", "2026-10-12 17:00"),
    "E2_P2P_ASIS": (100, "2026-09-25 08:00", "2026-09-30 17:00"),
    "E2_P2P_TOBE": (100, "2026-10-01 08:00", "2026-10-09 17:00"),
    "E2_O2C_ASIS": (100, "2026-09-29 08:00", "2026-10-02 17:00"),
    "E2_O2C_TOBE": (100, "2026-10-05 08:00", "2026-10-13 17:00"),
    "E2_GAP": (100, "2026-10-13 08:00", "2026-10-20 17:00"),
    "E2_SIGN": (100, "2026-10-20 17:00", "2026-10-20 17:00"),
    "E3_ARCH": (100, "2026-10-21 08:00", "2026-11-03 17:00"),
    "E3_INT": (50, "2026-10-26 08:00", None),
    "E3_DATA": (70, "2026-10-23 08:00", None),
    "E3_AUTH": (40, "2026-11-04 08:00", None),
    "N1_INV": (100, "2026-10-05 08:00", "2026-10-09 17:00"),
    "N1_INT": (100, "2026-10-05 08:00", "2026-10-07 17:00"),
    "N1_LIC": (100, "2026-10-07 08:00", "2026-10-08 17:00"),
    "N1_AUD": (100, "2026-10-12 08:00", "2026-10-16 17:00"),
    "N1_ARCH": (100, "2026-10-19 08:00", "2026-10-28 17:00"),
    "N1_OK": (100, "2026-10-28 17:00", "2026-10-28 17:00"),
    "N2_RFQ": (100, "2026-10-29 08:00", "2026-11-04 17:00"),
    "N2_EVAL": (60, "2026-11-16 08:00", None),
    "P1_KICK": (100, "2026-11-02 08:00", "2026-11-02 17:00"),
    "P1_RES": (100, "2026-11-03 08:00", "2026-11-11 17:00"),
    "P1_ANA": (100, "2026-11-04 08:00", "2026-11-06 17:00"),
    "P1_REQ": (60, "2026-11-12 08:00", None),
}

#: Task constraints and deadlines: key -> (kind, date).
CONSTRAINTS: dict[str, tuple[ConstraintKind, str]] = {
    "E1_GOV": (ConstraintKind.START_NO_EARLIER_THAN, "2026-09-15 08:00"),
    "E5_PLAN": (ConstraintKind.START_NO_EARLIER_THAN, "2027-01-04 08:00"),
    "E6_CUT_LOAD": (ConstraintKind.START_NO_EARLIER_THAN, "2027-03-12 08:00"),
    "E6_CUT_LIVE": (ConstraintKind.FINISH_NO_LATER_THAN, "2027-03-31 17:00"),
    "N2_RFQ": (ConstraintKind.START_NO_EARLIER_THAN, "2026-10-29 08:00"),
    "N4_CORE": (ConstraintKind.START_NO_EARLIER_THAN, "2027-01-11 08:00"),
    "P2_ARCH": (ConstraintKind.START_NO_EARLIER_THAN, "2026-11-23 08:00"),
}
DEADLINES: dict[str, str] = {
    "E6_CUT_LIVE": "2027-03-19 17:00",
    "N5_HAND": "2027-04-30 17:00",
    "P5_LIVE": "2027-05-28 17:00",
}
#: Tasks on a calendar of their own (the cutover runs through a weekend).
TASK_CALENDARS: dict[str, int] = {"E6_CUT_LOAD": CUTOVER_CALENDAR}
#: Fixed costs on tasks (hardware and services bought as a lump sum).
FIXED_COSTS: dict[str, str] = {
    "E4_ENV_TEN": "36000.00",
    "E4_DEV_INT": "25000.00",
    "N2_PO": "401400.00",
    "N3_RACK": "12800.00",
    "P2_UI": "8000.00",
    "P3_ENV": "4800.00",
    "P4_SEC": "9800.00",
}


@dataclass(frozen=True, slots=True)
class _ProjectSpec:
    """A project's settings, plan outline and money."""

    name: str
    start: datetime
    prefix: str
    outline: str
    manager: str
    approved_budget: str
    contingency: str
    notes: str


PROJECTS: tuple[_ProjectSpec, ...] = (
    _ProjectSpec(
        "ERP roll-out",
        datetime(2026, 9, 7, 8, 0),
        "ERP",
        ERP_OUTLINE,
        "Anna Berger",
        "700000.00",
        "47500.00",
        "Replace the legacy finance, purchasing and sales systems with a cloud ERP.",
    ),
    _ProjectSpec(
        "Network and server upgrade",
        datetime(2026, 10, 5, 8, 0),
        "NET",
        NETWORK_OUTLINE,
        "David Novak",
        "500000.00",
        "10000.00",
        "New core network, Wi-Fi, firewalls and a virtualised server estate. "
        "Hardware quotes came in 18 % above the approved plan (storage prices).",
    ),
    _ProjectSpec(
        "Customer portal relaunch",
        datetime(2026, 11, 2, 8, 0),
        "PRT",
        PORTAL_OUTLINE,
        "Julia Rossi",
        "190000.00",
        "11000.00",
        "Self-service portal for orders, invoices and support, integrated with the ERP.",
    ),
)

#: A sub-account under External services, to show that charts nest: (parent role, code, name).
SUB_ACCOUNTS: dict[str, tuple[str, str, str]] = {
    "partner": ("external", "6510", "Implementation partner"),
}

# Budget lines: project, account (role or sub-account), task the money is for (its "own
# account" then takes the task's material, cost-resource and fixed costs, and its orders
# net against that plan), amount, date, note. Later lines revise earlier ones.
BUDGET = """
ERP | labour      |            | 390000.00 | 2026-08-17 | Approved business case
ERP | software    | E4_ENV_LIC | 180000.00 | 2026-08-17 | Approved business case
ERP | cloud       | E4_ENV_TEN |  40000.00 | 2026-08-17 | Approved business case
ERP | travel      | E1_KICK    |   2500.00 | 2026-08-17 | Approved business case
ERP | external    | E6_TRN     |  15000.00 | 2026-08-17 | Training venues
ERP | contingency |            |  72500.00 | 2026-08-17 | Approved business case
ERP | partner     | E4_DEV_INT |  25000.00 | 2026-10-21 | Change request CR-03: bank interface
ERP | contingency |            | -25000.00 | 2026-10-21 | CR-03 funded from contingency
NET | labour      |            | 120000.00 | 2026-09-14 | Approved infrastructure plan
NET | hardware    | N2_PO      | 320000.00 | 2026-09-14 | Approved infrastructure plan
NET | hardware    | N3_RACK    |  14000.00 | 2026-09-14 | Approved infrastructure plan
NET | software    | N2_SLIC    |  30000.00 | 2026-09-14 | Approved infrastructure plan
NET | travel      | N4_ACC     |   6000.00 | 2026-09-14 | Site visits
NET | contingency |            |  10000.00 | 2026-09-14 | Approved infrastructure plan
PRT | labour      |            | 155000.00 | 2026-10-12 | Approved digital roadmap
PRT | external    | P2_UI      |   8000.00 | 2026-10-12 | Photography and illustration
PRT | external    | P4_SEC     |  10000.00 | 2026-10-12 | Penetration test
PRT | cloud       | P3_ENV     |   6000.00 | 2026-10-12 | Hosting
PRT | contingency |            |  11000.00 | 2026-10-12 | Approved digital roadmap
"""

# Ledger: reference, project, kind (PO, INV, EXP), date, net amount, account, supplier,
# task, the order an invoice settles, status. Tax is 19 % VAT on top.
LEDGER = """
PO-ERP-001   |ERP |PO  |2026-10-26 | 25000.00 |partner  |NW |E4_DEV_INT |           |approved
PO-ERP-002   |ERP |PO  |2026-11-10 |174000.00 |software |TS |E4_ENV_LIC |           |approved
TS-2026-5521 |ERP |INV |2026-11-18 |174000.00 |software |TS |E4_ENV_LIC |PO-ERP-002 |open
PO-ERP-003   |ERP |PO  |2026-09-01 | 36000.00 |cloud    |CH |E4_ENV_TEN |           |approved
CH-88412     |ERP |INV |2026-09-30 |  3000.00 |cloud    |CH |E4_ENV_TEN |PO-ERP-003 |paid
CH-89177     |ERP |INV |2026-10-31 |  3000.00 |cloud    |CH |E4_ENV_TEN |PO-ERP-003 |paid
EXP-ERP-014  |ERP |EXP |2026-09-15 |  1850.40 |travel   |   |E1_KICK    |           |paid
PO-NET-001   |NET |PO  |2026-11-12 |186500.00 |hardware |SL |N2_PO      |           |approved
PO-NET-002   |NET |PO  |2026-11-12 |214900.00 |hardware |SL |N2_PO      |           |approved
SL-55102     |NET |INV |2026-11-18 | 93250.00 |hardware |SL |N2_PO      |PO-NET-001 |approved
PO-NET-003   |NET |PO  |2026-11-13 | 12800.00 |hardware |SL |N3_RACK    |           |open
PO-NET-004   |NET |PO  |2026-11-13 | 35600.00 |software |SL |N2_SLIC    |           |open
EXP-NET-002  |NET |EXP |2026-10-09 |   640.00 |travel   |   |N1_INV     |           |paid
PO-PRT-001   |PRT |PO  |2026-10-26 |  8000.00 |external |PW |P2_UI      |           |approved
PW-2026-117  |PRT |INV |2026-11-16 |  4000.00 |external |PW |P2_UI      |PO-PRT-001 |open
PO-PRT-002   |PRT |PO  |2026-11-16 |  9800.00 |external |SS |P4_SEC     |           |open
CH-89233     |PRT |INV |2026-10-31 |   450.00 |cloud    |CH |P3_ENV     |           |paid
"""

#: What each ledger entry is for, by reference.
DESCRIPTIONS: dict[str, str] = {
    "PO-ERP-001": "Bank interface, fixed price (CR-03)",
    "PO-ERP-002": "120 ERP user licences, first year",
    "TS-2026-5521": "ERP user licences",
    "PO-ERP-003": "ERP tenants DEV/QA/PROD, 12 months",
    "CH-88412": "ERP tenants September",
    "CH-89177": "ERP tenants October",
    "EXP-ERP-014": "Kick-off workshop travel",
    "PO-NET-001": "Switches, firewalls, Wi-Fi access points",
    "PO-NET-002": "Hypervisor hosts and storage array",
    "SL-55102": "Switches: 50 % advance payment",
    "PO-NET-003": "Racks, cabling and power distribution",
    "PO-NET-004": "40 server OS licences",
    "EXP-NET-002": "Site survey trips",
    "PO-PRT-001": "Photography and illustration package",
    "PW-2026-117": "Photography: 50 % on order",
    "PO-PRT-002": "Penetration test, fixed price",
    "CH-89233": "Staging environment October",
}

KINDS = {"PO": EntryKind.PURCHASE_ORDER, "INV": EntryKind.INVOICE, "EXP": EntryKind.EXPENSE}


# --- the builder --------------------------------------------------------------------------


def _when(text: str) -> datetime:
    """``2026-09-07 08:00`` as a naive local datetime."""
    return datetime.fromisoformat(text)


@dataclass
class _Builder:
    """Collects entities with fresh ids; keys from the texts above map to those ids."""

    calendars: dict[int, Calendar] = field(default_factory=dict)
    projects: dict[int, Project] = field(default_factory=dict)
    suppliers: dict[int, Supplier] = field(default_factory=dict)
    resources: dict[int, Resource] = field(default_factory=dict)
    tasks: dict[int, Task] = field(default_factory=dict)
    links: dict[int, Link] = field(default_factory=dict)
    assignments: dict[int, Assignment] = field(default_factory=dict)
    accounts: dict[int, CostAccount] = field(default_factory=dict)
    budget_lines: dict[int, BudgetLine] = field(default_factory=dict)
    ledger: dict[int, LedgerEntry] = field(default_factory=dict)
    task_ids: dict[str, int] = field(default_factory=dict)
    resource_ids: dict[str, int] = field(default_factory=dict)
    supplier_ids: dict[str, int] = field(default_factory=dict)
    project_ids: dict[str, int] = field(default_factory=dict)
    account_ids: dict[tuple[str, str], int] = field(default_factory=dict)
    entry_ids: dict[str, int] = field(default_factory=dict)

    def portfolio(self) -> Portfolio:
        """The finished, immutable portfolio."""
        return Portfolio(
            projects=self.projects,
            calendars=self.calendars,
            tasks=self.tasks,
            links=self.links,
            resources=self.resources,
            assignments=self.assignments,
            accounts=self.accounts,
            budget_lines=self.budget_lines,
            suppliers=self.suppliers,
            ledger=self.ledger,
        )


def _calendars() -> dict[int, Calendar]:
    """Standard (with holidays), a part-time Mon-Wed week and a cutover-weekend calendar."""
    holidays = tuple(
        CalendarException(date.fromisoformat(a), date.fromisoformat(b), NON_WORKING, name)
        for a, b, name in HOLIDAYS
    )
    standard = Calendar(STANDARD_CALENDAR, "Standard", STANDARD_WEEK, holidays)
    part_time_week = (None, None, None, NON_WORKING, NON_WORKING, None, None)
    part_time = Calendar(
        PART_TIME_CALENDAR, "Part-time (Mon-Wed)", part_time_week, base_id=STANDARD_CALENDAR
    )
    cutover = Calendar(
        CUTOVER_CALENDAR,
        "ERP cutover weekend",
        (None,) * 7,
        (CalendarException(date(2027, 3, 13), date(2027, 3, 14), STANDARD_DAY, "Cutover weekend"),),
        base_id=STANDARD_CALENDAR,
    )
    return {c.id: c for c in (standard, part_time, cutover)}


def _add_suppliers(b: _Builder) -> None:
    """Suppliers first: contractors and ledger entries refer to them."""
    for number, (key, (name, contact, email, ref, terms)) in enumerate(SUPPLIERS.items(), 1):
        b.suppliers[number] = Supplier(number, name, contact, email, ref, terms)
        b.supplier_ids[key] = number


def _add_resources(b: _Builder) -> None:
    """One shared pool for all three projects, which is what makes the clash possible."""
    for number, spec in enumerate(RESOURCES, start=1):
        b.resources[number] = Resource(
            id=number,
            name=spec.name,
            type=spec.type,
            initials=spec.key,
            group=spec.group,
            email=_email(spec) if spec.type is ResourceType.WORK else "",
            material_label=spec.label,
            max_units=spec.max_units,
            standard_rate=Decimal(spec.rate),
            calendar_id=spec.calendar_id,
            supplier_id=b.supplier_ids[spec.supplier] if spec.supplier else None,
        )
        b.resource_ids[spec.key] = number


def _email(spec: _ResourceSpec) -> str:
    """People get a company address; equipment and supplier teams none."""
    if spec.group == "Equipment" or spec.supplier in ("SL", "PW"):
        return ""
    first, last = spec.name.split(" (")[0].lower().split(" ", 1)
    last = last.replace("ü", "ue")
    return f"{first}.{last}@example.com"


_OUTLINE_LINE = re.compile(r"^( *)(\S+) ([^|]+?)\s*(?:\|\s*(\S+)\s*(?:\|\s*([A-Z ]*))?)?$")


def _add_outline(b: _Builder, project_id: int, text: str) -> None:
    """Tasks of one project from its outline text, in order, with parents and positions."""
    parents: list[int] = []
    positions: dict[int | None, int] = {}
    settings = b.projects[project_id].time
    for line in filter(str.strip, text.splitlines()):
        match = _OUTLINE_LINE.match(line)
        if match is None:
            raise ValueError(f"demo outline line not understood: {line!r}")
        indent, key, name, duration, flags = match.groups()
        level = len(indent) // 2
        del parents[level:]
        parent = parents[-1] if parents else None
        task_id = len(b.tasks) + 1
        position = positions.get(parent, 0)
        positions[parent] = position + 1
        parsed = parse_duration(duration or "0d", settings)
        b.tasks[task_id] = Task(
            id=task_id,
            project_id=project_id,
            name=name,
            parent_id=parent,
            position=position,
            duration_minutes=parsed.minutes,
            duration_unit=parsed.unit,
            milestone="M" in (flags or ""),
            deliverable="D" in (flags or ""),
        )
        b.task_ids[key] = task_id
        parents.append(task_id)


def _add_projects(b: _Builder) -> None:
    """Each project with its settings, then its outline (tasks need the project's time)."""
    for number, spec in enumerate(PROJECTS, start=1):
        b.projects[number] = Project(
            id=number,
            name=spec.name,
            start=spec.start,
            calendar_id=STANDARD_CALENDAR,
            status_date=STATUS_DATE,
            position=number - 1,
            approved_budget=Decimal(spec.approved_budget),
            contingency=Decimal(spec.contingency),
            manager=spec.manager,
            notes=spec.notes,
        )
        b.project_ids[spec.prefix] = number
        _add_outline(b, number, spec.outline)


_LINK = re.compile(r"^(FS|SS|FF|SF)?([+-].+)?$")


def _add_links(b: _Builder) -> None:
    """Links from ``PRED SUCC [KIND][LAG]`` lines; lags read like the predecessor column."""
    for line in filter(str.strip, LINKS.splitlines()):
        pred, succ, *rest = line.split()
        match = _LINK.match(rest[0] if rest else "")
        if match is None:
            raise ValueError(f"demo link not understood: {line!r}")
        kind, lag = match.groups()
        link_id = len(b.links) + 1
        link = Link(link_id, b.task_ids[pred], b.task_ids[succ], LinkKind(kind or "FS"))
        if lag:
            project = b.projects[b.tasks[link.successor_id].project_id]
            parsed = parse_duration(lag.lstrip("+"), project.time, allow_percent=True)
            if parsed.unit is DurationUnit.PERCENT:
                link = replace(link, lag_unit=parsed.unit, lag_percent=parsed.minutes)
            else:
                link = replace(link, lag_unit=parsed.unit, lag_minutes=parsed.minutes)
        b.links[link_id] = link


_ASSIGNMENT = re.compile(r"^(\w+)(?:\[([\d.]+)(%?)\])?$")


def _add_assignments(b: _Builder) -> None:
    """Assignments; work = task duration x units, as MS Project computes it."""
    for line in filter(str.strip, ASSIGNMENTS.splitlines()):
        key, _, items = line.partition(":")
        task = b.tasks[b.task_ids[key.strip()]]
        for item in (i.strip() for i in items.split(",")):
            match = _ASSIGNMENT.match(item)
            if match is None:
                raise ValueError(f"demo assignment not understood: {item!r}")
            b.assignments[len(b.assignments) + 1] = _assignment(b, task, *match.groups())


def _assignment(b: _Builder, task: Task, res: str, amount: str | None, pct: str) -> Assignment:
    """``RES[50%]`` is units of a person, ``RES[120]`` a material quantity or a cost."""
    resource = b.resources[b.resource_ids[res]]
    assignment_id = len(b.assignments) + 1
    if resource.type is ResourceType.COST:
        return Assignment(assignment_id, task.id, resource.id, cost=Decimal(amount or 0))
    if resource.type is ResourceType.MATERIAL:
        return Assignment(assignment_id, task.id, resource.id, units=float(amount or 1))
    units = float(amount) / 100 if amount and pct else 1.0
    work = round(task.duration_minutes * units)
    actual = round(work * task.percent_complete / 100)
    return Assignment(assignment_id, task.id, resource.id, None, units, work, actual)


def _update_tasks(b: _Builder, changes: Mapping[str, Mapping[str, object]]) -> None:
    """Apply the per-task inputs that the outline text does not carry."""
    for key, fields in changes.items():
        task_id = b.task_ids[key]
        b.tasks[task_id] = replace(b.tasks[task_id], **fields)  # type: ignore[arg-type]


def _task_inputs() -> dict[str, dict[str, object]]:
    """Progress, constraints, deadlines, calendars and fixed costs, merged per task."""
    changes: dict[str, dict[str, object]] = {}
    for key, (percent, start, finish) in PROGRESS.items():
        changes.setdefault(key, {}).update(
            percent_complete=percent,
            actual_start=_when(start),
            actual_finish=_when(finish) if finish else None,
        )
    for key, (kind, when) in CONSTRAINTS.items():
        changes.setdefault(key, {}).update(constraint=kind, constraint_date=_when(when))
    for key, when in DEADLINES.items():
        changes.setdefault(key, {})["deadline"] = _when(when)
    for key, calendar_id in TASK_CALENDARS.items():
        changes.setdefault(key, {})["calendar_id"] = calendar_id
    for key, amount in FIXED_COSTS.items():
        changes.setdefault(key, {})["fixed_cost"] = Decimal(amount)
    changes.setdefault("E6_CUT_LOAD", {})["notes"] = "Runs through the cutover weekend."
    changes.setdefault("E6_LEGACY", {})["notes"] = "Runs until hypercare starts (SF link)."
    return changes


def _add_accounts(b: _Builder) -> None:
    """The standard chart (finance's codes) in every project, plus the sub-accounts."""
    for prefix, project_id in b.project_ids.items():
        for row in STANDARD_CHART:
            account_id = len(b.accounts) + 1
            b.accounts[account_id] = CostAccount(account_id, project_id, row.code, row.name)
            b.account_ids[(prefix, row.role.value)] = account_id
        for key, (parent, code, name) in SUB_ACCOUNTS.items():
            account_id = len(b.accounts) + 1
            parent_id = b.account_ids[(prefix, parent)]
            b.accounts[account_id] = CostAccount(account_id, project_id, code, name, parent_id)
            b.account_ids[(prefix, key)] = account_id


def _rows(text: str) -> list[list[str]]:
    """A ``|``-separated table's cells, stripped."""
    return [[c.strip() for c in line.split("|")] for line in text.splitlines() if line.strip()]


def _add_budget(b: _Builder) -> None:
    """Budget lines, dated so the budget's history (a change request) shows."""
    for prefix, account, task, amount, day, note in _rows(BUDGET):
        line_id = len(b.budget_lines) + 1
        b.budget_lines[line_id] = BudgetLine(
            id=line_id,
            project_id=b.project_ids[prefix],
            account_id=b.account_ids[(prefix, account)],
            amount=Decimal(amount),
            entry_date=date.fromisoformat(day),
            task_id=b.task_ids[task] if task else None,
            period=day[:7],
            note=note,
        )


def _add_ledger(b: _Builder) -> None:
    """Orders, the invoices that settle them, and expenses; tax is 19 % VAT on top."""
    for ref, prefix, kind, day, amount, account, supplier, task, settles, status in _rows(LEDGER):
        entry_id = len(b.ledger) + 1
        net = Decimal(amount)
        when = date.fromisoformat(day)
        supplier_id = b.supplier_ids[supplier] if supplier else None
        terms = b.suppliers[supplier_id].payment_terms_days if supplier_id else 0
        b.ledger[entry_id] = LedgerEntry(
            id=entry_id,
            project_id=b.project_ids[prefix],
            kind=KINDS[kind],
            entry_date=when,
            amount=net,
            account_id=b.account_ids[(prefix, account)],
            task_id=b.task_ids[task] if task else None,
            supplier_id=supplier_id,
            reference=ref,
            description=DESCRIPTIONS[ref],
            tax=(net * VAT).quantize(Decimal("0.01")),
            status=EntryStatus(status),
            due_date=_due(when, terms) if kind == "INV" else None,
            settles_id=b.entry_ids[settles] if settles else None,
        )
        b.entry_ids[ref] = entry_id


def _due(day: date, terms_days: int) -> date:
    """When an invoice falls due under its supplier's payment terms."""
    return date.fromordinal(day.toordinal() + terms_days)


def build_demo() -> Portfolio:
    """The demo portfolio, identical on every call."""
    b = _Builder(calendars=_calendars())
    _add_suppliers(b)
    _add_resources(b)
    _add_projects(b)
    _add_links(b)
    _update_tasks(b, _task_inputs())
    _add_assignments(b)
    _add_accounts(b)
    _add_budget(b)
    _add_ledger(b)
    return _with_original_baseline(b.portfolio())


def _with_original_baseline(plan: Portfolio) -> Portfolio:
    """Baseline 0 as the plan stood before any progress was recorded.

    A project manager saves the baseline when the plan is approved; the progress since
    then (late starts, work still open at the status date) is what earned value and
    the Gantt's baseline bars measure against.
    """
    tasks = {
        task_id: replace(task, percent_complete=0, actual_start=None, actual_finish=None)
        for task_id, task in plan.tasks.items()
    }
    approved = replace(plan, tasks=tasks)
    dates = schedule(approved)
    baselines = {}
    for project_id in plan.projects:
        baselines.update(save_baseline(approved, dates, project_id, 0))
    return replace(plan, baselines=baselines)


def write_demo(path: Path) -> None:
    """Write the demo to a new ``.plansmith`` file (Store.create refuses to overwrite)."""
    store = Store.create(Path(path), build_demo())
    store.close()


def data_dir(platform: str = sys.platform, environ: Mapping[str, str] | None = None) -> Path:
    """Plansmith's per-user data folder, without Qt: XDG on Linux, AppData, Application Support."""
    env = os.environ if environ is None else environ
    home = Path(env.get("HOME") or Path.home())
    if platform.startswith("win"):
        base = Path(env["APPDATA"]) if env.get("APPDATA") else home / "AppData" / "Roaming"
        return base / "Plansmith"
    if platform == "darwin":
        return home / "Library" / "Application Support" / "Plansmith"
    xdg = env.get("XDG_DATA_HOME")
    base = Path(xdg) if xdg and Path(xdg).is_absolute() else home / ".local" / "share"
    return base / "plansmith"


def ensure_demo_file(folder: Path | None = None) -> Path:
    """The user's own demo file, written on first use, so edits to it are theirs to keep.

    It is built under a temporary name and renamed into place, so an interrupted first
    launch never leaves a half-written demo that would then be opened.
    """
    target = (folder or data_dir()) / DEMO_FILE_NAME
    if target.exists() and target.stat().st_size > 0:
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f"{target.name}.{os.getpid()}.part")
    _remove(partial, Path(f"{partial}.lock"))
    write_demo(partial)
    os.replace(partial, target)
    _remove(Path(f"{partial}.lock"))
    return target


def _remove(*paths: Path) -> None:
    """Clear leftovers of an interrupted earlier attempt (and our own lock file)."""
    for path in paths:
        path.unlink(missing_ok=True)
