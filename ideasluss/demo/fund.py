"""The innovation fund's demo data: a closed call from last spring with decided applications
(granted and rejected, reviews, a declared recusal, register numbers, payments and final reports)
and an open call, closing in three weeks, with applications in screening and in review.

Everything goes through the real operations while both calls are open; afterwards the calls and
the applications' timestamps are set back. Run after the ideas are loaded (`loader.load()`).
"""

from datetime import timedelta

from sqlalchemy import select, update

from ..accounts.models import Unit, User, UserRole
from ..core.models import utcnow
from ..extensions import db
from ..fund.decisions import decide_application
from ..fund.models import (
    APPLICATION_TYPES,
    Application,
    CommitteeMember,
    Criterion,
    Disbursement,
    FinalReport,
    FundCall,
    Review,
)
from ..fund.operations import (
    approve_final_report,
    create_application,
    record_disbursement,
    screen_application,
    submit_application,
    submit_final_report,
    update_application,
)
from ..fund.recusal import declare_recusal
from ..fund.review import save_review
from ..ideas.models import Idea
from ..ip.models import IpAcknowledgement
from ..notifications.operations import muted

CHAIR_EMAIL = "kommitte@example.se"
# Created when the demo has fewer than three committee members: (name, e-mail, unit).
MORE_MEMBERS = [
    ("Göran Lindahl", "goran.lindahl@example.se", "Stadsledningskontoret"),
    ("Sanna Ekholm", "sanna.ekholm@example.se", "Utbildningsförvaltningen"),
]
READ_AFTER = timedelta(days=14)

CRITERIA = [
    (
        "Nytta för stockholmarna",
        "Hur stor skillnad gör idén för dem den riktar sig till, och hur många berörs?",
        3,
    ),
    (
        "Nyhetsgrad",
        "Är idén väsentligt ny för staden – ett språng, inte en liten justering?",
        2,
    ),
    (
        "Genomförbarhet",
        "Finns en realistisk plan, rätt kompetens och en verksamhet som tar emot resultatet?",
        2,
    ),
    ("Spridningsbarhet", "Kan fler förvaltningar, bolag eller stadsdelar använda lösningen?", 1),
]

SPRING_TEXT = """Innovationsfonden finansierar medarbetare som vill utveckla, testa, utvärdera
och införa nya lösningar i stadens verksamheter.

**Vem kan söka?** Idéägare och idéteam vars idé är i förstudie, pilot eller införande.

**Vad kan man söka för?** Projekttid, konsulter, material och utvärdering. Fonden betalar inte
ordinarie drift.

Ansökningarna förgranskas av fondens handläggare och bedöms sedan av fondkommittén utifrån
kriterierna nedan. Beslut fattas i maj.
"""

AUTUMN_TEXT = """Höstens utlysning riktar sig till idéer i förstudie eller pilot som behöver
pengar för att ta nästa steg.

Vi välkomnar särskilt idéer som minskar stadens klimatpåverkan eller gör det lättare för
invånare att komma i kontakt med staden.

Skicka in ansökan senast sista dagen. Ansökningar som saknar något återsänds för komplettering
så länge utlysningen är öppen.
"""

# Closed call: (preferred idea title, applicant, type, requested, budget lines, outcome, granted)
SPRING = [
    {
        "title": "Kultur på recept för personer med lättare psykisk ohälsa",
        "type": "continuation",
        "lines": [("Projektledning 40 %", 220_000), ("Kulturaktiviteter", 90_000),
                  ("Utvärdering", 40_000)],
        "outcome": "granted",
        "amount": 350_000,
        "after": "closed",
        "scores": [5, 4, 4, 4],
    },
    {
        "title": "Digitala vågar som mäter tallrikssvinnet i skolrestaurangerna",
        "type": "continuation",
        "lines": [("Vågar och programvara", 120_000), ("Projekttid", 80_000)],
        "outcome": "granted",
        "amount": 180_000,
        "after": "reporting",
        "scores": [4, 3, 5, 5],
    },
    {
        "title": "Värmekameror hittar energiläckor i äldreboendenas fasader",
        "type": "new",
        "lines": [("Värmekamera och drönare", 110_000), ("Analys och rapport", 140_000)],
        "outcome": "granted",
        "amount": 250_000,
        "after": "overdue",
        "scores": [4, 4, 3, 5],
        "by_team_member": True,
        "recusal": "Jag har tidigare arbetat i projektgruppen på Micasa och känner sökande väl.",
    },
    {
        "title": "Matchning av feriejobb utifrån intressen i stället för lottning",
        "type": "implementation",
        "lines": [("Systemutveckling", 300_000), ("Införandestöd", 150_000)],
        "outcome": "rejected",
        "scores": [3, 2, 2, 3],
    },
]

