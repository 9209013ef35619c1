"""The ward record's report as plain text for a terminal or a .txt file: each cycle's doses (planned, what
became of each, the record in force), the deviations with the rule each breaks, the corrections, adherence;
or the ward's active patients, one line each, with their deviations under them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from il2sched.core.reconcile import DoseState, Reconciliation
from il2sched.core.reconcile_words import (
    adherence_text,
    correction_text,
    deviation_line,
    not_counted_text,
    percent_text,
    record_text,
    state_text,
)
from il2sched.core.summary import cycle_heading
from il2sched.core.texts import Texts
from il2sched.export.table import columns


def _heading(result: Reconciliation, texts: Texts) -> list[str]:
    regimen, plan = result.schedule.regimen, result.schedule.plan
    brand = f" ({regimen.brand})" if regimen.brand else ""
    local = f" ({regimen.local_code})" if regimen.local_code else ""
    return [
        texts("report.title", patient=result.patient, day=texts.date(result.today)),
        f"{regimen.drug_in(texts.lang)}{brand} · {texts.route(regimen.route)} · {regimen.trial_id}{local}",
        f"{texts.field('start', texts.date(plan.start))} · {texts.field('regimen', regimen.id)}",
        texts.field("report.to_date", adherence_text(result.to_date, texts)),
        texts.field("report.course", adherence_text(result.course, texts)),
    ]


def render(result: Reconciliation, texts: Texts) -> bytes:
    """One patient's report as UTF-8 text."""
    lines = _heading(result, texts)
    for regimen_cycle, cycle in zip(result.schedule.regimen.cycles, result.cycles, strict=True):
        if not cycle.doses:
            continue
        heading = cycle_heading(result.schedule, regimen_cycle, texts)
        lines += ["", f"{heading} – {adherence_text(cycle.to_date, texts)}"]
        rows = [[texts(k) for k in ("day", "report.planned", "dose", "report.state", "report.recorded")]]
        for d in cycle.doses:
            a = d.admin
            recorded = record_text(d.record, a.dose_iu, texts) if d.record else ""
            entry = texts("record.entry", entry=d.record.entry) if d.record else ""
            rows.append([
                str(a.cycle_day), texts.date(a.date), texts.dose(a.dose_iu), state_text(d, texts),
                texts.joined(recorded, entry),
            ])  # fmt: skip
        lines += columns(rows)
    lines += ["", texts.field("report.deviations", "").rstrip()]
    lines += [f"  {deviation_line(v, texts)}" for v in result.deviations] or [
        f"  {texts('report.no_deviation')}"
    ]
    corrections = [
        f"  {texts.labelled(_position(r.dose.cycle, r.dose.day, texts), correction_text(r, texts))}"
        for d in result.doses
        for r in (d.record, *d.history)
        if r is not None and r.replaces is not None
    ]
    if corrections:
        lines += ["", texts.field("report.trail", "").rstrip(), *corrections]
    if result.not_counted:
        lines += [""] + [f"  {not_counted_text(r, result.today, texts)}" for r in result.not_counted]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _position(cycle: int, day: int, texts: Texts) -> str:
    text = texts("cycle_day", cycle=cycle, day=day)
    return text[:1].upper() + text[1:]


def render_ward(results: Sequence[Reconciliation], texts: Texts, today: str) -> bytes:
    """The ward's active patients as UTF-8 text: one line each (adherence to date, deviations, overdue
    doses), their deviations under it."""
    day = texts.date(dt.date.fromisoformat(today))
    lines = [texts("report.ward_title", day=day, n=len(results))]
    if not results:
        return ("\n".join([*lines, texts("report.ward_none")]) + "\n").encode("utf-8")
    keys = ("patient", "report.to_date", "report.deviation_count", "report.overdue")
    rows = [[texts(k) for k in keys]]
    for r in results:
        doses = texts("adherence.doses", given=r.to_date.doses_given, planned=r.to_date.doses_planned,
                      percent=percent_text(r.to_date.doses_percent, texts))  # fmt: skip
        rows.append([r.patient, doses, str(len(r.deviations)), str(r.count(DoseState.OVERDUE))])
    lines += ["", *columns(rows)]
    for r in results:
        if r.deviations:
            lines += ["", r.patient, *(f"  {deviation_line(v, texts)}" for v in r.deviations)]
    return ("\n".join(lines) + "\n").encode("utf-8")
