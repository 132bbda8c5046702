"""Generate the city-scale data set into a PostgreSQL database with COPY.

Sizes (default, `--scale 1.0`): 100 units, 50 000 users, 100 000 ideas, 1 000 000 votes,
300 000 comments, 20 calls, 2 000 applications. One idea has exactly 200 comments and one call
150 applications in review, for the idea-page and comparison-table scenarios.
"""

import argparse
import json
import random
import time
from datetime import datetime, timedelta

import psycopg
from argon2 import PasswordHasher

from ideasluss.demo.loader import UNITS
from ideasluss.ideas.models import THEMES

BENCH_PASSWORD = "idesluss-bench"  # noqa: S105 (a throwaway benchmark database)
NOW = datetime(2026, 11, 1, 12, 0)
STATE_SHARES = [
    ("draft", 3),
    ("submitted", 15),
    ("idea", 25),
    ("prestudy", 12),
    ("pilot", 10),
    ("implementation", 5),
    ("implemented", 10),
    ("parked", 5),
    ("declined", 12),
    ("withdrawn", 3),
]
MAIN = ["submitted", "idea", "prestudy", "pilot", "implementation", "implemented"]
MOVE_INTO = {
    "idea": "accept",
    "prestudy": "start_prestudy",
    "pilot": "start_pilot",
    "implementation": "start_implementation",
    "implemented": "complete",
    "parked": "park",
    "declined": "decline",
    "withdrawn": "withdraw",
}
WORDS = [
    "äldreboende",
    "cykel",
    "cykelbana",
    "skola",
    "förskola",
    "matsvinn",
    "trygghet",
    "belysning",
    "park",
    "snöröjning",
    "digital",
    "tjänst",
    "invånare",
    "medarbetare",
    "energi",
    "solceller",
    "återbruk",
    "möbler",
    "bibliotek",
    "språk",
    "översättning",
    "föräldramöte",
    "ensamhet",
    "hemtjänst",
    "sensor",
    "vatten",
    "avfall",
    "sortering",
    "buss",
    "hållplats",
    "gångväg",
    "kollektivtrafik",
    "lägenhet",
    "hyresgäst",
    "nyckel",
    "tvättstuga",
    "grönyta",
    "tak",
    "klimat",
    "utsläpp",
    "laddning",
    "elbil",
    "parkering",
    "ungdom",
    "sommarjobb",
    "praktik",
    "arbetsmarknad",
    "integration",
    "kultur",
    "idrott",
    "simhall",
    "motion",
    "hälsa",
    "omsorg",
    "planering",
    "schema",
    "ekonomi",
    "upphandling",
    "innovation",
    "pilot",
    "förstudie",
    "data",
    "öppen",
    "plattform",
    "app",
    "karta",
    "mätning",
    "uppföljning",
    "samverkan",
    "stadsdel",
    "förvaltning",
]
SENTENCE_STARTS = ["Vi vill", "Idén är att", "Många", "I dag", "Genom att", "Det behövs"]


# Filler words, so that a real word occurs in a few per cent of ideas, as in a real corpus.
SYLLABLES = [
    "ka",
    "lo",
    "ve",
    "stu",
    "mi",
    "ne",
    "dra",
    "sko",
    "fe",
    "ri",
    "bo",
    "gen",
    "ta",
    "lu",
    "pe",
    "sa",
    "vi",
    "tor",
    "en",
    "ul",
]
FILLER = sorted({a + b + c for a in SYLLABLES for b in SYLLABLES for c in SYLLABLES})[:5000]


def text(rng, n):
    words = [rng.choice(WORDS) if rng.random() < 0.06 else rng.choice(FILLER) for _ in range(n)]
    return f"{rng.choice(SENTENCE_STARTS)} {' '.join(words)}."


def weighted_states(rng, n):
    states, weights = zip(*STATE_SHARES, strict=True)
    return rng.choices(states, weights=weights, k=n)


def path_to(state, rng):
    """The main-line states an idea passed through to reach `state` (side exits included)."""
    if state == "draft":
        return []
    if state in MAIN:
        return MAIN[: MAIN.index(state) + 1]
    left_from = rng.choice(MAIN[:4])
    return MAIN[: MAIN.index(left_from) + 1] + [state]


