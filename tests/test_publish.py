"""CalDAV publishing against a real Radicale server: create, republish after changes, dry run, errors."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import caldav
import icalendar
import pytest
from click.testing import Result
from helpers import QUIET_START, STAMP, run_cli, schedule
from radicale_server import OTHER_PASSWORD, OTHER_USER, Server, radicale

from il2sched.app.publish import Report, planned_objects, sync
from il2sched.core.options import RenderOptions
from il2sched.core.schedule import Closure, Policy, Schedule
from il2sched.errors import PublishError
from il2sched.export.ics import event_uid
from il2sched.sources.caldav import Target
from il2sched.sources.locale import texts_for

pytestmark = pytest.mark.slow  # a real Radicale server

OPTIONS = RenderOptions(
    texts=texts_for("en", use_cache=False), stamp=STAMP, reminders=(dt.timedelta(hours=1),)
)
LATER = RenderOptions(texts=OPTIONS.texts, stamp=STAMP + dt.timedelta(days=3), reminders=OPTIONS.reminders)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with radicale(tmp_path_factory.mktemp("radicale")) as running:
        yield running


def publish(
    schedules: list[Schedule],
    options: RenderOptions,
    where: Target,
    *,
    dry_run: bool = False,
    per_patient: dict[str, RenderOptions] | None = None,
) -> Report:
    """Publish ``schedules`` as the publish command does, once they are built."""
    planned = planned_objects(schedules, options, per_patient)
    return sync(planned, list(dict.fromkeys(s.plan.patient for s in schedules)), where, dry_run=dry_run)


def target(server: Server, name: str, password: str | None = None) -> Target:
    return Target(server.url, name, server.user, server.password if password is None else password)


def timed(patient: str = "P-0001", **plan: Any) -> Schedule:
    return schedule(QUIET_START, patient=patient, time=dt.time(9), tz="Europe/Paris", **plan)


def calendar_of(server: Server, name: str) -> Any:
    client = caldav.DAVClient(url=server.url, username=server.user, password=server.password)
    matches = [c for c in client.principal().calendars() if c.get_display_name() == name]
    assert len(matches) == 1, f"{len(matches)} calendars named {name!r}"
    return matches[0]


def read_back(server: Server, name: str) -> dict[str, icalendar.Calendar]:
    """UID -> the calendar object's parsed text; fails on a UID stored twice."""
    out: dict[str, icalendar.Calendar] = {}
    for resource in calendar_of(server, name).events():
        cal = icalendar.Calendar.from_ical(resource.data)
        (event,) = cal.walk("VEVENT")
        uid = str(event["UID"])
        assert uid not in out, f"UID {uid} stored twice"
        out[uid] = cal
    return out


def raw(server: Server, name: str) -> dict[str, str]:
    return {str(r.url): str(r.data) for r in calendar_of(server, name).events()}


def start_of(cal: icalendar.Calendar) -> dt.datetime:
    (event,) = cal.walk("VEVENT")
    start: dt.datetime = event.decoded("DTSTART")
    return start


def test_first_publish_creates_the_calendar_and_one_object_per_dose(server: Server) -> None:
    sched = timed()
    report = publish([sched], OPTIONS, target(server, "Ward A"))
    assert report.calendar_created and report.counts() == {
        "create": 20,
        "update": 0,
        "delete": 0,
        "unchanged": 0,
    }
    stored = read_back(server, "Ward A")
    assert set(stored) == {event_uid(sched, a) for a in sched.given}
    for admin in sched.given:
        cal = stored[event_uid(sched, admin)]
        assert [c.name for c in cal.subcomponents] == ["VTIMEZONE", "VEVENT"]
        assert "METHOD" not in cal  # RFC 4791: no METHOD in a calendar collection's objects
        (event,) = cal.walk("VEVENT")
        assert start_of(cal) == dt.datetime.combine(admin.date, dt.time(9), start_of(cal).tzinfo)
        assert str(start_of(cal).tzinfo) == "Europe/Paris"
        assert (
            str(event["X-IL2SCHED-PATIENT"]) == "P-0001" and str(event["X-IL2SCHED-REGIMEN"]) == "nct01840046"
        )
        assert [a.decoded("TRIGGER") for a in event.walk("VALARM")] == [-dt.timedelta(hours=1)]
        assert "1.5 million units" in str(event["SUMMARY"]) or "3 million units" in str(event["SUMMARY"])


