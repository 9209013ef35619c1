"""Calendars never merge or mix up patients: UIDs per patient and schedule, the patient in every shared title,
neutral titles with --private."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import icalendar
import pytest
from click.testing import Result
from helpers import STAMP, render, schedule
from helpers import run_cli_at_stamp as run

from il2sched.app.publish import planned_objects
from il2sched.core.options import RenderOptions
from il2sched.export.ics import event_uid
from il2sched.sources.locale import texts_for


def uids(data: bytes) -> list[str]:
    return [str(e["UID"]) for e in icalendar.Calendar.from_ical(data).walk("VEVENT")]


#: The words of a dose on a public holiday (flagged by default): given only if the unit is open.
CHECK = "Holiday: give only if the unit is open"


def summaries(data: bytes) -> list[str]:
    return [str(e["SUMMARY"]) for e in icalendar.Calendar.from_ical(data).walk("VEVENT")]


# --- UIDs ---


def test_two_calendars_without_a_patient_code_share_no_uid() -> None:
    first = run("generate", "--start", "2026-01-05", "-f", "ics")
    second = run("generate", "--start", "2026-01-12", "-f", "ics")
    assert first.exit_code == second.exit_code == 0
    assert len(set(uids(first.stdout_bytes))) == 20
    assert set(uids(first.stdout_bytes)).isdisjoint(uids(second.stdout_bytes))


def test_a_regenerated_calendar_keeps_its_uids(tmp_path: Path) -> None:
    target = tmp_path / "c.ics"
    for extra in ([], ["--delay", "3:1"], ["--time", "09:00"], ["--on-holiday", "shift", "--lang", "fr"]):
        before = target.read_bytes() if target.exists() else None
        assert run("generate", "--start", "2026-04-27", *extra, "-o", str(target)).exit_code == 0
        if before is not None:
            assert uids(target.read_bytes()) == uids(before), extra
    coded = [run("generate", "--start", s, "--patient", "P-7", "-f", "ics").stdout_bytes
             for s in ("2026-04-27", "2026-05-04")]  # fmt: skip
    assert uids(coded[0]) == uids(coded[1])  # a corrected start date moves the patient's events


def test_uids_differ_between_patients_regimens_and_default_schedules() -> None:
    seen: set[str] = set()
    for sched in (
        schedule(),
        schedule(dt.date(2026, 1, 12)),
        schedule(patient="P-1"),
        schedule(patient="P-2"),
    ):
        mine = {event_uid(sched, a) for a in sched.administrations}
        assert len(mine) == 20 and mine.isdisjoint(seen)
        seen |= mine


def test_fhir_ids_of_default_schedules_differ_too() -> None:
    def ids(start: str) -> set[str]:
        bundle = json.loads(run("generate", "--start", start, "-f", "fhir").stdout)
        return {e["resource"]["id"] for e in bundle["entry"]}

    assert ids("2026-01-05").isdisjoint(ids("2026-01-12"))


# --- the patient in every shared title ---


def _ward(tmp_path: Path, *extra: str) -> tuple[Path, Result]:
    roster = tmp_path / "ward.csv"
    roster.write_text(
        "patient,start,time,lang\nP-014,2026-04-27,09:00,fr\nP-015,2026-04-27,,\nP-016,2026-05-04,10:00,\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    return out, run("batch", str(roster), "-d", str(out), "-f", "ics", *extra)


def test_every_ward_event_starts_with_its_patient(tmp_path: Path) -> None:
    out, result = _ward(tmp_path)
    assert result.exit_code == 0, result.output
    cal = icalendar.Calendar.from_ical((out / "ward.ics").read_bytes())
    events = cal.walk("VEVENT")
    assert len(events) == 60
    for event in events:
        patient = str(event["DESCRIPTION"]).split("Patient: ")[1][:5]
        # A dose that needs a person begins with what it needs; the code comes next, before anything else.
        title = str(event["SUMMARY"]).removeprefix(f"{CHECK} · ")
        assert title.startswith(f"{patient} · aldesleukin "), event["SUMMARY"]
        assert (title == str(event["SUMMARY"])) == (str(event["STATUS"]) == "CONFIRMED")
        reminders = (str(a["DESCRIPTION"]).removeprefix("Reminder: ") for a in event.walk("VALARM"))
        assert all(r.removeprefix(f"{CHECK} · ").startswith(f"{patient} · ") for r in reminders)
    # Two patients' doses on the same day never look like duplicates.
    same_day = [str(e["SUMMARY"]) for e in events if e.decoded("DTSTART").isoformat()[:10] == "2026-04-27"]
    assert sorted(same_day) == [
        "P-014 · aldesleukin 1.5 million units – cycle 1, day 1",
        "P-015 · aldesleukin 1.5 million units – cycle 1, day 1",
    ]
    # Each patient's own calendar names the patient the same way, in the patient's language.
    own = summaries((out / "P-014.ics").read_bytes())
    assert own[0] == "P-014 · aldesleukine 1,5 million d'unités – cycle 1, jour 1"  # the French INN
    # Its events are the ward's, byte for byte, when the languages agree (rendered once for both).
    ward = (out / "ward.ics").read_bytes()
    for name in ("P-015", "P-016"):
        events = (out / f"{name}.ics").read_bytes().split(b"BEGIN:VEVENT\r\n")[1:]
        assert len(events) == 20 and all(
            b"BEGIN:VEVENT\r\n" + e.split(b"END:VCALENDAR")[0] in ward for e in events
        )


def test_published_events_start_with_their_patient() -> None:
    options = RenderOptions(texts=texts_for("en", use_cache=False), stamp=STAMP)
    planned = planned_objects([schedule(patient="P-014"), schedule(patient="P-015")], options)
    for item in planned:
        event = icalendar.Calendar.from_ical(item.ical).walk("VEVENT")[0]
        assert str(event["SUMMARY"]).startswith(f"{item.patient} · aldesleukin ")


def test_a_published_objects_digest_leaves_out_only_the_runs_stamp_and_sequence() -> None:
    """The digest tells an unchanged dose from a changed one on the server: it must stay what earlier versions
    computed (the object's lines without DTSTAMP, SEQUENCE and the digest itself), or every object there
    would be rewritten once after an upgrade."""
    options = RenderOptions(texts=texts_for("fr", use_cache=False), stamp=STAMP)
    planned = planned_objects([schedule(patient="P-014", time=dt.time(9), delays={2: 1})], options)
    for item in planned:
        lines = item.ical.encode().split(b"\r\n")
        kept = [
            line for line in lines if not line.startswith((b"DTSTAMP", b"SEQUENCE", b"X-IL2SCHED-DIGEST"))
        ]
        assert hashlib.sha256(b"\r\n".join(kept)).hexdigest()[:32] == item.digest
        assert f"X-IL2SCHED-DIGEST:{item.digest}\r\n" in item.ical
        assert f"SEQUENCE:{item.sequence}\r\n" in item.ical
        later = item.with_sequence(item.sequence + 3)
        changed = [(a, b) for a, b in zip(lines, later.ical.encode().split(b"\r\n"), strict=True) if a != b]
        assert changed == [(f"SEQUENCE:{item.sequence}".encode(), f"SEQUENCE:{item.sequence + 3}".encode())]
    assert {item.sequence for item in planned} == {0, 7}  # cycle 2 one week late: seven days away


# --- --private: neutral titles ---


@pytest.mark.parametrize(
    ("lang", "title"), [("en", "Hospital appointment"), ("fr", "Rendez-vous hôpital de jour")]
)
def test_private_calendars_name_no_drug_and_no_dose(lang: str, title: str) -> None:
    result = run(
        "generate", "--start", "2026-04-27", "--private", "--lang", lang, "--remind", "1h", "-f", "ics"
    )
    assert result.exit_code == 0, result.output
    cal = icalendar.Calendar.from_ical(result.stdout_bytes)
    events = cal.walk("VEVENT")
    # A public holiday's dose: neutral words that still say it is to be confirmed.
    assert {str(e["SUMMARY"]) for e in events} == {
        title,
        f"{title} {'to confirm' if lang == 'en' else 'à confirmer'}",
    }
    text = result.stdout_bytes.decode().replace("\r\n ", "").lower()
    for secret in ("aldesleukin", "proleukin", "million", "unit", "nct01840046", "12-pp-05", "interleukin"):
        assert secret not in text, secret
    assert str(cal["X-WR-CALNAME"]) in ("Hospital appointments", "Rendez-vous hôpital de jour")


def test_private_ward_events_still_name_the_patient(tmp_path: Path) -> None:
    out, result = _ward(tmp_path, "--private")
    assert result.exit_code == 0, result.output
    ward = (out / "ward.ics").read_bytes()
    assert {s.split(" · ")[1] for s in summaries(ward)} == {
        "Hospital appointment",
        "Hospital appointment to confirm",
    }
    assert {s.split(" · ")[0] for s in summaries(ward)} == {"P-014", "P-015", "P-016"}
    assert b"aldesleukin" not in ward and b"NCT01840046" not in ward.replace(b"\r\n ", b"")
    assert summaries((out / "P-014.ics").read_bytes())[0] == "Rendez-vous hôpital de jour"


def test_private_does_not_change_staff_documents() -> None:
    plain = run("generate", "--start", "2026-04-27", "-f", "csv").stdout
    assert run("generate", "--start", "2026-04-27", "-f", "csv", "--private").stdout == plain


def test_private_shared_and_plain_titles_of_one_schedule() -> None:
    coded = "P-9 · aldesleukin 1.5 million units – cycle 1, day 1"
    sched = schedule(patient="P-9")
    assert summaries(render("ics", sched))[0] == summaries(render("ics", sched, shared=True))[0] == coded
    assert summaries(render("ics", schedule()))[0] == "aldesleukin 1.5 million units – cycle 1, day 1"
    assert summaries(render("ics", sched, private=True))[0] == "Hospital appointment"
    assert summaries(render("ics", sched, shared=True, private=True))[0] == "P-9 · Hospital appointment"
