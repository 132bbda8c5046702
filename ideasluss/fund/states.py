"""An application's moves, as one table: from where, to where, and who may make them.

Roles: "team" is the idea's owner or a co-innovator; "screener" an admin or coach; "chair" the
call's chair or an admin (and never someone recused); "admin" the fund's administrators.
"""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class ApplicationMove:
    code: str
    label: str
    sources: frozenset
    target: str
    actors: frozenset
    needs_comment: bool = False
    while_open: bool = False  # only while the call is open


APPLICATION_MOVES = {
    m.code: m
    for m in [
        ApplicationMove(
            "submit",
            _l("Skicka in ansökan"),
            frozenset({"draft", "returned"}),
            "submitted",
            frozenset({"team"}),
            while_open=True,
        ),
        ApplicationMove(
            "return",
            _l("Återsänd för komplettering"),
            frozenset({"submitted"}),
            "returned",
            frozenset({"screener"}),
            needs_comment=True,
        ),
        ApplicationMove(
            "accept",
            _l("Godkänn i förgranskningen"),
            frozenset({"submitted"}),
            "in_review",
            frozenset({"screener"}),
        ),
        ApplicationMove(
            "withdraw",
            _l("Ta tillbaka ansökan"),
            frozenset({"draft", "submitted", "returned", "in_review"}),
            "withdrawn",
            frozenset({"team"}),
        ),
        ApplicationMove(
            "grant",
            _l("Bevilja"),
            frozenset({"in_review"}),
            "granted",
            frozenset({"chair"}),
            needs_comment=True,
        ),
        ApplicationMove(
            "reject",
            _l("Avslå"),
            frozenset({"in_review"}),
            "rejected",
            frozenset({"chair"}),
            needs_comment=True,
        ),
        ApplicationMove(
            "report",
            _l("Lämna slutrapport"),
            frozenset({"granted"}),
            "reporting",
            frozenset({"team"}),
        ),
        ApplicationMove(
            "close",
            _l("Godkänn slutrapporten"),
            frozenset({"reporting"}),
            "closed",
            frozenset({"admin"}),
        ),
    ]
}
# Applications the applicant can still edit.
EDITABLE_STATES = frozenset({"draft", "returned"})