def test_republishing_the_same_schedule_changes_nothing_even_on_another_day(server: Server) -> None:
    publish([timed()], OPTIONS, target(server, "Ward B"))
    before = raw(server, "Ward B")
    report = publish([timed()], LATER, target(server, "Ward B"))
    assert report.counts() == {"create": 0, "update": 0, "delete": 0, "unchanged": 20}
    assert not report.calendar_created
    assert raw(server, "Ward B") == before


def test_a_delayed_cycle_moves_its_events_without_duplicates(server: Server) -> None:
    publish([timed()], OPTIONS, target(server, "Ward C"))
    delayed = timed(delays={3: 1})
    report = publish([delayed], LATER, target(server, "Ward C"))
    assert report.counts() == {"create": 0, "update": 10, "delete": 0, "unchanged": 10}
    assert any("(was 2026-02-09)" in line for line in report.lines())
    stored = read_back(server, "Ward C")
    assert len(stored) == 20
    for admin in delayed.given:
        cal = stored[event_uid(delayed, admin)]
        assert start_of(cal).date() == admin.date
        (event,) = cal.walk("VEVENT")
        assert int(event["SEQUENCE"]) == (7 if admin.cycle >= 3 else 0)  # a week later: a higher SEQUENCE


def test_skipped_doses_are_deleted_and_a_shortened_schedule_leaves_no_trace(server: Server) -> None:
    publish([timed()], OPTIONS, target(server, "Ward D"))
    closed = {QUIET_START + dt.timedelta(days=1): Closure("holiday", "Feast"),
              QUIET_START + dt.timedelta(weeks=2): Closure("closed", "Audit")}  # fmt: skip
    skipping = timed(closures=closed, policy=Policy.SKIP)
    report = publish([skipping], LATER, target(server, "Ward D"))
    # The two skipped doses go; every other dose keeps its date and text.
    assert report.counts() == {"create": 0, "update": 0, "delete": 2, "unchanged": 18}
    stored = read_back(server, "Ward D")
    assert set(stored) == {event_uid(skipping, a) for a in skipping.given}
    assert {start_of(c).date() for c in stored.values()}.isdisjoint(closed)


def test_events_il2sched_did_not_create_are_left_untouched(server: Server) -> None:
    publish([timed()], OPTIONS, target(server, "Ward E"))
    calendar = calendar_of(server, "Ward E")
    foreign = calendar.add_event(
        dtstart=dt.datetime(2026, 1, 6, 10), dtend=dt.datetime(2026, 1, 6, 11), summary="Staff meeting",
        uid="meeting-1@example.org",
    )  # fmt: skip
    # Same UID suffix but no X-IL2SCHED properties: an old file imported by hand, not ours to delete.
    imported = calendar.add_event(
        dtstart=dt.date(2026, 1, 7), dtend=dt.date(2026, 1, 8), summary="old import", uid="0000-old@il2sched"
    )
    theirs = {str(foreign.url), str(imported.url)}
    before = {url: text for url, text in raw(server, "Ward E").items() if url in theirs}
    assert len(before) == 2
    report = publish([timed(closures={QUIET_START: Closure("closed", "X")}, policy=Policy.SKIP)], LATER,
                     target(server, "Ward E"))  # fmt: skip
    assert report.counts()["delete"] == 1
    stored = raw(server, "Ward E")
    assert {url: text for url, text in stored.items() if url in theirs} == before
    assert len(stored) == 19 + 2


def test_only_the_published_patients_objects_are_ever_deleted(server: Server) -> None:
    publish([timed("P-0001"), timed("P-0002")], OPTIONS, target(server, "Ward F"))
    assert len(read_back(server, "Ward F")) == 40
    report = publish([timed("P-0001", closures={QUIET_START: Closure("closed", "X")}, policy=Policy.SKIP)],
                     LATER, target(server, "Ward F"))  # fmt: skip
    assert report.counts() == {"create": 0, "update": 0, "delete": 1, "unchanged": 19}
    patients = [str(c.walk("VEVENT")[0]["X-IL2SCHED-PATIENT"]) for c in read_back(server, "Ward F").values()]
    assert patients.count("P-0001") == 19 and patients.count("P-0002") == 20


