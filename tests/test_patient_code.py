"""``--patient PATIENT`` is a code like any other: a schedule without a code is ``None`` all the way down, and
the word the outputs show for it (PATIENT) is only a placeholder, never taken for "no code given"."""

from __future__ import annotations

import json

import icalendar
import pytest
from click.testing import Result
from helpers import run_cli_at_stamp

from il2sched.app.requests import GenerateRequest
from il2sched.core.schedule import NO_CODE_LABEL, Plan


def run(*args: str) -> Result:
    result = run_cli_at_stamp(*args)
    assert result.exit_code == 0, result.stderr
    return result


def events(*args: str) -> list[icalendar.Event]:
    return list(icalendar.Calendar.from_ical(run("generate", *args, "-f", "ics").stdout_bytes).walk("VEVENT"))


def test_no_code_is_none_not_a_code_someone_can_type() -> None:
    assert GenerateRequest.__dataclass_fields__["patient"].default is None
    assert Plan.__dataclass_fields__["patient"].default is None
    assert NO_CODE_LABEL == "PATIENT"  # what the outputs show without a code (unchanged, see samples)


@pytest.mark.parametrize("code", ["PATIENT", "P-7"])
def test_a_typed_code_is_in_every_title_even_patient(code: str) -> None:
    titles = [str(e["SUMMARY"]) for e in events("--start", "2026-04-27", "--patient", code)]
    # The code first, after the words of a dose that needs a person (a public holiday's check).
    check = "Holiday: give only if the unit is open · "
    assert titles and all(t.removeprefix(check).startswith(f"{code} · ") for t in titles)
    assert not any(str(e["SUMMARY"]).startswith("PATIENT") for e in events("--start", "2026-04-27"))


def test_a_typed_patient_code_keeps_its_uids_when_the_start_moves_like_any_code() -> None:
    for code in ("PATIENT", "P-7"):
        first = [str(e["UID"]) for e in events("--start", "2026-04-27", "--patient", code)]
        moved = [str(e["UID"]) for e in events("--start", "2026-05-04", "--patient", code)]
        assert first == moved, code  # a corrected start moves the patient's events
    without = [str(e["UID"]) for e in events("--start", "2026-04-27")]
    typed = [str(e["UID"]) for e in events("--start", "2026-04-27", "--patient", "PATIENT")]
    assert set(without).isdisjoint(typed)


def test_notes_name_a_typed_patient_code() -> None:
    coded = run("generate", "--start", "2026-04-27", "--patient", "PATIENT", "-f", "csv").stderr
    assert "il2sched: note: PATIENT: cycle 1 day 5" in coded
    assert "il2sched: note: cycle 1 day 5" in run("generate", "--start", "2026-04-27", "-f", "csv").stderr


def test_fhir_ids_of_a_typed_patient_code_do_not_depend_on_the_start() -> None:
    def ids(*args: str) -> set[str]:
        bundle = json.loads(run("generate", *args, "-f", "fhir").stdout)
        return {e["resource"]["id"] for e in bundle["entry"]}

    typed = ("--patient", "PATIENT")
    assert ids("--start", "2026-04-27", *typed) == ids("--start", "2026-05-04", *typed)
    assert ids("--start", "2026-04-27").isdisjoint(ids("--start", "2026-04-27", *typed))
