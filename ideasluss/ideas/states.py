"""The idea states and their Swedish labels; the moves between them are in pipeline.py."""

from flask_babel import lazy_gettext as _l

STATES = {
    "draft": _l("Utkast"),
    "submitted": _l("Inskickad"),
    "idea": _l("Idé"),
    "prestudy": _l("Förstudie"),
    "pilot": _l("Pilot"),
    "implementation": _l("Införande"),
    "implemented": _l("Införd"),
    "parked": _l("Parkerad"),
    "declined": _l("Avslutad"),
    "merged": _l("Sammanslagen"),
    "withdrawn": _l("Återtagen"),
}
# The main line, in order; the pipeline indicator shows these.
MAIN_LINE = ("submitted", "idea", "prestudy", "pilot", "implementation", "implemented")
OPEN_STATES = frozenset({"submitted", "idea", "prestudy", "pilot", "implementation"})
VOTING_STATES = frozenset({"submitted", "idea", "prestudy", "pilot"})
# What the idea list shows; drafts are private and merged or withdrawn ideas live on elsewhere.
LISTED_STATES = frozenset(STATES) - {"draft", "merged", "withdrawn"}