def test_an_object_stored_by_another_program_with_a_planned_uid_is_updated_not_duplicated(
    server: Server,
) -> None:
    sched = timed()
    first = sched.given[0]
    calendar = publish([timed("P-0009")], OPTIONS, target(server, "Ward G")) and calendar_of(server, "Ward G")
    calendar.add_event(dtstart=dt.date(2026, 1, 5), dtend=dt.date(2026, 1, 6), summary="imported",
                       uid=event_uid(sched, first))  # fmt: skip
    report = publish([sched], OPTIONS, target(server, "Ward G"))
    assert report.counts() == {"create": 19, "update": 1, "delete": 0, "unchanged": 0}
    stored = read_back(server, "Ward G")
    assert "X-IL2SCHED-PATIENT" in stored[event_uid(sched, first)].walk("VEVENT")[0]


def test_a_dry_run_reports_the_plan_and_changes_nothing(server: Server) -> None:
    report = publish([timed()], OPTIONS, target(server, "Ward H"), dry_run=True)
    assert report.dry_run and report.calendar_created
    assert report.counts() == {"create": 20, "update": 0, "delete": 0, "unchanged": 0}
    assert report.lines()[0] == "would create calendar 'Ward H'"
    assert report.lines()[-1].startswith("dry run, nothing changed: would have 20 created")
    client = caldav.DAVClient(url=server.url, username=server.user, password=server.password)
    assert "Ward H" not in [c.get_display_name() for c in client.principal().calendars()]
    publish([timed()], OPTIONS, target(server, "Ward H"))
    before = raw(server, "Ward H")
    report = publish([timed(delays={2: 2})], LATER, target(server, "Ward H"), dry_run=True)
    assert report.counts() == {"create": 0, "update": 15, "delete": 0, "unchanged": 5}
    assert raw(server, "Ward H") == before


def test_a_wrong_password_is_refused_with_one_clear_line(server: Server) -> None:
    with pytest.raises(PublishError) as caught:
        publish([timed()], OPTIONS, target(server, "Ward I", password="wrong"))
    message = str(caught.value)
    assert "\n" not in message and "refused user 'nurse'" in message and "IL2SCHED_CALDAV_PASSWORD" in message


def test_another_users_calendar_cannot_be_written(server: Server) -> None:
    other = Target(server.url + f"{server.user}/", "Ward J", OTHER_USER, OTHER_PASSWORD)
    with pytest.raises(PublishError) as caught:
        publish([timed()], OPTIONS, other)
    assert "\n" not in str(caught.value) and "refused user 'other'" in str(caught.value)


def test_an_unreachable_server_is_one_clear_line(tmp_path: Path) -> None:
    with radicale(tmp_path) as stopped_soon:
        url = stopped_soon.url
    with pytest.raises(PublishError) as caught:
        publish([timed()], OPTIONS, Target(url, "Ward K", "nurse", "x"))
    message = str(caught.value)
    assert "\n" not in message and "no connection" in message and "check --url" in message


