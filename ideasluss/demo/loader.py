"""Loads the demo data set into an empty database.

People, units, the IP principles, two challenges and the 64 ideas of `content.py`. Every idea is
walked through the real operations (create, submit, the gate decisions, comments, follows) in
the order the events happened; afterwards the timestamps are set back over the last 18 months
so that lead times vary. Deterministic: every choice comes from one seeded random generator.
"""

import random
import re
import unicodedata
from datetime import date, datetime, timedelta

from sqlalchemy import delete, func, insert, select, update

from ..accounts.models import Unit, User
from ..core.models import utcnow
from ..extensions import db
from ..ideas.discussion import add_comment, flag_comment
from ..ideas.models import (
    Adoption,
    Challenge,
    Follow,
    GateDecision,
    Idea,
    TeamMember,
    Vote,
)
from ..ideas.operations import create_idea, move_idea, submit_idea
from ..ideas.operations import follow as follow_idea
from ..ideas.pipeline import MOVES
from ..ip.models import IpAcknowledgement
from ..ip.operations import publish_principles
from ..notifications.operations import muted
from . import content
from .fund import load_fund

DEMO_PASSWORD = "idesluss-demo"  # noqa: S105 (published demo password)
SEED = 20261126

UNITS = {
    "forvaltning": [
        "Stadsledningskontoret",
        "Utbildningsförvaltningen",
        "Socialförvaltningen",
        "Trafikkontoret",
        "Miljöförvaltningen",
        "Stadsbyggnadskontoret",
        "Kulturförvaltningen",
        "Idrottsförvaltningen",
        "Arbetsmarknadsförvaltningen",
        "Äldreförvaltningen",
        "Serviceförvaltningen",
        "Fastighetskontoret",
        "Exploateringskontoret",
    ],
    "stadsdelsforvaltning": [
        "Rinkeby-Kista stadsdelsförvaltning",
        "Spånga-Tensta stadsdelsförvaltning",
        "Hässelby-Vällingby stadsdelsförvaltning",
        "Bromma stadsdelsförvaltning",
        "Kungsholmens stadsdelsförvaltning",
        "Norrmalms stadsdelsförvaltning",
        "Östermalms stadsdelsförvaltning",
        "Södermalms stadsdelsförvaltning",
        "Enskede-Årsta-Vantörs stadsdelsförvaltning",
        "Skarpnäcks stadsdelsförvaltning",
        "Farsta stadsdelsförvaltning",
        "Hägersten-Älvsjö stadsdelsförvaltning",
        "Skärholmens stadsdelsförvaltning",
    ],
    "bolag": [
        "Stockholm Vatten och Avfall AB",
        "AB Stockholmshem",
        "AB Familjebostäder",
        "AB Svenska Bostäder",
        "Stokab",
        "Stockholms Hamnar",
        "Micasa Fastigheter i Stockholm AB",
        "Skolfastigheter i Stockholm AB (SISAB)",
    ],
}

# (e-mail, name, roles, unit). Anders Admin is the innovation director (innovationsdirektör).
ACCOUNTS = [
    ("invanare@example.se", "Ines Invånare", {"resident"}, None),
    ("medarbetare@example.se", "Mats Medarbetare", {"employee"}, "Äldreförvaltningen"),
    ("coach@example.se", "Cecilia Coach", {"employee", "coach"}, "Stadsledningskontoret"),
    ("kommitte@example.se", "Kerstin Kommitté", {"employee", "committee"}, "Socialförvaltningen"),
    ("admin@example.se", "Anders Admin", {"employee", "admin"}, "Stadsledningskontoret"),
]

# The second coach, in another unit: Trafikkontoret's ideas reach her inbox first.
SECOND_COACH = ("Olivia Nilsson", "Trafikkontoret")

# (name, shows their name)
RESIDENTS = [
    ("Amir Haddad", True),
    ("Lena Sjöberg", False),
    ("Johan Lindqvist", True),
    ("Fatima Ali", False),
    ("Gunnel Berg", True),
    ("Per Ekström", True),
    ("Sara Nyström", False),
]

