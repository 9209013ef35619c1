"""``patients import ROSTER.csv`` (all rows or none, one entry each, with who and why) and ``patients export
-o ROSTER.csv`` (a roster the roster reader accepts, written whole or not at all); on SQLite and
PostgreSQL."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from helpers import one_line_error
from helpers import run_cli_at_stamp as run
from ward_db import ward_url

__all__ = ["ward_url"]

ROSTER = (
    "patient,start,time,lang,delays,site,weight,height\n"
    "W-1,2026-01-05,08:30,fr,,,,\n"
    "W-2,2026-01-12,,,2:1 3:1,Hôpital de jour,70,175\n"
    "W-3,2026-01-19,09:15,,,,,\n"
)


def roster(tmp_path: Path, text: str = ROSTER, name: str = "ward.csv") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def codes(url: str) -> list[str]:
    listed = run("patients", "list", "-f", "csv", "--db", url)
    assert listed.exit_code == 0, listed.output
    return [row[0] for row in list(csv.reader(io.StringIO(listed.stdout)))[1:]]


def trail(url: str) -> list[list[str]]:
    listed = run("audit", "list", "-f", "csv", "--db", url)
    assert listed.exit_code == 0, listed.output
    return list(csv.reader(io.StringIO(listed.stdout)))


def test_import_adds_every_row_each_with_its_own_entry(ward_url: str, tmp_path: Path) -> None:
    path = roster(tmp_path)
    result = run("patients", "import", path, "--by", "AB", "--reason", "enrolment", "--db", ward_url,
                 "--on-holiday", "shift")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stdout == f"added 3 patients from {path} (entries 1 to 3)\n"
    assert codes(ward_url) == ["W-1", "W-2", "W-3"]
    header, *entries = trail(ward_url)
    assert len(entries) == 3
    column = {name: header.index(name) for name in ("patient", "by", "reason", "action", "detail")}
    assert [e[column["patient"]] for e in entries] == ["W-1", "W-2", "W-3"]
    assert {(e[column["action"]], e[column["by"]], e[column["reason"]]) for e in entries} == {
        ("patient.add", "AB", "enrolment")
    }
    # Each patient is the one 'patients add' with the row's cells as options stores.
    added = run("patients", "add", "X-2", "--start", "2026-01-12", "--delay", "2:1", "--delay", "3:1",
                "--site", "Hôpital de jour", "--weight", "70", "--height", "175", "--on-holiday", "shift",
                "--by", "AB", "--db", ward_url)  # fmt: skip
    assert added.exit_code == 0, added.output
    details = {e[column["patient"]]: json.loads(e[column["detail"]]) for e in trail(ward_url)[1:]}
    assert details["W-2"]["options"] == details["X-2"]["options"]
    assert details["W-2"]["options"]["policy"] == "shift" and details["W-1"]["options"]["lang"] == "fr"
    assert run("audit", "verify", "--db", ward_url).exit_code == 0


def test_a_bad_row_or_a_code_already_there_adds_nothing(ward_url: str, tmp_path: Path) -> None:
    bad = roster(tmp_path, ROSTER + "W-4,2026-13-01,,,,,,\n", "bad.csv")
    one_line_error(run("patients", "import", bad, "--by", "AB", "--db", ward_url), "bad.csv line 5")
    assert (
        run("patients", "add", "W-3", "--start", "2026-02-02", "--by", "CD", "--db", ward_url).exit_code == 0
    )
    one_line_error(
        run("patients", "import", roster(tmp_path), "--by", "AB", "--db", ward_url),
        "patient W-3 is already in the ward record",
        "by CD",
    )
    assert codes(ward_url) == ["W-3"]
    assert len(trail(ward_url)) == 2  # the header and W-3's own entry: the import left nothing
    one_line_error(run("patients", "import", roster(tmp_path), "--db", ward_url), "--by")


def test_export_is_a_roster_that_imports_to_the_same_patients(ward_url: str, tmp_path: Path) -> None:
    assert run("patients", "import", roster(tmp_path), "--by", "AB", "--db", ward_url).exit_code == 0
    withdrawn = run("patients", "withdraw", "W-3", "--reason", "consent", "--by", "AB", "--db", ward_url)
    assert withdrawn.exit_code == 0, withdrawn.output
    exported = tmp_path / "exported.csv"
    result = run("patients", "export", "-o", str(exported), "--db", ward_url)
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(exported.read_text(encoding="utf-8"))))
    assert [r["patient"] for r in rows] == ["W-1", "W-2"]  # under treatment: W-3 was withdrawn
    assert (
        rows[1]["delays"] == "2:1 3:1" and rows[1]["site"] == "Hôpital de jour" and rows[0]["time"] == "08:30"
    )
    # The roster reader takes it: the worklist of the file is the worklist of the record.
    period = ["--from", "2026-01-05", "--days", "60", "-f", "csv"]
    assert run("worklist", str(exported), *period).stdout == run("worklist", "--db", ward_url, *period).stdout
    # Imported into an empty record, it gives the same patients, hence the same roster.
    again = f"sqlite:///{tmp_path / 'again.db'}"
    assert run("patients", "import", str(exported), "--by", "AB", "--db", again).exit_code == 0
    assert run("patients", "export", "--db", again).stdout_bytes == exported.read_bytes()


def test_export_is_written_whole_or_not_at_all(ward_url: str, tmp_path: Path) -> None:
    existing = tmp_path / "ward.csv"
    existing.write_bytes(b"the coordinator's own file\n")
    one_line_error(run("patients", "export", "-o", str(existing), "--db", ward_url), "patients add")
    assert existing.read_bytes() == b"the coordinator's own file\n"
    assert (
        run("patients", "import", roster(tmp_path, name="in.csv"), "--by", "AB", "--db", ward_url).exit_code
        == 0
    )
    changed = run("patients", "set", "W-2", "--on-holiday", "shift", "--reason", "unit policy", "--by", "AB",
                  "--db", ward_url)  # fmt: skip
    assert changed.exit_code == 0, changed.output
    one_line_error(run("patients", "export", "-o", str(existing), "--db", ward_url), "W-1", "W-2")
    assert existing.read_bytes() == b"the coordinator's own file\n"
    one_line_error(run("patients", "export", "-o", str(tmp_path / "no" / "such.csv"), "--db", ward_url))


def test_shared_options_are_named_for_the_command_that_reads_the_roster(
    ward_url: str, tmp_path: Path
) -> None:
    imported = run("patients", "import", roster(tmp_path), "--by", "AB", "--on-holiday", "shift",
                   "--tz", "Europe/Brussels", "--db", ward_url)  # fmt: skip
    assert imported.exit_code == 0, imported.output
    result = run("patients", "export", "-o", str(tmp_path / "out.csv"), "--db", ward_url)
    assert result.exit_code == 0, result.output
    assert "--on-holiday shift" in result.stderr and "--tz Europe/Brussels" in result.stderr


def test_a_wards_notes_do_not_bury_the_message(ward_url: str, tmp_path: Path) -> None:
    rows = "".join(f"H-{n},2026-04-27\n" for n in range(6))  # 1 May and 14 May: holidays, two notes each
    result = run(
        "patients", "import", roster(tmp_path, "patient,start\n" + rows), "--by", "AB", "--db", ward_url
    )
    assert result.exit_code == 0, result.output
    notes = result.stderr.splitlines()
    assert len(notes) == 11 and "H-0" in notes[0] and "Labor Day" in notes[0]
    assert (
        notes[-1]
        == "il2sched: note: 2 more notes like these; 'il2sched generate --patient CODE' shows a patient's"
    )
    assert result.stdout.startswith("added 6 patients")
