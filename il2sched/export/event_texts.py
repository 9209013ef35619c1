"""The words of calendar events in the options' language: each event's title and body, the calendar's name.

Shared by the calendar file and the CalDAV objects (:mod:`il2sched.export.ics`), so a dose reads the same
in an imported file and on a server.
"""

from __future__ import annotations

from il2sched.core.clock import LocalTime, clock_note
from il2sched.core.closed_days import note
from il2sched.core.options import RenderOptions
from il2sched.core.phrases import PHRASES
from il2sched.core.schedule import Administration, Schedule, Status
from il2sched.core.summary import position


def summary(admin: Administration, options: RenderOptions, schedule: Schedule) -> str:
    """The event title: the patient's code, drug, dose, cycle and day, and the status when it is not plainly
    planned ("P-014 · aldesleukin 3 million units – cycle 3, day 1").

    The code comes first so that two patients' doses never look like duplicates wherever their events meet
    (a ward calendar, a server calendar, two files imported into one calendar app); a schedule without a
    code (``--patient`` left out) has none. A dose that needs a person begins with what it needs
    ("Investigator to decide · P-014 · ..."), so it never reads as a dose to give; a home dose says "at
    home". ``options.private`` makes the title neutral (no drug, no dose: "Hospital appointment to
    confirm") and keeps the code only in a calendar of several patients (``options.shared``).
    """
    texts, attention = options.texts, admin.attention
    status = texts.status(admin.status)
    if options.private and attention is not None:
        text = texts("attention.private")
    elif options.private:
        text = texts("setting.private_summary" if admin.home else "private.summary")
        if admin.status is not Status.PLANNED:  # words that agree with "appointment" where they differ
            key = f"private.status.{admin.status}"
            status = texts(key) if key in PHRASES[texts.lang] else status
            text = f"{text} ({status})"
    else:
        values = {
            "drug": schedule.regimen.drug_in(texts.lang),
            "dose": texts.dose(admin.dose_iu),
            "position": position(schedule.regimen, admin.cycle, admin.cycle_day, texts),
        }
        if admin.status is Status.PLANNED or attention is not None:
            text = texts("summary", **values)
        else:
            text = texts("summary_status", status=status, **values)
        if admin.home:
            text = f"{text} · {texts('setting.home')}"
    coded = options.shared or (not options.private and schedule.plan.patient is not None)
    text = texts("summary.shared", patient=admin.patient, summary=text) if coded else text
    if attention is not None and not options.private:
        text = f"{texts(attention.phrase)} · {text}"
    return text


def description(
    admin: Administration, options: RenderOptions, schedule: Schedule, local: LocalTime | None = None
) -> str:
    """The event body: trial, patient, cycle/day, study day, dose in words, route, and any note.

    ``local`` is the dose's local time: on a night the clocks change, the note says how it is placed. A
    private calendar says of a dose that needs a person only that the day hospital will confirm it.
    """
    texts, regimen = options.texts, schedule.regimen
    clock = clock_note(local, texts, private=options.private)
    said = note(admin, texts, regimen.window_days(admin.cycle))
    if options.private and admin.attention is not None:
        said = texts("attention.private_note")
    remark = texts.joined(said, clock)
    if options.private:
        text = texts("private.description")
    else:
        text = texts(
            "description",
            trial=regimen.trial_id,
            local=f" ({regimen.local_code})" if regimen.local_code else "",
            title=regimen.title_in(texts.lang),
            patient=admin.patient,
            cycle=admin.cycle,
            day=admin.cycle_day,
            study_day=admin.study_day,
            dose=texts.dose(admin.dose_iu),
            dose_words=texts.dose_words(admin.dose_iu),
            drug=regimen.drug_in(texts.lang),
            brand=f" ({regimen.brand})" if regimen.brand else "",
            route=texts.route(admin.route),
        )
    return text + texts("description_note", note=remark) if remark else text


def calendar_name(schedule: Schedule, options: RenderOptions) -> str:
    """The calendar's display name (neutral for a private calendar)."""
    regimen = schedule.regimen
    if options.private:
        return options.texts("private.calendar_name")
    return options.texts(
        "calendar_name",
        drug=regimen.drug_in(options.texts.lang),
        patient=schedule.plan.shown_patient,
        trial=regimen.trial_id,
    )