def test_a_failure_part_way_says_which_changes_went_through(
    server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    from caldav.lib import error

    original = caldav.Calendar.add_event
    calls = {"n": 0}

    def flaky(self: Any, *args: Any, **kwargs: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == 13:
            raise error.PutError("507 Insufficient Storage")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(caldav.Calendar, "add_event", flaky)
    with pytest.raises(PublishError) as caught:
        publish([timed()], OPTIONS, target(server, "Ward L"))
    message = str(caught.value)
    assert message.startswith("published P-0001: 12 of 20 changes before the error: could not create P-0001 ")
    assert "507 Insufficient Storage" in message and "run the same publish again" in message
    monkeypatch.setattr(caldav.Calendar, "add_event", original)
    assert len(read_back(server, "Ward L")) == 12
    report = publish([timed()], OPTIONS, target(server, "Ward L"))
    assert report.counts() == {"create": 8, "update": 0, "delete": 0, "unchanged": 12}
    assert len(read_back(server, "Ward L")) == 20


# --- the publish command ---


def cli(server: Server, *args: str, password: str | None = None, stdin: str | None = None) -> Result:
    env = {"SOURCE_DATE_EPOCH": str(int(STAMP.timestamp())), "IL2SCHED_CALDAV_PASSWORD": password or ""}
    if password is None:
        env.pop("IL2SCHED_CALDAV_PASSWORD")
    base = ["publish", "--url", server.url, "--username", server.user]
    return run_cli(*base, *args, env=env, input=stdin)


def without_password_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("IL2SCHED_CALDAV_PASSWORD", raising=False)


def test_cli_publishes_one_patient_then_moves_events_after_a_delay(server: Server) -> None:
    args = ["--calendar", "CLI one", "--start", "2026-01-05", "--patient", "P-0100", "--time", "09:00",
            "--no-holidays"]  # fmt: skip
    first = cli(server, *args, password=server.password)
    assert first.exit_code == 0, first.stderr
    assert first.stdout.splitlines()[0] == "created calendar 'CLI one'"
    assert (
        first.stdout.splitlines()[-1] == "20 created, 0 updated, 0 deleted, 0 unchanged in calendar 'CLI one'"
    )
    again = cli(server, *args, "--delay", "4:1", password=server.password)
    assert again.exit_code == 0, again.stderr
    assert (
        again.stdout.splitlines()[-1] == "0 created, 5 updated, 0 deleted, 15 unchanged in calendar 'CLI one'"
    )
    assert len(read_back(server, "CLI one")) == 20


def test_cli_publishes_a_roster_in_each_patients_language(server: Server, tmp_path: Path) -> None:
    roster = tmp_path / "ward.csv"
    roster.write_text(
        "patient,start,time,lang\nW-1,2026-01-05,08:30,fr\nW-2,2026-01-12,,\n", encoding="utf-8"
    )
    result = cli(server, "--calendar", "CLI ward", "--roster", str(roster), "--no-holidays",
                 password=server.password)  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[-1].startswith("40 created")
    events = [c.walk("VEVENT")[0] for c in read_back(server, "CLI ward").values()]
    french = [str(e["SUMMARY"]) for e in events if str(e["X-IL2SCHED-PATIENT"]) == "W-1"]
    assert len(french) == 20 and all("millions d'unités" in s or "million d'unités" in s for s in french)
    all_day = [e for e in events if str(e["X-IL2SCHED-PATIENT"]) == "W-2"]
    assert len(all_day) == 20 and all(type(e.decoded("DTSTART")) is dt.date for e in all_day)


def test_cli_dry_run_prints_the_plan_and_writes_nothing(server: Server) -> None:
    args = ["--calendar", "CLI dry", "--start", "2026-01-05", "--patient", "P-0200", "--no-holidays"]
    result = cli(server, *args, "--dry-run", password=server.password)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "would create calendar 'CLI dry'" and len(lines) == 22
    assert lines[1].startswith("create P-0200 2026-01-05 cycle 1 day 1 (")
    client = caldav.DAVClient(url=server.url, username=server.user, password=server.password)
    assert "CLI dry" not in [c.get_display_name() for c in client.principal().calendars()]


def test_cli_wrong_password_is_one_line_and_exit_2(server: Server) -> None:
    result = cli(
        server, "--calendar", "CLI bad", "--start", "2026-01-05", "--patient", "P-1", password="nope"
    )
    assert result.exit_code == 2
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("il2sched: error: the CalDAV server at ") and "refused user 'nurse'" in line


def test_cli_without_a_password_says_how_to_give_one(server: Server, monkeypatch: pytest.MonkeyPatch) -> None:
    without_password_env(monkeypatch)
    result = cli(server, "--calendar", "CLI none", "--start", "2026-01-05", "--patient", "P-1", stdin="")
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        "il2sched: error: no CalDAV password: standard input is not a terminal to type it on; "
        "set IL2SCHED_CALDAV_PASSWORD"
    ]


@pytest.mark.parametrize(
    "args",
    [["--start", "2026-01-05", "--roster", "x.csv"], [], ["--roster", "x.csv", "--patient", "P-1"],
     ["--start", "2026-01-05", "--password", "secret"], ["--start", "2026-01-05"]],
)  # fmt: skip
def test_cli_refuses_bad_combinations_and_any_password_option(server: Server, args: list[str]) -> None:
    result = cli(server, "--calendar", "CLI combos", *args, password=server.password)
    assert result.exit_code == 2
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("il2sched: error: ")
