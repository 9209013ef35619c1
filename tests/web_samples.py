"""A value for every option of ``generate`` and ``worklist``, each chosen to change the output.

Adding an option to either command without adding it here fails tests/test_web_query.py and
tests/test_web_server.py: the web page must be shown to take it.
"""

from __future__ import annotations

from pathlib import Path

from il2sched.app.options import Command, Kind

Pairs = list[tuple[str, str]]

BASE: Pairs = [("start", "2026-04-27"), ("patient", "P-0001")]
WORKLIST_BASE: Pairs = [("from", "2026-05-11"), ("days", "5")]


def regimen_file(folder: Path) -> Path:
    """A copy of the built-in regimen whose cycle 2 has another dose."""
    from importlib import resources

    text = (resources.files("il2sched.regimens") / "nct01840046.toml").read_text(encoding="utf-8")
    path = folder / "other.toml"
    path.write_text(text.replace("3_000_000", "2_500_000", 1), encoding="utf-8")
    return path


#: The example regimen dosed per m² of body surface area.
BSA_REGIMEN = str(Path(__file__).resolve().parent.parent / "samples" / "regimens" / "bsa-daily.toml")


def per_kg_regimen(folder: Path) -> Path:
    """The per-m² example regimen dosed per kg of body weight instead."""
    text = (
        Path(BSA_REGIMEN)
        .read_text(encoding="utf-8")
        .replace("dose_iu_per_m2 = 1_000_000", "dose_iu_per_kg = 20_000")
    )
    path = folder / "per-kg.toml"
    path.write_text(text, encoding="utf-8")
    return path


def closures_file(folder: Path) -> Path:
    path = folder / "closures.txt"
    path.write_text("# ward closed\n2026-04-29\n2026-05-12..2026-05-13\n", encoding="utf-8")
    return path


def generate_samples(folder: Path) -> dict[str, tuple[Pairs, Pairs]]:
    """query parameter -> (context it needs, the parameter's own pairs) for ``generate``."""
    timed = [("time", "09:00")]
    return {
        "start": ([], [("start", "2026-05-04")]),
        "align": ([("start", "2026-04-28")], [("align", "next")]),
        "patient": ([], [("patient", "P-0002")]),
        "format": ([], [("format", "csv")]),
        "regimen": ([], [("regimen", str(regimen_file(folder)))]),
        "delay": ([], [("delay", "2:1"), ("delay", "4:2")]),
        "time": ([], timed),
        "duration": (timed, [("duration", "30")]),
        "tz": (timed, [("tz", "America/New_York")]),
        "remind": (timed, [("remind", "1h"), ("remind", "1d")]),
        "remind-at": ([], [("remind-at", "08:00"), ("remind-at", "18:30")]),
        "private": ([], [("private", "1")]),
        "lang": ([], [("lang", "fr")]),
        "excel": ([], [("excel", "1")]),
        "site": ([], [("site", "Ward <3> & co")]),
        "paper": ([], [("paper", "letter")]),
        "double-check": ([], [("double-check", "1")]),
        "country": ([], [("country", "US")]),
        "subdiv": ([("start", "2026-12-21")], [("subdiv", "57")]),
        "no-holidays": ([], [("no-holidays", "1")]),
        "closed": ([], [("closed", "2026-04-29"), ("closed", "2026-05-12..2026-05-13")]),
        "closed-file": ([], [("closed-file", str(closures_file(folder)))]),
        "on-holiday": ([], [("on-holiday", "shift")]),
        "no-weekends": ([("on-holiday", "shift")], [("no-weekends", "1")]),
        "open-weekends": ([("on-holiday", "shift")], [("open-weekends", "1")]),
        # A period of the course for the printed sheet and the table.
        "from": ([], [("from", "2026-05-11")]),
        "to": ([], [("to", "2026-05-31")]),
        # Body size, for a regimen dosed per m² (or per kg): without it the command refuses the regimen.
        "bsa": ([("regimen", BSA_REGIMEN)], [("bsa", "1.73")]),
        "height": ([("regimen", BSA_REGIMEN), ("weight", "70")], [("height", "170")]),
        "weight": ([("regimen", str(per_kg_regimen(folder)))], [("weight", "72.5")]),
    }


#: Options that say the default, kept so that older scripts and links keep working: they change nothing.
THE_DEFAULT = {"no-weekends"}


def worklist_samples(folder: Path) -> dict[str, tuple[Pairs, Pairs]]:
    """query parameter -> (context, the parameter's own pairs) for ``worklist``."""
    samples = generate_samples(folder)
    for name in ("start", "align", "patient", "subdiv", "from", "to"):
        del samples[name]
    samples["subdiv"] = ([("from", "2026-12-21")], [("subdiv", "57")])
    samples["from"] = ([], [("from", "2026-05-18")])
    samples["days"] = ([], [("days", "2")])
    samples["format"] = ([], [("format", "csv")])
    return samples


def argv(command: Command, pairs: Pairs) -> list[str]:
    """The command line of query ``pairs``, written the usual way: flags bare, values after their option."""
    out: list[str] = []
    for name, value in pairs:
        option = command.option(name)
        if option is not None and option.kind is Kind.FLAG:
            out.append(f"--{name}")
        else:
            out += [f"--{name}", value]
    return out


def bad_generate_samples() -> dict[str, Pairs]:
    """query parameter -> a value ``generate`` refuses, with a message about that parameter."""
    return {
        "start": [("start", "2026-02-30")],
        "patient": [("patient", "bad name")],
        "lang": [("lang", "de")],
        "time": [("time", "25:00")],
        "tz": [("tz", "Mars/Olympus_Mons")],
        "remind": [("remind", "0m")],
        "remind-at": [("time", "09:00"), ("remind-at", "10:00")],
        "on-holiday": [("on-holiday", "maybe")],
        "closed": [("closed", "2026-13-01")],
        "delay": [("delay", "9:1")],
        "site": [("site", "x" * 61)],
        "paper": [("paper", "b5")],
        "double-check": [("double-check", "maybe")],
        "bsa": [("bsa", "9")],
        "height": [("height", "999")],
        "weight": [("weight", "0.5")],
        "regimen": [("regimen", "nope")],
        "private": [("private", "maybe")],
        "duration": [("duration", "0")],
        "country": [("country", "XX")],
        "subdiv": [("subdiv", "ZZ")],
        "no-holidays": [("no-holidays", "maybe")],
        "no-weekends": [("no-weekends", "maybe")],
        "open-weekends": [("open-weekends", "maybe")],
        "from": [("from", "2026-02-30")],
        "to": [("to", "31/05/2026")],
        "closed-file": [("closed-file", "/nonexistent/closures.txt")],
        "excel": [("excel", "maybe")],
        "align": [("align", "sideways")],
        "format": [("format", "docx")],
    }


def bad_worklist_samples() -> dict[str, Pairs]:
    """query parameter -> a value ``worklist`` refuses, for its own options (the shared ones: above)."""
    return {"from": [("from", "2026-02-30")], "days": [("days", "0")], "format": [("format", "ics")]}