def generate(dsn, scale=1.0, seed=7):
    rng = random.Random(seed)
    n_users = int(50_000 * scale)
    n_ideas = int(100_000 * scale)
    n_votes = int(1_000_000 * scale)
    n_comments = int(300_000 * scale)
    n_calls = 20
    n_apps = max(200, int(2_000 * scale))
    started = time.monotonic()
    pw_hash = PasswordHasher().hash(BENCH_PASSWORD)
    facts = {}
    with psycopg.connect(dsn, autocommit=False) as conn:
        cur = conn.cursor()

        def copy(table, columns, rows):
            with cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as cp:
                for row in rows:
                    cp.write_row(row)

        # Units: the city's real ones first, then numbered ones up to 100.
        units = [(name, kind) for kind, names in UNITS.items() for name in names]
        units += [(f"Enhet {i}", "forvaltning") for i in range(len(units) + 1, 101)]
        copy(
            "units",
            ["id", "name", "kind", "created_at"],
            ((i, name, kind, NOW) for i, (name, kind) in enumerate(units, 1)),
        )
        n_units = len(units)
        # Unit sizes are skewed: unit 1 is the largest, as Utbildningsförvaltningen would be.
        unit_weights = [1 / (i**0.8) for i in range(1, n_units + 1)]

        # Users: named accounts first, then staff (60 %) and residents (40 %).
        named = [
            ("admin@bench.example", "Admin", ["admin", "employee"], 1),
            ("coach@bench.example", "Coach", ["coach", "employee"], 1),
            ("kommitte@bench.example", "Kommitté", ["committee", "employee"], 2),
            ("medarbetare@bench.example", "Medarbetare", ["employee"], 1),
            ("invanare@bench.example", "Invånare", ["resident"], None),
        ]
        users, roles = [], []
        for i, (email, name, rs, unit) in enumerate(named, 1):
            users.append((i, email, name, pw_hash, unit, True, True, NOW))
            roles += [(i, r) for r in rs]
        staff_ids, resident_ids, coach_ids, committee_ids = [1, 2, 3, 4], [5], [2], [3]
        for i in range(len(named) + 1, n_users + 1):
            if i % 5 < 3:
                unit = rng.choices(range(1, n_units + 1), weights=unit_weights)[0]
                users.append(
                    (i, f"p{i}@bench.example", f"Medarbetare {i}", pw_hash, unit, True, True, NOW)
                )
                role = "employee"
                if i % 997 == 0:
                    coach_ids.append(i)
                    roles.append((i, "coach"))
                if i % 1999 == 0:
                    committee_ids.append(i)
                    roles.append((i, "committee"))
                roles.append((i, role))
                staff_ids.append(i)
            else:
                users.append(
                    (
                        i,
                        f"p{i}@bench.example",
                        f"Invånare {i}",
                        pw_hash,
                        None,
                        i % 3 != 0,
                        True,
                        NOW,
                    )
                )
                roles.append((i, "resident"))
                resident_ids.append(i)
        copy(
            "users",
            [
                "id",
                "email",
                "display_name",
                "password_hash",
                "unit_id",
                "show_name",
                "active",
                "created_at",
            ],
            users,
        )
        copy("user_roles", ["user_id", "role"], roles)
        unit_of = {u[0]: u[4] for u in users}

        # Ideas, their themes and their history.
        states = weighted_states(rng, n_ideas)
        idea_rows, theme_rows, history = [], [], []
        decision_id = 0
        theme_codes = list(THEMES)
        for idea_id, state in enumerate(states, 1):
            resident = rng.random() < 0.35
            owner = rng.choice(resident_ids if resident else staff_ids)
            unit = unit_of[owner] or rng.choices(range(1, n_units + 1), weights=unit_weights)[0]
            visibility = "public" if resident or rng.random() < 0.75 else "internal"
            created = NOW - timedelta(days=rng.uniform(1, 1000))
            path = path_to(state, rng)
            at = created
            prev = "draft"
            for step in path:
                at += timedelta(days=rng.uniform(0.5, 60))
                decision_id += 1
                move = "submit" if step == "submitted" else MOVE_INTO[step]
                history.append(
                    (
                        decision_id,
                        idea_id,
                        owner if move in ("submit", "withdraw") else 2,
                        move,
                        prev,
                        step,
                        "Motivering.",
                        "{}",
                        min(at, NOW),
                    )
                )
                prev = step
            changed = min(at, NOW)
            parked_from = path[-2] if state == "parked" else None
            classification = (
                "innovation" if state not in ("draft", "submitted", "withdrawn") else None
            )
            idea_rows.append(
                (
                    idea_id,
                    f"{rng.choice(WORDS).capitalize()} {text(rng, 6)[:-1]}",
                    text(rng, 40),
                    text(rng, 40),
                    text(rng, 15),
                    rng.random() < 0.5,
                    rng.random() < 0.6,
                    rng.random() < 0.4,
                    state,
                    parked_from,
                    classification,
                    visibility,
                    owner,
                    rng.choice(coach_ids) if classification else None,
                    unit,
                    0,
                    0,
                    0,
                    created,
                    created + timedelta(hours=1) if path else None,
                    changed,
                    changed,
                    changed,
                    1,
                )
            )
            for code in rng.sample(theme_codes, rng.choice((1, 1, 2))):
                theme_rows.append((idea_id, code))
        copy(
            "ideas",
            [
                "id",
                "title",
                "problem",
                "proposal",
                "value",
                "value_economic",
                "value_social",
                "value_environmental",
                "state",
                "parked_from",
                "classification",
                "visibility",
                "owner_id",
                "coach_id",
                "unit_id",
                "vote_count",
                "comment_count",
                "follower_count",
                "created_at",
                "submitted_at",
                "state_changed_at",
                "updated_at",
                "last_activity_at",
                "version",
            ],
            idea_rows,
        )
        copy("idea_themes", ["idea_id", "theme"], theme_rows)
        copy(
            "gate_decisions",
            [
                "id",
                "idea_id",
                "actor_id",
                "move",
                "from_state",
                "to_state",
                "motivation",
                "checklist",
                "created_at",
            ],
            history,
        )

        votable = [
            r[0]
            for r in idea_rows
            if r[8]
            in ("submitted", "idea", "prestudy", "pilot", "implemented", "declined", "parked")
        ]
        # Votes: skewed towards popular ideas, one per (idea, user).
        voters = staff_ids + resident_ids
        per_idea = {}
        remaining = n_votes
        popular = rng.sample(votable, len(votable) // 20)
        for idea_id in popular:
            k = min(remaining, rng.randint(50, 300))
            per_idea[idea_id] = k
            remaining -= k
        while remaining > 0:
            idea_id = rng.choice(votable)
            k = min(remaining, rng.randint(1, 12))
            per_idea[idea_id] = per_idea.get(idea_id, 0) + k
            remaining -= k

        def vote_rows():
            for idea_id, k in per_idea.items():
                for user_id in rng.sample(voters, min(k, len(voters))):
                    yield (idea_id, user_id, NOW)

        copy("votes", ["idea_id", "user_id", "created_at"], vote_rows())

        # Comments: the heavy idea gets exactly 200, the rest spread over public ideas.
        listed = [r[0] for r in idea_rows if r[8] not in ("draft", "withdrawn")]
        heavy = next(r[0] for r in idea_rows if r[8] == "pilot" and r[11] == "public")
        facts["idea_with_200_comments"] = heavy

        def comment_rows():
            for n in range(1, n_comments + 1):
                idea_id = heavy if n <= 200 else rng.choice(listed)
                if idea_id == heavy and n > 200:
                    idea_id = listed[0] if listed[0] != heavy else listed[1]
                yield (
                    n,
                    idea_id,
                    rng.choice(voters),
                    text(rng, 18),
                    NOW - timedelta(days=rng.uniform(0, 900)),
                    0,
                )

        copy(
            "comments",
            ["id", "idea_id", "author_id", "body", "created_at", "flag_count"],
            comment_rows(),
        )

        # The fund: 20 calls; call 1 is open with 150 applications in review and 3 reviewers.
        call_rows, criteria, committee, apps, lines, reviews, scores = [], [], [], [], [], [], []
        criterion_id = 0
        chair = 3
        for call_id in range(1, n_calls + 1):
            opens = NOW - timedelta(days=30 + 180 * (call_id - 1))
            closes = opens + timedelta(days=60)
            call_rows.append(
                (
                    call_id,
                    f"Innovationsfonden utlysning {call_id}",
                    text(rng, 50),
                    10_000_000,
                    0,
                    opens,
                    closes,
                    json.dumps(["new", "continuation", "implementation"]),
                    json.dumps(["prestudy", "pilot"]),
                    chair,
                    1,
                    opens,
                )
            )
            for pos, (name, weight) in enumerate(
                [("Nyhetsvärde", 3), ("Nytta för invånarna", 2), ("Genomförbarhet", 1)]
            ):
                criterion_id += 1
                criteria.append((criterion_id, call_id, pos, name, "", weight))
            for member in {chair, *committee_ids[1:4]}:
                committee.append((call_id, member))
        eligible = [r for r in idea_rows if r[8] in ("prestudy", "pilot")]
        reviewers = sorted({chair, *committee_ids[1:4]})
        review_id = 0
        for app_id in range(1, n_apps + 1):
            call_id = 1 if app_id <= 150 else rng.randint(2, n_calls)
            idea = rng.choice(eligible)
            amount = rng.randrange(50_000, 500_000, 1_000)
            state = (
                "in_review"
                if call_id == 1
                else rng.choice(["rejected", "withdrawn", "in_review", "submitted"])
            )
            apps.append(
                (
                    app_id,
                    call_id,
                    idea[0],
                    idea[12],
                    "new",
                    state,
                    amount,
                    text(rng, 30),
                    text(rng, 10),
                    text(rng, 10),
                    True,
                    False,
                    "",
                    False,
                    "",
                    "",
                    NOW,
                    NOW,
                    NOW,
                    0,
                    1,
                )
            )
            lines.append((app_id, app_id, 0, "Projektledning", amount))
            if call_id == 1:
                for reviewer in reviewers[:3]:
                    review_id += 1
                    reviews.append((review_id, app_id, reviewer, "", NOW, NOW))
                    for c in range(1, 4):
                        scores.append((review_id, c, rng.randint(1, 5), ""))
        copy(
            "fund_calls",
            [
                "id",
                "title",
                "text",
                "budget",
                "granted_total",
                "opens_at",
                "closes_at",
                "application_types",
                "eligible_states",
                "chair_id",
                "created_by_id",
                "created_at",
            ],
            call_rows,
        )
        copy(
            "fund_criteria",
            ["id", "call_id", "position", "name", "description", "weight"],
            criteria,
        )
        copy("fund_committee_members", ["call_id", "user_id"], committee)
        copy(
            "applications",
            [
                "id",
                "call_id",
                "idea_id",
                "applicant_id",
                "type",
                "state",
                "requested_amount",
                "plan",
                "milestones",
                "expected_value",
                "ip_working_time",
                "ip_third_party",
                "ip_third_party_details",
                "ip_commercialise",
                "ip_commercialise_details",
                "screening_comment",
                "created_at",
                "submitted_at",
                "updated_at",
                "paid_total",
                "version",
            ],
            apps,
        )
        copy(
            "application_budget_lines",
            ["id", "application_id", "position", "description", "amount"],
            lines,
        )
        copy(
            "reviews",
            ["id", "application_id", "reviewer_id", "comment", "created_at", "updated_at"],
            reviews,
        )
        copy("review_scores", ["review_id", "criterion_id", "score", "comment"], scores)

        # Counters in columns, as the application keeps them.
        cur.execute(
            "UPDATE ideas SET vote_count = v.n FROM (SELECT idea_id, count(*) n "
            "FROM votes GROUP BY idea_id) v WHERE v.idea_id = ideas.id"
        )
        cur.execute(
            "UPDATE ideas SET comment_count = c.n, last_activity_at = GREATEST("
            "last_activity_at, c.latest) FROM (SELECT idea_id, count(*) n, "
            "max(created_at) latest FROM comments GROUP BY idea_id) c "
            "WHERE c.idea_id = ideas.id"
        )
        for table in (
            "units",
            "users",
            "ideas",
            "comments",
            "gate_decisions",
            "fund_calls",
            "fund_criteria",
            "applications",
            "application_budget_lines",
            "reviews",
        ):
            cur.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT max(id) FROM {table}))"
            )
        conn.commit()
        conn.autocommit = True
        cur.execute("VACUUM ANALYZE")
        largest_unit = cur.execute(
            "SELECT unit_id, count(*) FROM ideas GROUP BY unit_id ORDER BY 2 DESC LIMIT 1"
        ).fetchone()[0]
        facts.update(
            units=n_units,
            users=n_users,
            ideas=n_ideas,
            votes=n_votes,
            comments=n_comments,
            calls=n_calls,
            applications=n_apps,
            gate_decisions=len(history),
            largest_unit=largest_unit,
            review_call=1,
            seconds=round(time.monotonic() - started, 1),
        )
    return facts


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("dsn")
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args()
    print(json.dumps(generate(args.dsn, args.scale)))
