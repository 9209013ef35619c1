"""iCalendar output, read back by icalendar and by an independent parser (vobject)."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import icalendar
import pytest
import vobject
from helpers import QUIET_START, STAMP, render, schedule
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis_profile import examples

from il2sched.export.vtimezone import build_vtimezone, parse_posix

ZONES = ["Europe/Paris", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe", "Europe/Dublin",
         "America/Sao_Paulo", "Pacific/Auckland", "UTC"]  # fmt: skip


def events(data: bytes) -> list[icalendar.Event]:
    return list(icalendar.Calendar.from_ical(data).walk("VEVENT"))


def test_calendar_header_and_one_event_per_administration() -> None:
    data = render("ics", schedule())
    cal = icalendar.Calendar.from_ical(data)
    assert cal["VERSION"] == "2.0" and cal["METHOD"] == "PUBLISH"
    assert str(cal["PRODID"]).startswith("-//il2sched//")
    assert "P" in str(cal["X-WR-CALNAME"]) and "NCT01840046" in str(cal["NAME"])
    assert len(events(data)) == 20
    assert b"\r\n" in data and data.count(b"\n") == data.count(b"\r\n")
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))


def test_all_day_events_are_dates_with_an_exclusive_end() -> None:
    sched = schedule()
    for admin, event in zip(sched.administrations, events(render("ics", sched)), strict=True):
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        assert type(start) is dt.date and start == admin.date
        assert end == admin.date + dt.timedelta(days=1)
        assert event.get("DTSTART").params.get("VALUE") == "DATE"


def test_summary_and_description_carry_drug_dose_cycle_day_and_route() -> None:
    first = events(render("ics", schedule()))[0]
    assert str(first["SUMMARY"]) == "aldesleukin 1.5 million units – cycle 1, day 1"
    text = str(first["DESCRIPTION"])
    for part in ["NCT01840046", "12-PP-05", "study day 1", "1,500,000 international units",
                 "subcutaneous", "Proleukin"]:  # fmt: skip
        assert part in text
    french = events(render("ics", schedule(), lang="fr"))[5]
    assert str(french["SUMMARY"]) == "aldesleukine 3 millions d'unités – cycle 2, jour 1"  # the French INN
    assert "sous-cutanée" in str(french["DESCRIPTION"])


def test_uids_are_stable_and_distinct_and_dtstamp_is_the_stamp_given() -> None:
    one, two = events(render("ics", schedule())), events(render("ics", schedule(time=dt.time(8))))
    assert [e["UID"] for e in one] == [e["UID"] for e in two]
    assert len({e["UID"] for e in one}) == 20
    other_patient = events(render("ics", schedule(patient="P-0002")))
    assert not {e["UID"] for e in one} & {e["UID"] for e in other_patient}
    assert {e.decoded("DTSTAMP") for e in one} == {STAMP}


def test_identical_inputs_give_identical_bytes() -> None:
    assert render("ics", schedule(time=dt.time(9)), reminders=(dt.timedelta(hours=1),)) == render(
        "ics", schedule(time=dt.time(9)), reminders=(dt.timedelta(hours=1),)
    )


def test_reminders_become_display_alarms() -> None:
    data = render("ics", schedule(), reminders=(dt.timedelta(minutes=30), dt.timedelta(days=1)))
    for event in events(data):
        alarms = event.walk("VALARM")
        assert [a.decoded("TRIGGER") for a in alarms] == [-dt.timedelta(minutes=30), -dt.timedelta(days=1)]
        assert {str(a["ACTION"]) for a in alarms} == {"DISPLAY"}
        assert all(str(a["DESCRIPTION"]) for a in alarms)


@pytest.mark.parametrize("zone", ZONES)
def test_timed_events_read_back_with_zone_in_two_parsers(zone: str) -> None:
    sched = schedule(time=dt.time(9, 15), tz=zone)
    data = render("ics", sched, duration=dt.timedelta(minutes=20))
    tz = zoneinfo.ZoneInfo(zone)
    expected = [dt.datetime.combine(a.date, a.time, tz) for a in sched.administrations]  # type: ignore[arg-type]
    ours = [e.decoded("DTSTART") for e in events(data)]
    assert [d.astimezone(dt.UTC) for d in ours] == [d.astimezone(dt.UTC) for d in expected]
    tzids = {e.get("DTSTART").params.get("TZID") for e in events(data)}
    assert tzids == ({None} if zone == "UTC" else {zone})  # UTC is written as "Z" times
    parsed = vobject.readOne(data.decode("utf-8"))
    starts = [v.dtstart.value for v in parsed.vevent_list]
    ends = [v.dtend.value for v in parsed.vevent_list]
    assert [s.astimezone(dt.UTC) for s in starts] == [d.astimezone(dt.UTC) for d in expected]
    assert all(e - s == dt.timedelta(minutes=20) for s, e in zip(starts, ends, strict=True))
    defined = [c["TZID"] for c in icalendar.Calendar.from_ical(data).walk("VTIMEZONE")]
    assert defined == ([] if zone == "UTC" else [zone])


def test_all_day_events_read_back_in_vobject() -> None:
    sched = schedule()
    parsed = vobject.readOne(render("ics", sched).decode("utf-8"))
    assert [v.dtstart.value for v in parsed.vevent_list] == [a.date for a in sched.administrations]
    assert next(v.summary.value for v in parsed.vevent_list).startswith("aldesleukin 1.5 million units")


@pytest.mark.parametrize("zone", ["Europe/Paris", "America/New_York", "Australia/Lord_Howe"])
def test_vtimezone_is_one_yearly_rule_per_observance_for_outlook(zone: str) -> None:
    vtz = icalendar.Timezone.from_ical(build_vtimezone(zone, [dt.datetime(2026, 4, 27, 9)]).to_ical())
    observances = vtz.walk("STANDARD") + vtz.walk("DAYLIGHT")
    assert len(observances) == 2
    assert all("RRULE" in o and "RDATE" not in o for o in observances)
    assert all(o["RRULE"]["FREQ"] == ["YEARLY"] for o in observances)


@settings(max_examples=examples(60), deadline=None)
@given(
    st.sampled_from(ZONES),
    st.datetimes(dt.datetime(2008, 1, 1), dt.datetime(2040, 12, 31)),
)
def test_vtimezone_agrees_with_zoneinfo_at_every_instant_it_covers(zone: str, local: dt.datetime) -> None:
    vtz = build_vtimezone(zone, [local])
    as_tz = vtz.to_tz()
    mine = local.replace(tzinfo=as_tz).utcoffset()
    truth = local.replace(tzinfo=zoneinfo.ZoneInfo(zone)).utcoffset()
    if local.replace(tzinfo=zoneinfo.ZoneInfo(zone), fold=1).utcoffset() != truth:
        return  # a wall time that happens twice or never: any reading is defensible
    assert mine == truth


def test_a_schedule_before_the_current_rule_falls_back_to_exact_transitions() -> None:
    # France had no summer time before 1976; the current rule would be wrong in 1975.
    vtz = build_vtimezone("Europe/Paris", [dt.datetime(1975, 6, 2, 9)])
    as_tz = vtz.to_tz()
    assert dt.datetime(1975, 6, 2, 9, tzinfo=as_tz).utcoffset() == dt.timedelta(hours=1)


def test_posix_rules_that_one_rrule_cannot_express_are_recognised() -> None:
    assert parse_posix("<-02>2<-01>,M3.5.0/-1,M10.5.0/0") is None
    paris = parse_posix("CET-1CEST,M3.5.0,M10.5.0/3")
    assert paris is not None and paris.std_offset == 3600 and paris.dst_offset == 7200


def test_skipped_doses_have_no_event_but_out_of_window_ones_do() -> None:
    from il2sched.core.schedule import Closure, Policy

    closed = {QUIET_START + dt.timedelta(days=4): Closure("closed", "Audit")}
    skip = schedule(closures=closed, policy=Policy.SKIP)
    assert len(events(render("ics", skip))) == 19
    shift = schedule(closures=closed, policy=Policy.SHIFT)
    evs = events(render("ics", shift))
    assert len(evs) == 20
    # At its planned date, tentative, its title beginning with the decision words.
    assert str(evs[4]["SUMMARY"]).startswith("Investigator to decide · aldesleukin")
    assert str(evs[4]["STATUS"]) == "TENTATIVE" and evs[4].decoded("DTSTART") == QUIET_START + dt.timedelta(4)
    private = events(render("ics", shift, private=True, lang="fr"))
    assert str(private[4]["SUMMARY"]) == "Rendez-vous hôpital de jour à confirmer"
    assert "investigat" not in str(private[4]["DESCRIPTION"]).lower()
