"""The golden files in ``samples/``: what the tool writes for fixed inputs.

Regenerate them all with ``python tests/golden.py`` after a deliberate change of output;
``tests/test_samples.py`` fails whenever a committed sample differs from what the code writes now.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from click.testing import CliRunner

SAMPLES_DIR = Path(__file__).resolve().parent.parent / "samples"

#: Fixed "now" for DTSTAMP and "generated on": 2026-01-05T08:00:00Z.
EPOCH = "1767600000"

_BASE = ["generate", "--start", "2026-04-27", "--patient", "P-0001"]
_SITE = "Dermatologie – hôpital de jour"
_REGIMENS = {
    "im": str(SAMPLES_DIR / "regimens" / "induction-maintenance.toml"),
    "bsa": str(SAMPLES_DIR / "regimens" / "bsa-daily.toml"),
}
_HOLIDAYS = ["generate", "--start", "2026-04-06", "--patient", "P-0003", "--closed", "2026-04-22"]

#: sample file name -> arguments after ``il2sched``; the output goes to ``-o samples/<name>``.
SAMPLES: dict[str, list[str]] = {
    "allday.ics": [*_BASE],
    "timed-reminder.ics": [*_BASE, "--time", "09:00", "--remind", "30m", "--remind", "1d"],
    "schedule.csv": [*_BASE],
    "schedule-excel-fr.csv": [*_BASE, "--lang", "fr", "--excel"],
    "schedule.json": [*_BASE],
    "table.txt": [*_BASE],
    "table-fr.txt": [*_BASE, "--lang", "fr"],
    # Printable sheets (il2sched.sheet): flagged 1 May and Ascension, a named ward; A4 by default.
    "sheet-en.html": [*_BASE, "--site", _SITE],
    "sheet-fr.html": [*_BASE, "--site", _SITE, "--lang", "fr"],
    "sheet-en.pdf": [*_BASE, "--site", _SITE],
    "sheet-fr.pdf": [*_BASE, "--site", _SITE, "--lang", "fr"],
    # Easter Monday (cycle 1, Monday), a site closure (cycle 2, Wednesday), Ascension (cycle 3, Thursday).
    "holidays-flag.txt": [*_HOLIDAYS],
    "holidays-shift.csv": [*_HOLIDAYS, "--on-holiday", "shift"],
    "holidays-shift.ics": [*_HOLIDAYS, "--on-holiday", "shift"],
    "holidays-shift-fr.txt": [*_HOLIDAYS, "--on-holiday", "shift", "--lang", "fr"],
    "holidays-skip.json": [*_HOLIDAYS, "--on-holiday", "skip"],
    # FHIR R4 Bundles (il2sched.export.fhir): all-day, and timed with shifted doses at their new dates.
    "fhir.fhir.json": [*_BASE, "-f", "fhir"],
    "fhir-shift-timed.fhir.json": [*_HOLIDAYS, "--on-holiday", "shift", "--time", "09:00", "-f", "fhir"],
    # Across New Year in Alsace: Christmas (Friday) then Saint-Etienne (Saturday) leave no open day.
    "holidays-alsace-no-weekends.txt": [
        *["generate", "--start", "2026-12-21", "--patient", "P-0002", "--subdiv", "67"],
        *["--on-holiday", "shift", "--no-weekends"],
    ],
    # The ward's morning list from the sample roster (samples/roster.csv, written by hand: an input).
    "worklist-fr.txt": [
        "worklist",
        str(SAMPLES_DIR / "roster.csv"),
        "--from",
        "2026-05-11",
        "--days",
        "5",
        "--lang",
        "fr",
    ],
    "worklist.csv": ["worklist", str(SAMPLES_DIR / "roster.csv"), "--from", "2026-05-11", "--days", "5"],
    # The printed worklist (il2sched.export.worklist_print): the same week, with Ascension, and a named ward.
    "worklist-fr.pdf": [
        *["worklist", str(SAMPLES_DIR / "roster.csv"), "--from", "2026-05-11", "--days", "5"],
        *["--lang", "fr", "--site", _SITE],
    ],
    "worklist-en.html": [
        *["worklist", str(SAMPLES_DIR / "roster.csv"), "--from", "2026-05-11", "--days", "5"],
        *["--site", _SITE],
    ],
    # Regimens of other patterns (samples/regimens/, written by hand: inputs), from a Wednesday: induction
    # then maintenance with Labour Day and a closure shifted within their tolerance; doses per m² of a body
    # surface area from height and weight (Mosteller) in French; the same per m² dose in FHIR.
    "regimen-induction-maintenance.txt": [
        *["generate", "--start", "2026-04-29", "--patient", "P-0004", "--regimen", _REGIMENS["im"]],
        *["--on-holiday", "shift", "--closed", "2026-06-10"],
    ],
    "regimen-bsa-daily-fr.txt": [
        *["generate", "--start", "2026-04-29", "--patient", "P-0005", "--regimen", _REGIMENS["bsa"]],
        *["--height", "170", "--weight", "70", "--lang", "fr"],
    ],
    "regimen-bsa-daily.fhir.json": [
        *["generate", "--start", "2026-04-29", "--patient", "P-0005", "--regimen", _REGIMENS["bsa"]],
        *["--bsa", "1.73", "-f", "fhir"],
    ],
}


def generate(name: str, folder: Path) -> bytes:
    """Run the CLI for sample ``name`` into ``folder`` and return the bytes it wrote."""
    from il2sched.cli import main

    target = folder / name
    # A calendar being replaced feeds the new one's SEQUENCE numbers: a sample must not depend on its past.
    target.unlink(missing_ok=True)
    env = {"SOURCE_DATE_EPOCH": EPOCH, "IL2SCHED_CACHE_DIR": ""}
    result = CliRunner().invoke(main, [*SAMPLES[name], "-o", str(target)], env=env, catch_exceptions=False)
    if result.exit_code != 0:
        raise RuntimeError(f"sample {name} failed: {result.output}")
    return target.read_bytes()


#: The README's picture of the French PDF sheet's first page, and the PDF it was drawn from.
SHEET_PNG, SHEET_PNG_SOURCE, SHEET_PNG_DPI = "sheet-fr-page1.png", "sheet-fr.pdf", 75


def render_sheet_png(folder: Path = SAMPLES_DIR) -> Path:
    """Draw page 1 of ``folder/sheet-fr.pdf`` as a PNG with poppler's pdftoppm, and record the PDF's sha256.

    The sidecar ``sheet-fr-page1.png.sha256`` (``sha256sum`` format) is what tests/test_sheet_png.py checks:
    the picture is stale as soon as the PDF it shows is not the committed one.
    """
    import hashlib
    import subprocess

    source = folder / SHEET_PNG_SOURCE
    stem = folder / SHEET_PNG.removesuffix(".png")
    command = ["pdftoppm", "-png", "-r", str(SHEET_PNG_DPI), "-f", "1", "-l", "1", "-singlefile"]
    subprocess.run([*command, str(source), str(stem)], check=True)
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    (folder / f"{SHEET_PNG}.sha256").write_text(f"{digest}  {SHEET_PNG_SOURCE}\n", encoding="utf-8")
    return folder / SHEET_PNG


def main() -> None:
    """Regenerate every sample in place."""
    for name in SAMPLES:
        generate(name, SAMPLES_DIR)
        print(f"wrote samples/{name}")
    render_sheet_png()
    print(f"wrote samples/{SHEET_PNG} (needs pdftoppm, Debian package poppler-utils)")
    from web_screenshot import SCREENSHOT, take_screenshot

    take_screenshot(SAMPLES_DIR)
    print(f"wrote samples/{SCREENSHOT} (needs Chromium and playwright)")


if __name__ == "__main__":
    sys.path.insert(0, os.fspath(Path(__file__).resolve().parent.parent))
    sys.path.insert(0, os.fspath(Path(__file__).resolve().parent))
    main()
