"""Doses per m² and per kg: exact arithmetic, plausible inputs, one-line errors, and the basis shown."""

from __future__ import annotations

import json
import math
from decimal import Decimal
from pathlib import Path

import pytest
from helpers import one_line_error
from helpers import run_cli as run
from hypothesis import given
from hypothesis import strategies as st

from il2sched.core.dosing import PER_KG, DoseRule, body_size, mosteller, resolve
from il2sched.core.parsing import parse_bsa, parse_height, parse_weight
from il2sched.errors import InvalidValue, ScheduleError

BSA_FIXTURE = str(Path(__file__).resolve().parent.parent / "samples" / "regimens" / "bsa-daily.toml")
START = ["generate", "--start", "2026-06-03", "--no-holidays"]

PER_KG_REGIMEN = """
[regimen]
id = "per-kg"
title = "Per kg"
trial_id = "T-KG"
drug = "aldesleukin"
route = "subcutaneous"
dose_unit = "international units"

[[phase]]
name = "loading"
pattern = "daily"
count = 3
dose_iu_per_kg = 20_000
round_to_iu = 50_000
max_dose_iu = 1_500_000
"""


heights = st.integers(300, 2500).map(lambda n: Decimal(n) / 10)
weights = st.integers(100, 4000).map(lambda n: Decimal(n) / 10)


@given(heights, weights)
def test_mosteller_is_the_correctly_rounded_square_root(height: Decimal, weight: Decimal) -> None:
    bsa = mosteller(height, weight)
    assert bsa == bsa.quantize(Decimal("0.01"))
    square = height * weight / 3600
    # Exact: the true root lies within half a hundredth, ties going up.
    assert (bsa - Decimal("0.005")) ** 2 <= square < (bsa + Decimal("0.005")) ** 2
    assert abs(float(bsa) - math.sqrt(float(height) * float(weight) / 3600)) <= 0.005 + 1e-9


def test_mosteller_worked_example() -> None:
    assert mosteller(Decimal(170), Decimal(70)) == Decimal("1.82")  # √(11900 / 3600) = 1.8181
    assert mosteller(Decimal(180), Decimal(80)) == Decimal("2.00")  # √4 exactly


@pytest.mark.parametrize(
    ("parser", "good", "bad"),
    [
        (parse_bsa, {"0.2": "0.2", "1,73": "1.73", "3.5": "3.5"}, ["0.19", "3.51", "1.734", ""]),
        (parse_weight, {"1": "1", "72.5": "72.5", "400": "400"}, ["0.9", "400.01", "-3", "72kg"]),
        (parse_height, {"30": "30", "172": "172", "250": "250"}, ["29.99", "251", "1e2"]),
    ],
)  # fmt: skip
def test_body_measures_are_plausible_and_exact(parser: object, good: dict[str, str], bad: list[str]) -> None:
    for text, value in good.items():
        assert parser(text) == Decimal(value)  # type: ignore[operator]
    for text in bad:
        with pytest.raises(InvalidValue):
            parser(text)  # type: ignore[operator]


def test_body_size_combinations() -> None:
    assert body_size() is None
    both = body_size(height=Decimal(170), weight=Decimal(70))
    assert both is not None and both.bsa_m2 == Decimal("1.82") and both.mosteller
    with pytest.raises(InvalidValue, match="--height needs --weight"):
        body_size(height=Decimal(170))
    with pytest.raises(InvalidValue, match="not both"):
        body_size(bsa=Decimal("1.7"), height=Decimal(170), weight=Decimal(70))
    with pytest.raises(InvalidValue, match=r"Mosteller.*implausible"):
        body_size(height=Decimal(30), weight=Decimal(1))  # √(30 / 3600) = 0.09 m²
    weight_only = body_size(weight=Decimal("72.5"))
    assert weight_only is not None and weight_only.bsa_m2 is None


