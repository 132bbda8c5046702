"""The one exception operations raise to refuse a change, with a message for the person."""


class Refused(ValueError):
    """A change that is not allowed or not possible now; nothing was changed."""

    @property
    def message(self):
        return str(self.args[0]) if self.args else ""
