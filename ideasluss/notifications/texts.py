"""One sentence per notification, in the reader's language."""

from flask_babel import gettext as _

from ..ideas.states import STATES


def describe(note, idea):
    params = note.params or {}
    if note.kind == "fund":
        from ..fund.models import APPLICATION_STATES

        return _(
            "Fondansökan för ”%(title)s” har gått från %(from)s till %(to)s.",
            title=idea.title,
            **{
                "from": APPLICATION_STATES.get(params.get("from"), ""),
                "to": APPLICATION_STATES.get(params.get("to"), ""),
            },
        )
    if note.kind == "state_change":
        return _(
            "”%(title)s” har flyttats från %(from)s till %(to)s.",
            title=idea.title,
            **{"from": STATES.get(params.get("from"), ""), "to": STATES.get(params.get("to"), "")},
        )
    if note.kind == "comment":
        return _("Ny kommentar på ”%(title)s”.", title=idea.title)
    if note.kind == "assigned":
        return _("Du är coach för ”%(title)s”.", title=idea.title)
    return _("En ny idé väntar på triage: ”%(title)s”.", title=idea.title)