def test_rounding_goes_to_the_nearest_step_halves_up_then_the_cap() -> None:
    rule = DoseRule(20_000, PER_KG, 50_000, 1_500_000)
    for weight, exact, dose in [("72.5", 1_450_000, 1_450_000), ("73.7", 1_474_000, 1_450_000),
                                ("73.75", 1_475_000, 1_500_000), ("100", 2_000_000, 1_500_000)]:  # fmt: skip
        got = resolve(rule, body_size(weight=Decimal(weight)), "r")
        assert (got.exact, got.iu) == (exact, dose)
    assert resolve(rule, body_size(weight=Decimal(100)), "r").capped
    with pytest.raises(ScheduleError, match="rounds to 0 units"):
        resolve(DoseRule(10_000, "m2", 100_000), body_size(bsa=Decimal("0.2")), "r")


def test_a_body_size_dose_without_the_input_is_one_line_naming_the_option(tmp_path: Path) -> None:
    one_line_error(
        run(*START, "--regimen", BSA_FIXTURE), "per m²", "--bsa M2", "--height CM with --weight KG"
    )
    per_kg = tmp_path / "kg.toml"
    per_kg.write_text(PER_KG_REGIMEN, encoding="utf-8")
    one_line_error(run(*START, "--regimen", str(per_kg)), "per kg", "--weight KG")
    one_line_error(run(*START, "--regimen", str(per_kg), "--bsa", "1.8"), "--weight KG")
    one_line_error(run(*START, "--regimen", BSA_FIXTURE, "--height", "170"), "--height needs --weight")
    one_line_error(run(*START, "--regimen", BSA_FIXTURE, "--bsa", "4"), "--bsa", "0.2 to 3.5 m²")
    one_line_error(run(*START, "--regimen", BSA_FIXTURE, "--weight", "500"), "--weight", "1 to 400 kg")
    one_line_error(run(*START, "--regimen", BSA_FIXTURE, "--height", "20", "--weight", "9"), "30 to 250 cm")


def test_the_table_fhir_and_json_show_the_basis() -> None:
    table = run(*START, "--regimen", BSA_FIXTURE, "--bsa", "1.73")
    assert table.exit_code == 0, table.output
    basis = (
        "1 million units/m² × 1.73 m² = 1.73 million units, rounded to the nearest 100,000 units: "
        "1.7 million units"
    )
    assert f"Dose basis: {basis}" in table.stdout
    assert "Body surface area: 1.73 m²" in table.stdout
    assert (
        table.stdout.count("1.7 million units") >= 5
        and "Total: 5 administrations, 8.5 million units" in table.stdout
    )
    fhir = json.loads(run(*START, "--regimen", BSA_FIXTURE, "--bsa", "1.73", "-f", "fhir").stdout)
    request = fhir["entry"][1]["resource"]
    assert basis in request["dosageInstruction"][0]["text"]
    assert request["dosageInstruction"][0]["doseAndRate"][0]["doseQuantity"]["value"] == 1_700_000
    doc = json.loads(
        run(*START, "--regimen", BSA_FIXTURE, "--height", "170", "--weight", "70", "-f", "json").stdout
    )
    assert doc["body_size"] == {"bsa_m2": 1.82, "bsa_formula": "mosteller", "height_cm": 170, "weight_kg": 70}
    assert doc["dose_basis"][0]["dose_iu"] == 1_800_000 and doc["totals"]["dose_iu"] == 9_000_000
    french = run(*START, "--regimen", BSA_FIXTURE, "--height", "170", "--weight", "70", "--lang", "fr").stdout
    assert "Surface corporelle\u202f: 1,82 m² (Mosteller\u202f: √(170 cm × 70 kg / 3600))" in french
    assert "arrondi à 100 000 unités près : 1,8 million d'unités" in french.replace("\u202f", " ")


