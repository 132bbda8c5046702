"""Loads the demo data set into an empty database."""

from sqlalchemy import func, select

from ..accounts.models import Unit, User
from ..extensions import db

DEMO_PASSWORD = "idesluss-demo"  # noqa: S105 (published demo password)

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

# (e-mail, name, roles, unit)
ACCOUNTS = [
    ("invanare@example.se", "Ines Invånare", {"resident"}, None),
    ("medarbetare@example.se", "Mats Medarbetare", {"employee"}, "Äldreförvaltningen"),
    ("coach@example.se", "Cecilia Coach", {"employee", "coach"}, "Stadsledningskontoret"),
    ("kommitte@example.se", "Kerstin Kommitté", {"employee", "committee"}, "Socialförvaltningen"),
    ("admin@example.se", "Anders Admin", {"employee", "admin"}, "Stadsledningskontoret"),
]


def is_empty():
    return not db.session.scalar(select(func.count()).select_from(User))


def load():
    """Create units and one account per role, all with the demo password."""
    units = {}
    for kind, names in UNITS.items():
        for name in names:
            units[name] = Unit(name=name, kind=kind)
            db.session.add(units[name])
    for email, name, roles, unit in ACCOUNTS:
        user = User(email=email, display_name=name, unit=units.get(unit))
        user.set_password(DEMO_PASSWORD)
        user.set_roles(roles)
        db.session.add(user)
    db.session.flush()
    return units