# (name, unit): at least one employee in every unit whose staff own a demo idea.
EMPLOYEES = [
    ("Elin Nordin", "Stadsledningskontoret"),
    ("Anna Lindberg", "Utbildningsförvaltningen"),
    ("Hassan Yusuf", "Socialförvaltningen"),
    ("Erik Sandberg", "Trafikkontoret"),
    ("Maria Andersson", "Trafikkontoret"),
    ("Sofia Ek", "Miljöförvaltningen"),
    ("Johan Wikström", "Stadsbyggnadskontoret"),
    ("Nadia Rahimi", "Kulturförvaltningen"),
    ("Peter Holm", "Idrottsförvaltningen"),
    ("Leila Karimi", "Arbetsmarknadsförvaltningen"),
    ("Mikael Berg", "Arbetsmarknadsförvaltningen"),
    ("Eva Johansson", "Äldreförvaltningen"),
    ("Helena Strand", "Serviceförvaltningen"),
    ("Oskar Lund", "Exploateringskontoret"),
    ("Ida Forsberg", "Exploateringskontoret"),
    ("Abdi Warsame", "Rinkeby-Kista stadsdelsförvaltning"),
    ("Maryam Hosseini", "Spånga-Tensta stadsdelsförvaltning"),
    ("Lars Öberg", "Hässelby-Vällingby stadsdelsförvaltning"),
    ("Karin Sjödin", "Bromma stadsdelsförvaltning"),
    ("Fredrik Dahl", "Kungsholmens stadsdelsförvaltning"),
    ("Emma Wallin", "Norrmalms stadsdelsförvaltning"),
    ("Jonas Engström", "Södermalms stadsdelsförvaltning"),
    ("Yasmin Ahmed", "Enskede-Årsta-Vantörs stadsdelsförvaltning"),
    ("Ulla Persson", "Farsta stadsdelsförvaltning"),
    ("Björn Falk", "Stockholm Vatten och Avfall AB"),
    ("Linnea Björk", "AB Stockholmshem"),
    ("Daniel Svensson", "AB Familjebostäder"),
    ("Aisha Mohamed", "AB Svenska Bostäder"),
    ("Henrik Blom", "Stokab"),
    ("Magnus Hedlund", "Stockholms Hamnar"),
    ("Birgitta Lönn", "Micasa Fastigheter i Stockholm AB"),
    ("Tobias Kvist", "Skolfastigheter i Stockholm AB (SISAB)"),
]

VOTERS = 120  # residents "Röstare N" who vote and show no name

MAIN_MOVES = ("accept", "start_prestudy", "start_pilot", "start_implementation", "complete")
DIRECTOR_MOVES = frozenset({"start_implementation", "complete"})
# Days a move typically takes after the one before it (low, high).
GAPS = {
    "submit": (0, 4),
    "accept": (2, 25),
    "start_prestudy": (14, 70),
    "start_pilot": (30, 120),
    "start_implementation": (45, 150),
    "complete": (30, 120),
    "park": (10, 60),
    "decline": (5, 45),
    "withdraw": (5, 40),
}
# How long ago (days) ideas that ended in each state were first written down.
AGE = {
    "draft": (1, 30),
    "submitted": (2, 40),
    "idea": (25, 150),
    "prestudy": (70, 300),
    "pilot": (160, 420),
    "implementation": (260, 500),
    "implemented": (330, 545),
    "withdrawn": (40, 200),
}
READ_AFTER = timedelta(days=14)  # older demo notifications have been read
IP_EFFECTIVE_DAYS_AGO = 365
SPAM = "Köp era cyklar hos oss på Cykelkungen – 20 % rabatt med koden IDESLUSS! Länk i min profil."
ADOPTIONS = [
    # (title of an implemented idea, adopting unit, note)
    (
        "Tvåspråkig sagostund på biblioteken",
        "Farsta stadsdelsförvaltning",
        "Förskolorna i Farsta har sagostund på arabiska och somaliska varannan vecka.",
    ),
    (
        "Fyllnadssensorer styr tömningen av bottentömmande behållare",
        "AB Stockholmshem",
        "Sensorerna sitter nu på Stockholmshems behållare i Hammarbyhöjden.",
    ),
]


