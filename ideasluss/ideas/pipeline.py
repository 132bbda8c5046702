"""The pipeline as one declarative table: each move, from where, to where, who, and what it needs.

Every move is a gate decision with a written motivation (submitting and withdrawing excepted);
forward moves also need their gate checklist ticked.
"""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from .states import OPEN_STATES

COACHES = frozenset({"coach", "admin"})
DIRECTOR = frozenset({"admin"})
OWNER = "owner"


@dataclass(frozen=True)
class Check:
    code: str
    label: str


@dataclass(frozen=True)
class Move:
    code: str
    label: str
    sources: frozenset
    target: str | None  # None: back to the state the idea was parked from
    actors: frozenset
    checklist: tuple = ()
    needs_motivation: bool = True
    forward: bool = False

    def allowed_for(self, idea, user):
        """Whether `user` may make this move on `idea` (its state is checked separately)."""
        if not user.is_authenticated:
            return False
        if OWNER in self.actors and user.id == idea.owner_id:
            return True
        return user.has_role(*(self.actors - {OWNER}))


PROBLEM = Check("problem", _l("Problemet och vem det gäller är beskrivet"))
VALUE = Check("value", _l("Det förväntade värdet är beskrivet"))
INNOVATION = Check(
    "innovation", _l("Idén är väsentligt ny och värdeskapande, inte bara en korrigering")
)
OWNER_READY = Check(
    "owner_ready", _l("Idégivaren och en mottagande verksamhet vill driva förstudien")
)
PRESTUDY_REPORT = Check("prestudy_report", _l("Förstudierapporten är bifogad"))
PILOT_PLAN = Check("pilot_plan", _l("Det finns en plan och en plats för piloten"))
PILOT_EVALUATION = Check("pilot_evaluation", _l("Piloten är utvärderad och utvärderingen bifogad"))
RECEIVER = Check("receiver", _l("En verksamhet tar emot lösningen och har resurser för införandet"))
IN_OPERATION = Check("in_operation", _l("Lösningen används i ordinarie verksamhet"))
EFFECTS = Check("effects", _l("Effekterna är följda upp"))

MOVES = {
    move.code: move
    for move in [
        Move(
            "submit",
            _l("Skicka in"),
            frozenset({"draft"}),
            "submitted",
            frozenset({OWNER}),
            needs_motivation=False,
        ),
        Move(
            "accept",
            _l("Godkänn som idé"),
            frozenset({"submitted"}),
            "idea",
            COACHES,
            (PROBLEM, VALUE, INNOVATION),
            forward=True,
        ),
        Move(
            "start_prestudy",
            _l("Starta förstudie"),
            frozenset({"idea"}),
            "prestudy",
            COACHES,
            (PROBLEM, VALUE, OWNER_READY),
            forward=True,
        ),
        Move(
            "start_pilot",
            _l("Starta pilot"),
            frozenset({"prestudy"}),
            "pilot",
            COACHES,
            (PRESTUDY_REPORT, PILOT_PLAN),
            forward=True,
        ),
        Move(
            "start_implementation",
            _l("Starta införande"),
            frozenset({"pilot"}),
            "implementation",
            DIRECTOR,
            (PILOT_EVALUATION, RECEIVER),
            forward=True,
        ),
        Move(
            "complete",
            _l("Markera som införd"),
            frozenset({"implementation"}),
            "implemented",
            DIRECTOR,
            (IN_OPERATION, EFFECTS),
            forward=True,
        ),
        Move("park", _l("Parkera"), OPEN_STATES, "parked", COACHES),
        Move("resume", _l("Återuppta"), frozenset({"parked"}), None, COACHES),
        Move("decline", _l("Avsluta"), OPEN_STATES | {"parked"}, "declined", COACHES),
        Move(
            "merge", _l("Slå samman med en annan idé"), OPEN_STATES | {"parked"}, "merged", COACHES
        ),
        Move(
            "withdraw",
            _l("Ta tillbaka idén"),
            OPEN_STATES | {"draft", "parked"},
            "withdrawn",
            frozenset({OWNER}),
            needs_motivation=False,
        ),
    ]
}


def moves_for(idea, user, exclude=("submit", "merge")):
    """The moves `user` may make on `idea` now, in table order (for buttons and the gate form)."""
    return [
        move
        for move in MOVES.values()
        if move.code not in exclude and idea.state in move.sources and move.allowed_for(idea, user)
    ]