# Open call: the applications waiting in screening and in review.
AUTUMN = [
    {
        "title": "Gemensamt sensornät för stadens förvaltningar och bolag",
        "type": "new",
        "lines": [("Sensorer och gateway", 160_000), ("Projektledning", 140_000)],
        "state": "in_review",
        "reviews": 1,
    },
    {
        "title": "AI-stödd översättning vid utvecklingssamtal och föräldramöten",
        "type": "continuation",
        "lines": [("Licenser under piloten", 60_000), ("Utvärdering", 60_000)],
        "state": "in_review",
        "reviews": 0,
    },
    {
        "title": "En gemensam bokningstjänst för stadens lokaler till föreningar",
        "type": "new",
        "lines": [("Förstudie och kravställning", 150_000)],
        "state": "submitted",
    },
    {
        "title": "AI-analys av flygbilder för uppföljning av grönytor",
        "type": "new",
        "lines": [("Bildanalys", 140_000), ("Markinventering för validering", 60_000)],
        "state": "submitted",
    },
    {
        "title": "Jobbspår till undersköterska med språkstöd på arbetsplatsen",
        "type": "new",
        "lines": [("Språkhandledare", 90_000)],
        "state": "returned",
        "comment": "Budgeten saknar arbetstid för handledarna på arbetsplatserna. Lägg till den "
        "och beskriv hur ni följer upp deltagarnas språkutveckling.",
    },
]

PLANS = {
    "plan": "Vi arbetar i tre steg: förberedelse och rekrytering av deltagande verksamheter, "
    "ett genomförande på två platser och en utvärdering tillsammans med användarna.",
    "milestones": "Månad 1: projektplan och avtal.\nMånad 3: start på första platsen.\n"
    "Månad 6: halvtidsavstämning.\nMånad 9: utvärdering och beslut om spridning.",
    "expected_value": "Bättre service för invånarna, mindre dubbelarbete för medarbetarna och "
    "en lösning som fler verksamheter kan ta över.",
}
MOTIVATIONS = {
    "granted": "Ansökan visar tydlig nytta och en genomförbar plan. Kommittén ser goda "
    "möjligheter att sprida resultatet till fler verksamheter.",
    "rejected": "Idén är intressant men planen för införandet är inte tillräckligt förankrad i "
    "de mottagande verksamheterna. Kommittén välkomnar en ny ansökan när det finns en "
    "mottagare med resurser för driften.",
}


def season(moment):
    return "våren" if moment.month <= 6 else "hösten"