def test_per_kg_doses_cap_and_say_so(tmp_path: Path) -> None:
    per_kg = tmp_path / "kg.toml"
    per_kg.write_text(PER_KG_REGIMEN, encoding="utf-8")
    out = run(*START, "--regimen", str(per_kg), "--weight", "100")
    assert out.exit_code == 0, out.output
    assert "Weight: 100 kg" in out.stdout
    assert "20,000 units/kg × 100 kg = 2 million units, capped at 1.5 million units" in out.stdout
    assert "Cycle 1 · loading · study days 1 to 3 · 1.5 million units per day" in out.stdout


def test_a_body_size_for_a_fixed_dose_regimen_is_noted_not_used() -> None:
    out = run("generate", "--start", "2026-01-05", "--bsa", "1.8")
    assert out.exit_code == 0
    assert (
        "il2sched: note: the body size given is not used: regimen nct01840046's doses are fixed" in out.stderr
    )
    assert "m²" not in out.stdout


def test_roster_rows_carry_their_own_body_size(tmp_path: Path) -> None:
    roster = tmp_path / "ward.csv"
    roster.write_text(
        "patient,start,regimen,bsa,height,weight\n"
        f"B-1,2026-06-03,{BSA_FIXTURE},1.73,,\n"
        f"B-2,2026-06-04,{BSA_FIXTURE},,170,70\n"
        "B-3,2026-06-01,,,,\n",
        encoding="utf-8",
    )
    out = run("worklist", str(roster), "--from", "2026-06-04", "--days", "1", "--no-holidays", "-f", "csv")
    assert out.exit_code == 0, out.output
    doses = {line.split(",")[0]: line.split(",")[7] for line in out.stdout.splitlines()[1:]}
    assert doses == {"B-1": "1700000", "B-2": "1800000", "B-3": "1500000"}
    bad = tmp_path / "bad.csv"
    bad.write_text(
        f"patient,start,regimen,height\nB-1,2026-06-03,{BSA_FIXTURE},170\nB-2,2026-06-03,{BSA_FIXTURE},\n"
    )
    result = run("worklist", str(bad), "--from", "2026-06-04")
    assert result.exit_code == 2
    assert "bad.csv line 2: --height needs --weight" in result.stderr
    assert (
        "bad.csv line 3: regimen bsa-daily doses per m²" in result.stderr
        and "roster columns bsa" in result.stderr
    )


def _pdf_text(data: bytes) -> str:
    import io
    import re

    import pypdf

    text = " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)
    return re.sub(r"\s+", " ", text.replace("\u202f", " ").replace("\xa0", " "))


@pytest.mark.parametrize("fmt", ["pdf", "html"])
def test_the_printed_sheet_shows_the_body_size_and_the_arithmetic(fmt: str, tmp_path: Path) -> None:
    import html
    import re

    target = tmp_path / f"sheet.{fmt}"
    args = [
        *START,
        "--regimen",
        BSA_FIXTURE,
        "--height",
        "170",
        "--weight",
        "70",
        "--lang",
        "fr",
        "-o",
        str(target),
    ]
    result = run(*args)
    assert result.exit_code == 0, result.output
    data = target.read_bytes()
    if fmt == "pdf":
        text = _pdf_text(data)
    else:
        text = re.sub(
            r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", data.decode("utf-8"))).replace("\u202f", " ")
        )
    assert "Calcul de la dose" in text
    for part in ("Surface corporelle : 1,82 m² (Mosteller : √(170 cm × 70 kg / 3600))",
                 "1 million d'unités/m² × 1,82 m² = 1,82 million d'unités",
                 "arrondi à 100 000 unités près : 1,8 million d'unités"):  # fmt: skip
        assert part in text, part


def test_a_fixed_dose_sheet_has_no_dose_basis(tmp_path: Path) -> None:
    target = tmp_path / "sheet.pdf"
    assert run("generate", "--start", "2026-01-05", "-o", str(target)).exit_code == 0
    assert "Dose basis" not in _pdf_text(target.read_bytes())