def is_empty():
    return not db.session.scalar(select(func.count()).select_from(User))


def email_for(name, domain="example.se"):
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", ".", plain).strip(".") + "@" + domain


class Loader:
    def __init__(self, seed=SEED):
        self.rng = random.Random(seed)
        self.now = utcnow().replace(microsecond=0)
        self.today = date.today()
        self.units = {}
        self.accounts = {}
        self.coaches = []
        self.residents = []
        self.employees = []
        self.voters = []
        self.events = []
        self.seq = 0
        self.ideas = []  # per content item: {"item", "idea", "owner", ...}

    # --- people, principles, challenges ------------------------------------------------------

    def _user(self, email, name, roles, unit=None, show_name=True):
        user = User(
            email=email,
            display_name=name,
            unit=self.units.get(unit),
            show_name=show_name,
            created_at=self.now - timedelta(days=self.rng.randint(400, 600)),
        )
        if self.password_hash is None:
            user.set_password(DEMO_PASSWORD)
            self.password_hash = user.password_hash
        # One hash for every demo account: hashing ~160 times would take half a minute.
        user.password_hash = self.password_hash
        user.set_roles(roles)
        db.session.add(user)
        return user

    def people(self):
        self.password_hash = None
        for kind, names in UNITS.items():
            for name in names:
                self.units[name] = Unit(name=name, kind=kind)
                db.session.add(self.units[name])
        for email, name, roles, unit in ACCOUNTS:
            self.accounts[email] = self._user(email, name, roles, unit)
        name, unit = SECOND_COACH
        second = self._user(email_for(name), name, {"employee", "coach"}, unit)
        self.coaches = [self.accounts["coach@example.se"], second]
        self.admin = self.accounts["admin@example.se"]
        self.residents = [self.accounts["invanare@example.se"]] + [
            self._user(email_for(name), name, {"resident"}, show_name=shown)
            for name, shown in RESIDENTS
        ]
        self.employees = [self.accounts["medarbetare@example.se"]] + [
            self._user(email_for(name), name, {"employee"}, unit) for name, unit in EMPLOYEES
        ]
        self.voters = [
            self._user(f"rostare{n}@example.se", f"Röstare {n}", {"resident"}, show_name=False)
            for n in range(1, VOTERS + 1)
        ]
        db.session.flush()
        self.staff = (
            self.employees
            + self.coaches
            + [
                self.admin,
                self.accounts["kommitte@example.se"],
            ]
        )

    def principles(self):
        effective = self.today - timedelta(days=IP_EFFECTIVE_DAYS_AGO)
        self.ip = publish_principles(
            version=content.IP_PRINCIPLES["version"],
            title=content.IP_PRINCIPLES["title"],
            summary=content.IP_PRINCIPLES["summary"],
            body=content.IP_PRINCIPLES["body"],
            effective_from=effective,
            actor=self.admin,
        )
        self.ip.published_at = datetime.combine(effective - timedelta(days=14), datetime.min.time())
        self.ip_effective = datetime.combine(effective, datetime.min.time())

    def challenges(self):
        self.challenge = {}
        authors = {"Trafikkontoret": self.coaches[1]}
        for spec in content.CHALLENGES:
            opens = self.today - timedelta(days=spec["opens_days_ago"])
            challenge = Challenge(
                title=spec["title"],
                description=spec["description"],
                unit=self.units[spec["unit"]],
                opens_on=opens,
                closes_on=self.today + timedelta(days=spec["closes_in_days"]),
                created_by_id=authors.get(spec["unit"], self.admin).id,
                created_at=datetime.combine(opens - timedelta(days=3), datetime.min.time()),
            )
            db.session.add(challenge)
            self.challenge[spec["key"]] = challenge
        db.session.flush()

    # --- planning each idea's history ----------------------------------------------------------

    def _at(self, when, action, *args):
        self.seq += 1
        self.events.append((when, self.seq, action, args))

    def _owner(self, item):
        if item["author"] == "resident":
            return self.residents[self.resident_turn.__next__() % len(self.residents)]
        unit = self.units[item["unit"]]
        candidates = [e for e in self.employees if e.unit_id == unit.id]
        if not candidates:
            raise ValueError(f"No demo employee in {unit.name}")
        return self.rng.choice(candidates)

    def _coach(self, item):
        trafik = self.coaches[1]
        if item["unit"] == trafik.unit.name:
            return trafik
        return self.coaches[0] if self.rng.random() < 0.7 else trafik

    @staticmethod
    def moves(item):
        """The moves of an idea's history, as its content encodes them.

        One motivation per gate decision: an idea on the main line has one per step it took;
        a parked or declined idea left the main line with its last motivation.
        """
        state, n = item["state"], len(item["motivations"])
        if state in ("draft", "submitted", "withdrawn"):
            return []
        if state in ("parked", "declined"):
            return list(MAIN_MOVES[: n - 1]) + ["park" if state == "parked" else "decline"]
        moves = list(MAIN_MOVES[:n])
        if MOVES[moves[-1]].target != state:
            raise ValueError(f"{item['title']!r}: {n} motivations do not lead to {state}")
        return moves

    def plan(self):
        self.resident_turn = iter(range(10_000))
        for item in content.IDEAS:
            moves = self.moves(item)
            steps = ["submit"] if item["state"] != "draft" else []
            steps += moves + (["withdraw"] if item["state"] == "withdrawn" else [])
            challenge = self.challenge.get(item["challenge"]) if item["challenge"] else None
            low, high = AGE.get(item["state"], (30 + 90 * len(moves), 120 + 100 * len(moves)))
            oldest = self.now - timedelta(days=min(high, 545))
            if challenge is not None:
                oldest = max(oldest, datetime.combine(challenge.opens_on, datetime.min.time()))
            latest = self.now - timedelta(days=min(low, (self.now - oldest).days))
            created = oldest + (latest - oldest) * self.rng.random()
            created = created.replace(microsecond=0)
            gaps = [timedelta(days=self.rng.uniform(*GAPS[s])) for s in steps]
            room = self.now - timedelta(hours=2) - created
            total = sum(gaps, timedelta())
            if total > room:
                gaps = [g * (room / total) for g in gaps]
            times, t = [], created
            for gap in gaps:
                t += gap
                times.append(t.replace(microsecond=0))
            owner = self._owner(item)
            coach = self._coach(item) if moves else None
            record = {
                "item": item,
                "owner": owner,
                "coach": coach,
                "created": created,
                "times": times,
                "decisions": [],
                "challenge": challenge,
            }
            self.ideas.append(record)
            self._at(created, self.create, record)
            for step, when, motivation in zip(
                steps, times, ([None] + item["motivations"] + [None]), strict=False
            ):
                if step == "submit":
                    self._at(when, self.submit, record)
                elif step == "withdraw":
                    self._at(when, self.withdraw, record)
                else:
                    self._at(when, self.move, record, step, motivation)
            if steps:
                self._plan_talk(record, times)

    def _plan_talk(self, record, times):
        item, owner = record["item"], record["owner"]
        public = item["visibility"] == "public"
        submitted = times[0]
        end = times[-1] if item["state"] == "withdrawn" else self.now - timedelta(hours=1)
        pool = (self.residents + self.employees) if public else self.employees + self.coaches
        pool = [p for p in pool if p.id != owner.id]
        moments = sorted(
            submitted + (end - submitted) * self.rng.uniform(0.02, 0.98) for _ in item["comments"]
        )
        for n, (body, when) in enumerate(zip(item["comments"], moments, strict=True)):
            author = self.rng.choice(pool)
            if item["state"] == "withdrawn" and n == len(item["comments"]) - 1:
                author = owner  # the owner's own answer before withdrawing
            self._at(when.replace(microsecond=0), self.comment, record, author, body)
        followers = self.rng.sample(pool, self.rng.choice((0, 1, 1, 2, 3)))
        ines, mats = self.accounts["invanare@example.se"], self.accounts["medarbetare@example.se"]
        if public and owner is not ines and self.rng.random() < 0.25:
            followers.append(ines)
        if not public and owner is not mats and self.rng.random() < 0.4:
            followers.append(mats)
        for person in dict.fromkeys(followers):
            when = submitted + timedelta(hours=self.rng.uniform(2, 240))
            if when < end:
                self._at(when.replace(microsecond=0), self.follow, record, person)

    # --- the events, through the real operations ----------------------------------------------

    def create(self, record):
        item = record["item"]
        team = []
        if item["author"] == "employee" and self.rng.random() < 0.35:
            mates = [e for e in self.employees if e is not record["owner"]]
            same_unit = [e for e in mates if e.unit_id == record["owner"].unit_id]
            team = [self.rng.choice(same_unit or mates)]
        record["idea"] = create_idea(
            record["owner"],
            title=item["title"],
            problem=item["problem"],
            proposal=item["proposal"],
            value=item["value"],
            visibility=item["visibility"],
            unit_id=self.units[item["unit"]].id,
            themes=item["themes"],
            value_kinds=item["value_kinds"],
            challenge=record["challenge"],
            team=team,
        )

    def submit(self, record):
        submit_idea(record["idea"], record["owner"], acknowledged_ip=True)
        record["decisions"].append(self.when)

    def move(self, record, code, motivation):
        extra = {}
        if record["idea"].state == "submitted":  # triage: classification and coach
            extra = {"classification": record["item"]["classification"]}
            extra["coach_id"] = record["coach"].id
        actor = self.admin if code in DIRECTOR_MOVES else record["coach"]
        move_idea(
            record["idea"],
            code,
            actor,
            motivation=motivation,
            checklist=[c.code for c in MOVES[code].checklist],
            expected_state=record["idea"].state,
            **extra,
        )
        record["decisions"].append(self.when)

    def withdraw(self, record):
        move_idea(record["idea"], "withdraw", record["owner"], expected_state="submitted")
        record["decisions"].append(self.when)

    def comment(self, record, author, body):
        comment = add_comment(record["idea"], author, body)
        comment.created_at = self.when
        record.setdefault("comments", []).append(comment)

    def follow(self, record, person):
        follow_idea(record["idea"], person)
        record.setdefault("follows", []).append((person.id, self.when))

    def walk(self, notes):
        """Run the planned events in the order they happened, dating their notifications."""
        for when, _seq, action, args in sorted(self.events, key=lambda e: e[:2]):
            self.at(when, notes, action, *args)
        db.session.flush()

    def at(self, when, notes, action, *args):
        """Run one event as of `when`; its notifications are dated then (and read if old)."""
        self.when = notes.now = when
        notes.read_at = None
        if self.now - when > READ_AFTER:
            notes.read_at = when + timedelta(hours=self.rng.uniform(1, 72))
        action(*args)

    # --- after the fact: dates, votes, adoptions, a flagged comment ---------------------------

    def backdate(self):
        decisions = db.session.scalars(
            select(GateDecision).order_by(GateDecision.idea_id, GateDecision.id)
        ).all()
        by_idea = {}
        for decision in decisions:
            by_idea.setdefault(decision.idea_id, []).append(decision)
        for record in self.ideas:
            idea = record["idea"]
            rows = by_idea.get(idea.id, [])
            if len(rows) != len(record["decisions"]):
                raise ValueError(f"{idea.title!r}: history does not match the plan")
            for decision, when in zip(rows, record["decisions"], strict=True):
                decision.created_at = when
            times = record["decisions"]
            comments = [c.created_at for c in record.get("comments", [])]
            last = max([record["created"], *times, *comments])
            db.session.execute(
                update(Idea)
                .where(Idea.id == idea.id)
                .values(
                    created_at=record["created"],
                    submitted_at=times[0] if times else None,
                    state_changed_at=times[-1] if times else None,
                    updated_at=times[-1] if times else record["created"],
                    last_activity_at=last,
                )
                .execution_options(synchronize_session=False)
            )
            db.session.execute(
                update(TeamMember)
                .where(TeamMember.idea_id == idea.id)
                .values(added_at=record["created"])
                .execution_options(synchronize_session=False)
            )
            for user_id, when in record.get("follows", []):
                db.session.execute(
                    update(Follow)
                    .where(Follow.idea_id == idea.id, Follow.user_id == user_id)
                    .values(created_at=when)
                    .execution_options(synchronize_session=False)
                )
            if times:
                self._backdate_acknowledgement(idea, times[0])
        db.session.flush()

    def _backdate_acknowledgement(self, idea, when):
        which = (IpAcknowledgement.context == "idea", IpAcknowledgement.object_id == idea.id)
        if when < self.ip_effective:
            # Submitted before the principles took effect: nothing was acknowledged then.
            db.session.execute(delete(IpAcknowledgement).where(*which))
        else:
            db.session.execute(
                update(IpAcknowledgement)
                .where(*which)
                .values(acknowledged_at=when)
                .execution_options(synchronize_session=False)
            )

    def votes(self):
        rows = []
        everyone = self.voters + self.residents + self.staff
        for record in self.ideas:
            item, idea = record["item"], record["idea"]
            wanted = item["votes"]
            if not wanted:
                continue
            pool = everyone if item["visibility"] == "public" else self.staff
            pool = [p for p in pool if p.id != idea.owner_id]
            start = record["decisions"][0]
            end = self.now - timedelta(minutes=30)
            if idea.state not in ("submitted", "idea", "prestudy", "pilot"):
                end = record["decisions"][-1]
            for voter in self.rng.sample(pool, wanted):
                rows.append(
                    {
                        "idea_id": idea.id,
                        "user_id": voter.id,
                        "created_at": (start + (end - start) * self.rng.random()).replace(
                            microsecond=0
                        ),
                    }
                )
            db.session.execute(
                update(Idea)
                .where(Idea.id == idea.id)
                .values(vote_count=wanted)
                .execution_options(synchronize_session=False)
            )
        db.session.execute(insert(Vote), rows)

    def adoptions(self):
        by_title = {r["item"]["title"]: r for r in self.ideas}
        for title, unit_name, note in ADOPTIONS:
            record = by_title[title]
            unit = self.units[unit_name]
            recorder = next(e for e in self.employees if e.unit_id == unit.id)
            implemented = record["decisions"][-1]
            db.session.add(
                Adoption(
                    idea_id=record["idea"].id,
                    unit_id=unit.id,
                    recorded_by_id=recorder.id,
                    note=note,
                    created_at=implemented + (self.now - implemented) * 0.5,
                )
            )

    def flagged_comment(self):
        """One spam comment on a popular public idea, flagged by two readers for moderation."""
        record = max(
            (r for r in self.ideas if r["item"]["state"] == "submitted"),
            key=lambda r: (r["item"]["votes"], r["item"]["title"]),
        )
        spammer = self.voters[-1]
        comment = add_comment(record["idea"], spammer, SPAM)
        comment.created_at = self.when
        for reader, reason in (
            (self.residents[1], "Reklam för ett företag."),
            (self.employees[3], "Ser ut som spam."),
        ):
            flag_comment(comment, reader, reason)
        db.session.execute(
            update(Idea)
            .where(Idea.id == record["idea"].id)
            .values(last_activity_at=comment.created_at)
            .execution_options(synchronize_session=False)
        )

    def run(self):
        self.people()
        self.principles()
        self.challenges()
        self.plan()
        with muted() as notes:
            self.walk(notes)
            self.at(self.now - timedelta(days=1), notes, self.flagged_comment)
        self.backdate()
        self.votes()
        self.adoptions()
        db.session.flush()
        load_fund(self.units)
        db.session.flush()
        db.session.expire_all()
        return self.units


def load(seed=SEED):
    """Create units, people, the IP principles, two challenges, the 64 demo ideas and the fund."""
    return Loader(seed).run()


def demo_ideas():
    """The ideas the demo created (for tests), in content order."""
    titles = [item["title"] for item in content.IDEAS]
    ideas = {i.title: i for i in db.session.scalars(select(Idea).where(Idea.title.in_(titles)))}
    return [ideas[t] for t in titles]