class FundLoader:
    def __init__(self, units=None, users_by_email=None):
        self.now = utcnow().replace(microsecond=0)
        self.units = units or {}
        self.users = users_by_email or {}

    # --- who --------------------------------------------------------------------------------

    def user(self, email):
        if email not in self.users:
            self.users[email] = User.by_email(email)
        return self.users[email]

    def unit(self, name):
        if name not in self.units:
            self.units[name] = db.session.scalars(select(Unit).where(Unit.name == name)).first()
        return self.units[name]

    def committee(self):
        """The chair (kommitte@example.se) and at least two more committee members."""
        chair = self.user(CHAIR_EMAIL)
        members = db.session.scalars(
            select(User)
            .where(User.id.in_(select(UserRole.user_id).where(UserRole.role == "committee")))
            .order_by(User.id)
        ).all()
        for name, email, unit in MORE_MEMBERS:
            if len(members) >= 3:
                break
            if any(m.email == email for m in members):
                continue
            member = User(
                email=email,
                display_name=name,
                unit=self.unit(unit),
                password_hash=chair.password_hash,  # the demo password, without hashing again
                created_at=self.now - timedelta(days=420),
            )
            member.set_roles({"employee", "committee"})
            db.session.add(member)
            db.session.flush()
            members.append(member)
        others = [m for m in members if m.id != chair.id]
        return [chair] + others[:2]

    def idea(self, title, states):
        idea = db.session.scalars(select(Idea).where(Idea.title.startswith(title[:40]))).first()
        if idea is None or idea.state not in states or not idea.owner.is_staff:
            return None
        return idea

    # --- calls ------------------------------------------------------------------------------

    def call(self, title, text, budget, states, members, chair):
        """A call open now (the operations need that); its dates are set afterwards."""
        call = FundCall(
            title=title,
            text=text,
            budget=budget,
            granted_total=0,
            opens_at=self.now - timedelta(days=1),
            closes_at=self.now + timedelta(days=1),
            application_types=list(APPLICATION_TYPES),
            eligible_states=states,
            chair_id=chair.id,
            created_by_id=self.admin.id,
        )
        call.criteria = [
            Criterion(name=n, description=d, weight=w, position=i)
            for i, (n, d, w) in enumerate(CRITERIA)
        ]
        call.committee = [CommitteeMember(user_id=m.id) for m in members]
        db.session.add(call)
        db.session.flush()
        return call

    def apply(self, call, idea, spec, when):
        applicant = idea.owner
        if spec.get("by_team_member") and idea.team:
            applicant = idea.team[0].user
        self.notes.now = when
        app = create_application(call, idea, applicant, type=spec["type"])
        total = sum(amount for _d, amount in spec["lines"])
        update_application(
            app,
            applicant,
            version=app.version,
            type=spec["type"],
            requested_amount=total,
            budget_lines=spec["lines"],
            ip_working_time=True,
            ip_third_party=False,
            ip_commercialise=spec["type"] == "implementation",
            ip_commercialise_details="Staden kan licensiera lösningen till andra kommuner."
            if spec["type"] == "implementation"
            else "",
            **PLANS,
        )
        submit_application(app, applicant, acknowledged=True)
        self.dates.setdefault(app.id, {})["created_at"] = when - timedelta(days=6)
        self.dates[app.id]["submitted_at"] = when
        return app, applicant

    def screen(self, app, decision, when, comment=""):
        self._at(when)
        screen_application(app, self.coach, decision, comment=comment)
        self.dates[app.id]["screened_at"] = when

    def review(self, app, reviewer, values, when):
        self._at(when)
        scores = {
            c.id: (v, "Väl beskrivet." if v >= 4 else "Behöver utvecklas.")
            for c, v in zip(app.call.criteria, values, strict=True)
        }
        review = save_review(app, reviewer, scores, "Sammantaget en genomarbetad ansökan.")
        self.review_dates.append((review.id, when))

    def _at(self, when):
        self.notes.now = when
        self.notes.read_at = when + timedelta(days=1) if self.now - when > READ_AFTER else None

    # --- the two calls ----------------------------------------------------------------------

    def spring(self, members, chair):
        close = (self.now - timedelta(days=200)).replace(hour=21, minute=59, second=0)
        opens = (close - timedelta(days=45)).replace(hour=7, minute=0)
        decided = (close + timedelta(days=35)).replace(hour=12, minute=0)
        call = self.call(
            f"Innovationsfonden {season(close)} {close.year}",
            SPRING_TEXT,
            2_000_000,
            ["prestudy", "pilot", "implementation"],
            members,
            chair,
        )
        for n, spec in enumerate(SPRING):
            idea = self.idea(spec["title"], call.eligible_states)
            if idea is None:
                continue
            submitted = opens + timedelta(days=10 + 6 * n, hours=9)
            self._at(submitted)
            app, applicant = self.apply(call, idea, spec, submitted)
            self.screen(app, "accept", close + timedelta(days=2, hours=n))
            reviewers = list(members)
            if spec.get("recusal"):
                declarer = members[-1]
                self._at(close + timedelta(days=3))
                declare_recusal(app, declarer, spec["recusal"])
                reviewers.remove(declarer)
            for i, reviewer in enumerate(reviewers):
                values = [max(1, min(5, v - (i % 2))) for v in spec["scores"]]
                self.review(app, reviewer, values, close + timedelta(days=8 + i, hours=n))
            self._at(decided)
            granted = spec["outcome"] == "granted"
            after = spec.get("after")
            due = {
                "closed": self.now - timedelta(days=45),
                "reporting": self.now + timedelta(days=10),
                "overdue": self.now - timedelta(days=20),
            }.get(after)
            decide_application(
                app,
                chair,
                spec["outcome"],
                amount=spec.get("amount"),
                motivation=MOTIVATIONS[spec["outcome"]],
                conditions="Slutrapport lämnas senast angivet datum. Resultaten delas i "
                "Goda exempel."
                if granted
                else "",
                report_due_on=due.date() if due else None,
                now=decided,
            )
            if granted:
                self.follow_up(app, applicant, spec, decided, due)
        call.opens_at, call.closes_at = opens, close
        call.created_at = opens - timedelta(days=14)
        return call

    def follow_up(self, app, applicant, spec, decided, due):
        amount = spec["amount"]
        first = amount // 2
        self._at(decided + timedelta(days=14))
        record_disbursement(
            app, self.admin, paid_on=(decided + timedelta(days=14)).date(), amount=first,
            note="Första delutbetalningen",
        )
        if spec["after"] in ("closed", "reporting"):
            paid_on = decided + timedelta(days=100)
            self._at(paid_on)
            record_disbursement(
                app, self.admin, paid_on=paid_on.date(), amount=amount - first,
                note="Slutlig utbetalning",
            )
        if spec["after"] in ("closed", "reporting"):
            reported = due - timedelta(days=15)
            self._at(reported)
            submit_final_report(
                app,
                applicant,
                results="Vi genomförde projektet enligt planen på två platser. "
                "Deltagarna var fler än vi räknat med.",
                effects="Verksamheterna rapporterar kortare handläggning och nöjdare "
                "invånare. Två stadsdelar vill ta över arbetssättet.",
                lessons="Förankra tidigt hos dem som ska använda lösningen, och mät "
                "nuläget innan ni börjar.",
            )
            self.report_dates[app.id] = {"submitted_at": reported}
            if spec["after"] == "closed":
                approved = reported + timedelta(days=8)
                self._at(approved)
                approve_final_report(app, self.admin)
                self.report_dates[app.id]["approved_at"] = approved

    def autumn(self, members, chair):
        opens = (self.now - timedelta(days=21)).replace(hour=7, minute=0, second=0)
        close = (self.now + timedelta(days=21)).replace(hour=21, minute=59, second=0)
        call = self.call(
            f"Innovationsfonden {season(close)} {close.year}",
            AUTUMN_TEXT,
            1_500_000,
            ["prestudy", "pilot"],
            members,
            chair,
        )
        for n, spec in enumerate(AUTUMN):
            idea = self.idea(spec["title"], call.eligible_states)
            if idea is None:
                continue
            submitted = opens + timedelta(days=2 + 3 * n, hours=10)
            self._at(submitted)
            app, _applicant = self.apply(call, idea, spec, submitted)
            if spec["state"] == "in_review":
                self.screen(app, "accept", submitted + timedelta(days=2))
                for i in range(spec.get("reviews", 0)):
                    self.review(app, members[1 + i], [4, 5, 3, 4], submitted + timedelta(days=4))
            elif spec["state"] == "returned":
                self.screen(app, "return", submitted + timedelta(days=1), spec["comment"])
        call.opens_at, call.closes_at = opens, close
        call.created_at = opens - timedelta(days=10)
        return call

    def backdate(self):
        for app_id, values in self.dates.items():
            db.session.execute(
                update(Application)
                .where(Application.id == app_id)
                .values(updated_at=max(values.values()), **values)
                .execution_options(synchronize_session=False)
            )
            db.session.execute(
                update(IpAcknowledgement)
                .where(
                    IpAcknowledgement.context == "application",
                    IpAcknowledgement.object_id == app_id,
                )
                .values(acknowledged_at=values["submitted_at"])
                .execution_options(synchronize_session=False)
            )
        for review_id, when in self.review_dates:
            db.session.execute(
                update(Review)
                .where(Review.id == review_id)
                .values(created_at=when, updated_at=when)
                .execution_options(synchronize_session=False)
            )
        for app_id, values in self.report_dates.items():
            db.session.execute(
                update(FinalReport)
                .where(FinalReport.application_id == app_id)
                .values(**values)
                .execution_options(synchronize_session=False)
            )
        db.session.execute(
            update(Disbursement)
            .where(Disbursement.application_id.in_(list(self.dates)))
            .values(created_at=Disbursement.paid_on)
            .execution_options(synchronize_session=False)
        )

    def run(self):
        self.admin = self.user("admin@example.se")
        self.coach = self.user("coach@example.se")
        self.dates, self.review_dates, self.report_dates = {}, [], {}
        members = self.committee()
        chair = members[0]
        with muted() as notes:
            self.notes = notes
            spring = self.spring(members, chair)
            autumn = self.autumn(members, chair)
        self.backdate()
        db.session.flush()
        db.session.expire_all()
        return spring, autumn


def load_fund(units=None, users_by_email=None):
    """Create the demo calls and applications; needs the demo's people and ideas loaded."""
    return FundLoader(units, users_by_email).run()
