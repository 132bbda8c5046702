"""Indicators for the city's management system (ILS): the accounts' figures under stable codes.

Schema (version 1), one row per indicator, in the order of INDICATORS:
    code                 stable upper-case ASCII code, e.g. IDE_INKOMNA; never renamed
    name                 the indicator's name in Swedish
    value                an integer, a number (days, one decimal) or null (no stays to measure)
    unit_of_measure      "antal", "dagar", "kronor" or "personer"
    year                 the calendar year
    organisational_unit  {"id": unit id, "name": unit name}, or {"id": null,
                         "name": "Stockholms stad"} city-wide

The figures are defined in accounts.py. Indicators are open (no sign-in): they are counts over
all ideas, public and internal, with no personal data and no text of any idea, so they reveal
nothing about any one idea or person. New indicators may be added at the end; existing codes
keep their meaning.
"""

from flask_babel import lazy_gettext as _l

from ..ideas.states import STATES
from . import accounts as acc

SCHEMA_VERSION = "1"
CSV_COLUMNS = (
    "code",
    "name",
    "value",
    "unit_of_measure",
    "year",
    "organisational_unit_id",
    "organisational_unit_name",
)

STATE_CODES = {
    "draft": "UTKAST",
    "submitted": "INSKICKAD",
    "idea": "IDE",
    "prestudy": "FORSTUDIE",
    "pilot": "PILOT",
    "implementation": "INFORANDE",
    "implemented": "INFORD",
    "parked": "PARKERAD",
    "declined": "AVSLUTAD",
    "merged": "SAMMANSLAGEN",
    "withdrawn": "ATERTAGEN",
}
MOVE_CODES = {
    "accept": ("IDE_GODKANDA", _l("Idéer godkända i triage")),
    "start_prestudy": ("IDE_FORSTUDIE_STARTADE", _l("Startade förstudier")),
    "start_pilot": ("IDE_PILOT_STARTADE", _l("Startade piloter")),
    "start_implementation": ("IDE_INFORANDE_STARTADE", _l("Påbörjade införanden")),
}
PEOPLE_CODES = {
    "submitters": ("IDEGIVARE", _l("Idégivare")),
    "voters": ("ROSTANDE", _l("Röstande")),
    "commenters": ("KOMMENTERANDE", _l("Kommenterande")),
    "participants": ("DELTAGARE", _l("Deltagare (idégivare, röstande eller kommenterande)")),
}
CLASS_CODES = {
    "residents": ("INVANARE", _l("invånare")),
    "staff": ("MEDARBETARE", _l("medarbetare")),
}


def _definitions():
    """[(code, name, unit of measure, getter(figures))] in the schema's order."""
    rows = [
        ("IDE_INKOMNA", _l("Inkomna idéer"), "antal", lambda f: f["received"]),
    ]
    for move, (code, name) in MOVE_CODES.items():
        rows.append((code, name, "antal", lambda f, m=move: f["moves"][m]))
    rows += [
        ("IDE_INFORDA", _l("Införda idéer"), "antal", lambda f: f["implemented"]),
        ("IDE_SPRIDDA", _l("Spridningar till andra enheter"), "antal", lambda f: f["adoptions"]),
    ]
    for state, code in STATE_CODES.items():
        rows.append(
            (
                f"IDE_VID_ARETS_SLUT_{code}",
                _l("Idéer i läget %(state)s vid årets slut", state=STATES[state]),
                "antal",
                lambda f, s=state: f["states"][s],
            )
        )
    for stage in acc.STAGES:
        code = STATE_CODES[stage]
        label = acc.STAGE_LABELS[stage]
        rows += [
            (
                f"LEDTID_{code}_MEDIAN_DAGAR",
                _l("Ledtid i steget %(stage)s, median", stage=label),
                "dagar",
                lambda f, s=stage: f["lead_times"][s]["median"],
            ),
            (
                f"LEDTID_{code}_P90_DAGAR",
                _l("Ledtid i steget %(stage)s, 90:e percentil", stage=label),
                "dagar",
                lambda f, s=stage: f["lead_times"][s]["p90"],
            ),
        ]
    rows += [
        (
            "FOND_SOKT_SEK",
            _l("Sökt ur innovationsfonden"),
            "kronor",
            lambda f: f["fund"]["totals"]["applied"],
        ),
        (
            "FOND_BEVILJAT_SEK",
            _l("Beviljat ur innovationsfonden"),
            "kronor",
            lambda f: f["fund"]["totals"]["granted"],
        ),
        (
            "FOND_UTBETALT_SEK",
            _l("Utbetalt ur innovationsfonden"),
            "kronor",
            lambda f: f["fund"]["totals"]["paid"],
        ),
    ]
    for kind, (code, name) in PEOPLE_CODES.items():
        for cls, (cls_code, cls_name) in CLASS_CODES.items():
            rows.append(
                (
                    f"{code}_{cls_code}",
                    _l("%(who)s, %(class)s", who=name, **{"class": cls_name}),
                    "personer",
                    lambda f, k=kind, c=cls: f["participation"][k][c],
                )
            )
    return rows


def organisational_unit(unit):
    if unit is None:
        return {"id": None, "name": acc.CITY_NAME}
    return {"id": unit.id, "name": unit.name}


def indicator_rows(accounts):
    """The indicators of one year and scope, as dicts in the schema's order."""
    org = organisational_unit(accounts.unit)
    return [
        {
            "code": code,
            "name": str(name),
            "value": getter(accounts.current),
            "unit_of_measure": measure,
            "year": accounts.year,
            "organisational_unit": dict(org),
        }
        for code, name, measure, getter in _definitions()
    ]


def indicator_codes():
    return [code for code, *_ in _definitions()]
