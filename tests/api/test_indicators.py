"""The ILS indicators: a stable schema, open without sign-in, as JSON and CSV."""

import csv
import io

from ideasluss.followup.accounts import current_year

# The schema's codes, in order. Changing this list breaks the city's ILS import: add at the end.
CODES = [
    "IDE_INKOMNA",
    "IDE_GODKANDA",
    "IDE_FORSTUDIE_STARTADE",
    "IDE_PILOT_STARTADE",
    "IDE_INFORANDE_STARTADE",
    "IDE_INFORDA",
    "IDE_SPRIDDA",
    "IDE_VID_ARETS_SLUT_UTKAST",
    "IDE_VID_ARETS_SLUT_INSKICKAD",
    "IDE_VID_ARETS_SLUT_IDE",
    "IDE_VID_ARETS_SLUT_FORSTUDIE",
    "IDE_VID_ARETS_SLUT_PILOT",
    "IDE_VID_ARETS_SLUT_INFORANDE",
    "IDE_VID_ARETS_SLUT_INFORD",
    "IDE_VID_ARETS_SLUT_PARKERAD",
    "IDE_VID_ARETS_SLUT_AVSLUTAD",
    "IDE_VID_ARETS_SLUT_SAMMANSLAGEN",
    "IDE_VID_ARETS_SLUT_ATERTAGEN",
    "LEDTID_INSKICKAD_MEDIAN_DAGAR",
    "LEDTID_INSKICKAD_P90_DAGAR",
    "LEDTID_IDE_MEDIAN_DAGAR",
    "LEDTID_IDE_P90_DAGAR",
    "LEDTID_FORSTUDIE_MEDIAN_DAGAR",
    "LEDTID_FORSTUDIE_P90_DAGAR",
    "LEDTID_PILOT_MEDIAN_DAGAR",
    "LEDTID_PILOT_P90_DAGAR",
    "LEDTID_INFORANDE_MEDIAN_DAGAR",
    "LEDTID_INFORANDE_P90_DAGAR",
    "FOND_SOKT_SEK",
    "FOND_BEVILJAT_SEK",
    "FOND_UTBETALT_SEK",
    "IDEGIVARE_INVANARE",
    "IDEGIVARE_MEDARBETARE",
    "ROSTANDE_INVANARE",
    "ROSTANDE_MEDARBETARE",
    "KOMMENTERANDE_INVANARE",
    "KOMMENTERANDE_MEDARBETARE",
    "DELTAGARE_INVANARE",
    "DELTAGARE_MEDARBETARE",
]


def test_unit_indicators_as_json(client, ledger):
    response = client.get(f"/api/v1/indicators?year=2025&unit={ledger.unit_a.id}")
    assert response.status_code == 200  # no sign-in: aggregates only
    data = response.json
    org = {"id": ledger.unit_a.id, "name": "Enhet A"}
    assert data["schema_version"] == "1"
    assert data["year"] == 2025 and data["organisational_unit"] == org
    rows = data["indicators"]
    assert [r["code"] for r in rows] == CODES
    for row in rows:
        assert set(row) == {
            "code",
            "name",
            "value",
            "unit_of_measure",
            "year",
            "organisational_unit",
        }
        assert row["year"] == 2025 and row["organisational_unit"] == org
    values = {r["code"]: r["value"] for r in rows}
    assert values["IDE_INKOMNA"] == 5
    assert values["IDE_GODKANDA"] == 4
    assert values["IDE_INFORDA"] == 1
    assert values["IDE_SPRIDDA"] == 1
    assert values["IDE_VID_ARETS_SLUT_IDE"] == 2
    assert values["LEDTID_INSKICKAD_MEDIAN_DAGAR"] == 6.0
    assert values["LEDTID_INSKICKAD_P90_DAGAR"] == 9.2
    assert values["LEDTID_FORSTUDIE_P90_DAGAR"] == 28.0
    assert values["FOND_SOKT_SEK"] == 150_000
    assert values["FOND_BEVILJAT_SEK"] == 80_000
    assert values["FOND_UTBETALT_SEK"] == 60_000
    assert values["DELTAGARE_INVANARE"] == 3
    assert values["DELTAGARE_MEDARBETARE"] == 4
    named = {r["code"]: (r["name"], r["unit_of_measure"]) for r in rows}
    assert named["IDE_INKOMNA"] == ("Inkomna idéer", "antal")
    assert named["LEDTID_FORSTUDIE_MEDIAN_DAGAR"] == ("Ledtid i steget Förstudie, median", "dagar")
    assert named["FOND_BEVILJAT_SEK"] == ("Beviljat ur innovationsfonden", "kronor")
    assert named["DELTAGARE_INVANARE"][1] == "personer"


def test_city_wide_indicators_as_csv(client, ledger):
    response = client.get("/api/v1/indicators?year=2025&format=csv")
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0] == [
        "code",
        "name",
        "value",
        "unit_of_measure",
        "year",
        "organisational_unit_id",
        "organisational_unit_name",
    ]
    assert [r[0] for r in rows[1:]] == CODES
    assert rows[1] == ["IDE_INKOMNA", "Inkomna idéer", "6", "antal", "2025", "", "Stockholms stad"]
    by_code = {r[0]: r for r in rows[1:]}
    assert by_code["LEDTID_INSKICKAD_P90_DAGAR"][2] == "9.0"
    assert by_code["LEDTID_PILOT_MEDIAN_DAGAR"][2] == "30.0"


def test_a_stage_without_stays_has_no_value(client, ledger):
    rows = client.get(f"/api/v1/indicators?year=2025&unit={ledger.unit_b.id}").json["indicators"]
    values = {r["code"]: r["value"] for r in rows}
    assert values["LEDTID_IDE_MEDIAN_DAGAR"] is None


def test_the_year_defaults_to_this_year(client, ledger):
    data = client.get("/api/v1/indicators").json
    assert data["year"] == current_year()
    assert data["organisational_unit"] == {"id": None, "name": "Stockholms stad"}


def test_bad_questions(client, ledger):
    assert client.get("/api/v1/indicators?year=1999").status_code == 400
    assert client.get(f"/api/v1/indicators?year={current_year() + 1}").status_code == 400
    assert client.get("/api/v1/indicators?format=xml").status_code == 400
    missing = client.get("/api/v1/indicators?unit=999999")
    assert missing.status_code == 404 and missing.json["error"]["code"] == "not_found"
