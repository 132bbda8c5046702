"""Whole Swedish kronor typed by people: "100 000", "100000" or "100 000 kr"; nothing else."""

import re

from flask_babel import lazy_gettext as _l

from ..core.errors import Refused

# Beyond any call's budget, and inside a 32-bit integer column.
MAX_SEK = 1_000_000_000
_GROUPED = re.compile(r"^(?:\d{1,3}(?: \d{3})+|\d+)$")
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009]+")


def parse_sek(value, *, allow_zero=False):
    """The whole number of kronor in `value`; refused with a Swedish message otherwise."""
    if isinstance(value, bool):
        raise Refused(_l("Ange beloppet i hela kronor, till exempel 100 000."))
    if isinstance(value, int):
        amount = value
    else:
        text = _SPACES.sub(" ", str(value or "")).strip()
        text = re.sub(r"\s*(?:kr|sek|kronor)\.?$", "", text, flags=re.IGNORECASE)
        if not text:
            raise Refused(_l("Ange ett belopp i hela kronor."))
        if text.startswith(("-", "−")):
            raise Refused(_l("Beloppet kan inte vara negativt."))
        if re.search(r"\d[,.]\d", text):
            raise Refused(_l("Ange beloppet i hela kronor, utan ören."))
        if not _GROUPED.match(text):
            raise Refused(_l("Ange beloppet i hela kronor, till exempel 100 000."))
        amount = int(text.replace(" ", ""))
    if amount < 0:
        raise Refused(_l("Beloppet kan inte vara negativt."))
    if amount == 0 and not allow_zero:
        raise Refused(_l("Beloppet måste vara större än noll."))
    if amount > MAX_SEK:
        raise Refused(_l("Beloppet är orimligt stort."))
    return amount
