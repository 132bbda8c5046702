"""Forms for calls, applications (with budget line rows), screening and follow-up."""

import datetime
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    FieldList,
    FormField,
    HiddenField,
    IntegerField,
    MultipleFileField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms import Form as RowForm
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    StopValidation,
)
from wtforms.widgets import CheckboxInput, ListWidget

from ..core.errors import Refused
from ..ideas.states import STATES
from ..ip.forms import SwedishDateField
from .models import APPLICATION_TYPES
from .money import parse_sek

STOCKHOLM = ZoneInfo("Europe/Stockholm")
YES_NO = [("yes", _l("Ja")), ("no", _l("Nej"))]
# Idea states a call may accept applications from.
APPLYING_STATES = ("idea", "prestudy", "pilot", "implementation", "implemented")
MAX_ROWS = 30


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def plain_sek(amount):
    """100000 -> "100 000", as the amount fields show it (and parse it back)."""
    return f"{amount:,}".replace(",", " ") if amount is not None else ""


def at_least_one(message):
    """Like DataRequired for a group of checkboxes, without marking each box required."""

    def check(form, field):
        if not field.data:
            raise StopValidation(message)

    return check


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class SekField(StringField):
    """Whole kronor: "100 000" or "100000"; decimals, negatives and text are refused."""

    def __init__(self, label=None, validators=None, allow_zero=False, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.allow_zero = allow_zero

    def process_formdata(self, valuelist):
        self.data = None
        text = (valuelist[0] if valuelist else "") or ""
        if not text.strip():
            return
        try:
            self.data = parse_sek(text, allow_zero=self.allow_zero)
        except Refused as exc:
            raise ValueError(exc.message) from None

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return plain_sek(self.data)


class StockholmDateTimeField(StringField):
    """A local Stockholm time (datetime-local input), kept as naive UTC like the models."""

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("render_kw", {"type": "datetime-local"})
        super().__init__(label, validators, **kwargs)

    def process_formdata(self, valuelist):
        self.data = None
        text = (valuelist[0] if valuelist else "") or ""
        if not text.strip():
            return
        for fmt in ("%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"):
            try:
                local = datetime.datetime.strptime(text.strip(), fmt)
                break
            except ValueError:
                continue
        else:
            raise ValueError(_l("Ange datum och tid som ÅÅÅÅ-MM-DD TT:MM."))
        aware = local.replace(tzinfo=STOCKHOLM)
        self.data = aware.astimezone(datetime.UTC).replace(tzinfo=None)

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        if self.data is None:
            return ""
        local = self.data.replace(tzinfo=datetime.UTC).astimezone(STOCKHOLM)
        return local.strftime("%Y-%m-%dT%H:%M")


def yes_no(value):
    """"yes"/"no" from a form to True/False; anything else (unanswered) to None."""
    return {"yes": True, "no": False}.get(value)


def yes_no_value(flag):
    return None if flag is None else ("yes" if flag else "no")


def removed_row(form_data, prefix):
    """The row number of a pressed "<prefix><n>" button, or None."""
    for key in form_data:
        if key.startswith(prefix) and key[len(prefix) :].isdigit():
            return int(key[len(prefix) :])
    return None


def edit_rows(field_list, form_data, add_name, remove_prefix):
    """Apply a pressed add/remove-row button to `field_list`; True when one was pressed."""
    if add_name in form_data:
        if len(field_list.entries) < MAX_ROWS:
            field_list.append_entry()
        return True
    n = removed_row(form_data, remove_prefix)
    if n is not None:
        if 0 <= n < len(field_list.entries):
            field_list.entries.pop(n)
        return True
    return False


def flat_errors(form):
    """(input id, label, message) for every error, also inside rows, for the error summary."""
    out = []
    for f in form:
        if f.type in ("CSRFTokenField", "HiddenField") or not f.errors:
            continue
        if f.type == "FieldList":
            for n, entry in enumerate(f.entries, 1):
                for sub in entry.form:
                    for message in sub.errors:
                        out.append((sub.id, f"{sub.label.text} (rad {n})", message))
            continue
        for message in f.errors:
            out.append((f.id, f.label.text, message))
    return out


# --- Calls ---------------------------------------------------------------------------------


class WeightField(IntegerField):
    def process_formdata(self, valuelist):
        self.data = None
        text = (valuelist[0] if valuelist else "") or ""
        if not text.strip():
            return
        try:
            self.data = int(text.strip())
        except ValueError:
            raise ValueError(_l("Vikten ska vara ett heltal från 1 till 10.")) from None



class CriterionRow(RowForm):
    id = HiddenField()
    name = StringField(
        _l("Kriterium"),
        filters=[_strip],
        validators=[Optional(), Length(max=120, message=_l("Högst 120 tecken."))],
    )
    description = TextAreaField(_l("Beskrivning"), filters=[_strip], render_kw={"rows": 2})
    weight = WeightField(
        _l("Vikt (1–10)"),
        default=1,
        validators=[
            Optional(),
            NumberRange(min=1, max=10, message=_l("Vikten ska vara ett heltal från 1 till 10.")),
        ],
        render_kw={"min": 1, "max": 10, "inputmode": "numeric"},
    )


class CallForm(FlaskForm):
    title = StringField(
        _l("Rubrik"),
        filters=[_strip],
        validators=[
            DataRequired(_l("Ange en rubrik.")),
            Length(max=200, message=_l("Rubriken får ha högst 200 tecken.")),
        ],
    )
    text = TextAreaField(
        _l("Utlysningens text"),
        validators=[DataRequired(_l("Skriv utlysningens text."))],
        description=_l("Markdown: rubriker med #, listor med -, länkar med [text](adress)."),
        render_kw={"rows": 10},
    )
    budget = SekField(
        _l("Total budget (kr)"),
        validators=[InputRequired(_l("Ange budgeten i hela kronor."))],
        description=_l("Hela kronor, till exempel 2 000 000."),
        render_kw={"inputmode": "numeric", "autocomplete": "off"},
    )
    opens_at = StockholmDateTimeField(
        _l("Öppnar"),
        validators=[InputRequired(_l("Ange när utlysningen öppnar."))],
        description=_l("Svensk tid."),
    )
    closes_at = StockholmDateTimeField(
        _l("Stänger"),
        validators=[InputRequired(_l("Ange när utlysningen stänger."))],
        description=_l(
            "Svensk tid. Efter stängning kan ansökningar varken skickas in eller ändras."
        ),
    )
    application_types = MultiCheckboxField(
        _l("Typer av ansökan"),
        choices=list(APPLICATION_TYPES.items()),
        validators=[at_least_one(_l("Välj minst en typ av ansökan."))],
    )
    eligible_states = MultiCheckboxField(
        _l("Idéer som får söka"),
        choices=[(s, STATES[s]) for s in APPLYING_STATES],
        validators=[at_least_one(_l("Välj minst ett skede."))],
        description=_l(
            "Skedet idén måste vara i för att ansöka, till exempel förstudie och pilot."
        ),
    )
    criteria = FieldList(FormField(CriterionRow), min_entries=1, max_entries=MAX_ROWS)
    committee = MultiCheckboxField(
        _l("Fondkommitténs ledamöter"),
        coerce=int,
        validators=[at_least_one(_l("Välj minst en ledamot."))],
        description=_l("Bara personer med rollen fondkommitté kan väljas."),
    )
    chair = SelectField(
        _l("Ordförande"),
        coerce=int,
        validators=[InputRequired(_l("Välj en ordförande bland ledamöterna."))],
        description=_l("Ordföranden fattar besluten och ska vara en av ledamöterna."),
    )

    def set_committee_choices(self, users):
        choices = [(u.id, u.public_name + (f" ({u.unit.name})" if u.unit else "")) for u in users]
        self.committee.choices = choices
        self.chair.choices = [(0, _l("Välj …"))] + choices

    def criteria_rows(self):
        rows = []
        for entry in self.criteria:
            row = entry.form
            rows.append(
                {
                    "id": int(row.id.data) if (row.id.data or "").isdigit() else None,
                    "name": row.name.data or "",
                    "description": row.description.data or "",
                    "weight": row.weight.data,
                }
            )
        return rows

    def fill_from(self, call):
        """Show an existing call (GET)."""
        self.title.data = call.title
        self.text.data = call.text
        self.budget.data = call.budget
        self.opens_at.data = call.opens_at
        self.closes_at.data = call.closes_at
        self.application_types.data = list(call.application_types or [])
        self.eligible_states.data = list(call.eligible_states or [])
        self.committee.data = [m.user_id for m in call.committee]
        self.chair.data = call.chair_id or 0
        while self.criteria.entries:
            self.criteria.pop_entry()
        for criterion in call.criteria:
            self.criteria.append_entry(
                {
                    "id": str(criterion.id),
                    "name": criterion.name,
                    "description": criterion.description,
                    "weight": criterion.weight,
                }
            )
        if not self.criteria.entries:
            self.criteria.append_entry()


# --- Applications --------------------------------------------------------------------------


class BudgetLineRow(RowForm):
    description = StringField(
        _l("Kostnad"),
        filters=[_strip],
        validators=[Optional(), Length(max=300, message=_l("Högst 300 tecken."))],
    )
    amount = SekField(
        _l("Belopp (kr)"), render_kw={"inputmode": "numeric", "autocomplete": "off"}
    )


class ApplicationForm(FlaskForm):
    version = HiddenField()
    type = RadioField(_l("Typ av ansökan"), validators=[InputRequired(_l("Välj typ av ansökan."))])
    requested_amount = SekField(
        _l("Sökt belopp (kr)"),
        allow_zero=True,
        validators=[Optional()],
        description=_l(
            "Hela kronor, till exempel 150 000. Budgetraderna ska summera till beloppet."
        ),
        render_kw={"inputmode": "numeric", "autocomplete": "off"},
    )
    budget_lines = FieldList(FormField(BudgetLineRow), min_entries=1, max_entries=MAX_ROWS)
    plan = TextAreaField(
        _l("Plan"),
        filters=[_strip],
        description=_l("Vad ni ska göra, hur och med vilka."),
        render_kw={"rows": 6},
    )
    milestones = TextAreaField(
        _l("Milstolpar"),
        filters=[_strip],
        description=_l("När vad ska vara klart, till exempel en rad per milstolpe."),
        render_kw={"rows": 4},
    )
    expected_value = TextAreaField(
        _l("Förväntat värde"),
        filters=[_strip],
        description=_l("Ekonomiskt, socialt eller miljömässigt värde, och för vem."),
        render_kw={"rows": 4},
    )
    ip_working_time = RadioField(
        _l("Har idén tagits fram på arbetstid?"), choices=YES_NO, validators=[Optional()]
    )
    ip_third_party = RadioField(
        _l("Finns det rättigheter som tillhör någon annan (tredje part)?"),
        choices=YES_NO,
        validators=[Optional()],
    )
    ip_third_party_details = TextAreaField(
        _l("Om ja: vilka rättigheter, och vems?"), filters=[_strip], render_kw={"rows": 2}
    )
    ip_commercialise = RadioField(
        _l("Finns det planer på att kommersialisera idén?"),
        choices=YES_NO,
        validators=[Optional()],
    )
    ip_commercialise_details = TextAreaField(
        _l("Om ja: beskriv planerna"), filters=[_strip], render_kw={"rows": 2}
    )

    def set_type_choices(self, call):
        self.type.choices = [(t, APPLICATION_TYPES[t]) for t in call.application_types or ()]

    def fill_from(self, app):
        self.version.data = str(app.version)
        self.type.data = app.type
        self.requested_amount.data = app.requested_amount or None
        for name in ("plan", "milestones", "expected_value"):
            getattr(self, name).data = getattr(app, name)
        for name in ("ip_working_time", "ip_third_party", "ip_commercialise"):
            getattr(self, name).data = yes_no_value(getattr(app, name))
        self.ip_third_party_details.data = app.ip_third_party_details
        self.ip_commercialise_details.data = app.ip_commercialise_details
        while self.budget_lines.entries:
            self.budget_lines.pop_entry()
        for line in app.budget_lines:
            self.budget_lines.append_entry({"description": line.description, "amount": line.amount})
        if not self.budget_lines.entries:
            self.budget_lines.append_entry()

    def lines(self):
        return [(e.form.description.data, e.form.amount.data) for e in self.budget_lines]

    def lines_total(self):
        return sum(e.form.amount.data or 0 for e in self.budget_lines)

    def fields(self):
        """The keyword arguments of `update_application`."""
        return {
            "version": self.version.data or "0",
            "type": self.type.data,
            "requested_amount": self.requested_amount.data or 0,
            "budget_lines": self.lines(),
            "plan": self.plan.data or "",
            "milestones": self.milestones.data or "",
            "expected_value": self.expected_value.data or "",
            "ip_working_time": yes_no(self.ip_working_time.data),
            "ip_third_party": yes_no(self.ip_third_party.data),
            "ip_third_party_details": self.ip_third_party_details.data or "",
            "ip_commercialise": yes_no(self.ip_commercialise.data),
            "ip_commercialise_details": self.ip_commercialise_details.data or "",
        }


class StartApplicationForm(FlaskForm):
    type = RadioField(_l("Typ av ansökan"), validators=[InputRequired(_l("Välj typ av ansökan."))])


class SubmitForm(FlaskForm):
    expected_state = HiddenField()
    acknowledged = BooleanField(
        _l("Jag har läst och följer principerna för immateriella rättigheter")
    )


class StateForm(FlaskForm):
    """A move with no input but the state the person saw (withdraw, approve)."""

    expected_state = HiddenField()


class ScreenForm(FlaskForm):
    expected_state = HiddenField()
    decision = RadioField(
        _l("Förgranskning"),
        choices=[
            ("accept", _l("Komplett och stödberättigad: skicka till kommittén")),
            ("return", _l("Återsänd för komplettering")),
        ],
        validators=[InputRequired(_l("Välj godkänn eller återsänd."))],
    )
    comment = TextAreaField(
        _l("Kommentar till sökande"),
        filters=[_strip],
        validators=[Length(max=5000, message=_l("Högst 5 000 tecken."))],
        description=_l("Krävs när ansökan återsänds: skriv vad som behöver kompletteras."),
        render_kw={"rows": 4},
    )


class DisbursementForm(FlaskForm):
    paid_on = SwedishDateField(
        _l("Utbetalningsdag"),
        validators=[InputRequired(_l("Ange utbetalningsdagen."))],
        render_kw={"type": "date"},
    )
    amount = SekField(
        _l("Belopp (kr)"),
        validators=[InputRequired(_l("Ange beloppet i hela kronor."))],
        render_kw={"inputmode": "numeric", "autocomplete": "off"},
    )
    note = StringField(
        _l("Anteckning (frivillig)"),
        filters=[_strip],
        validators=[Length(max=300, message=_l("Högst 300 tecken."))],
    )


class ReportForm(FlaskForm):
    expected_state = HiddenField()
    results = TextAreaField(
        _l("Resultat"),
        filters=[_strip],
        validators=[DataRequired(_l("Beskriv resultaten."))],
        description=_l("Vad blev gjort, och vad blev det?"),
        render_kw={"rows": 6},
    )
    effects = TextAreaField(
        _l("Effekter"),
        filters=[_strip],
        validators=[DataRequired(_l("Beskriv effekterna."))],
        description=_l("Vilken skillnad gjorde det, och för vem?"),
        render_kw={"rows": 5},
    )
    lessons = TextAreaField(
        _l("Lärdomar"),
        filters=[_strip],
        validators=[DataRequired(_l("Beskriv lärdomarna."))],
        description=_l("Vad skulle ni göra annorlunda? Vad kan andra lära av er?"),
        render_kw={"rows": 5},
    )
    attachments = MultipleFileField(
        _l("Bilagor (frivilligt)"),
        description=_l("PDF, bilder och Office-dokument, högst 10 MB per fil."),
    )
