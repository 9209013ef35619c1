"""The reconciliation in words (:mod:`.reconcile`), in the output language: every report, the printed sheet's
notes and the ward's page take their sentences from here, so a deviation reads the same everywhere.

Doses as :meth:`~il2sched.core.texts.Texts.dose` writes them ("3 million units"), dates in ISO.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from il2sched.core.reconcile import Adherence, Deviation, DoseState, ReconciledDose, Rule, Window
from il2sched.core.record import DoseRecord, DoseRef
from il2sched.core.summary import position
from il2sched.core.texts import Texts


def percent_text(value: Decimal | None, texts: Texts) -> str:
    """A percentage as the language writes it ("89.4%", "89,4 %"); "–" when there is nothing to count."""
    return "–" if value is None else texts("percent", n=texts.number(value))


def window_rule(window: Window, texts: Texts) -> str:
    """The rule a dose's window comes from: "cycle 4's window is 2026-06-22 to 2026-06-28 (days 1 to 5 of week
    9, 2 days' tolerance)"."""
    if window.week is not None:
        span = texts("rule.week_span", first=window.first_day, last=window.last_day, week=window.week)
    else:
        span = texts("rule.study_span", first=window.first_day, last=window.last_day)
    delay = texts.plural("rule.delay", window.delay_weeks) if window.delay_weeks else ""
    return texts(
        "rule.window",
        cycle=window.cycle,
        first=window.first.isoformat(),
        last=window.last.isoformat(),
        span=span,
        tolerance=texts.plural("rule.tolerance", window.tolerance_days),
        delay=delay,
    )


def amount_rule(cycle: int, planned_iu: int, texts: Texts) -> str:
    """The planned amount as a rule: "cycle 3's dose is 3 million units (3,000,000 international units)"."""
    return texts("rule.amount", cycle=cycle, dose=texts.dose(planned_iu), words=texts.dose_words(planned_iu))


def deviation_text(deviation: Deviation, texts: Texts) -> str:
    """What happened and the rule it breaks, without the dose's position."""
    window = deviation.window
    if deviation.rule is Rule.WINDOW and window is not None and deviation.given_on is not None:
        return texts("deviation.window", date=deviation.given_on.isoformat(), rule=window_rule(window, texts))
    if deviation.rule is Rule.AMOUNT and deviation.given_iu is not None:
        return texts(
            "deviation.amount",
            given=texts.dose(deviation.given_iu),
            planned=texts.dose(deviation.planned_iu),
            rule=amount_rule(deviation.dose.cycle, deviation.planned_iu, texts),
        )
    if deviation.rule is Rule.RECORDED and window is not None:
        return texts("deviation.recorded", last=window.last.isoformat(), rule=window_rule(window, texts))
    if deviation.given_on is not None:
        return texts("deviation.planned", date=deviation.given_on.isoformat(), rule=texts("rule.planned"))
    return texts("deviation.planned_not_given", rule=texts("rule.planned"))


def dose_position(ref: DoseRef, texts: Texts) -> str:
    """ "Cycle 4, day 1": where a dose sits, capitalised to start a line."""
    text = position(None, ref.cycle, ref.day, texts)
    return text[:1].upper() + text[1:]


def deviation_line(deviation: Deviation, texts: Texts) -> str:
    """A deviation on its own line: "Cycle 4, day 1: given 2026-07-02, outside its window: ..."."""
    return texts.labelled(dose_position(deviation.dose, texts), deviation_text(deviation, texts))


def state_text(dose: ReconciledDose, texts: Texts) -> str:
    """The dose's state in words, with the reason of a dose not given: "not given: refused by the patient"."""
    words = texts(f"state.{dose.state}")
    reason = dose.reason
    if dose.state is DoseState.NOT_GIVEN and reason is not None:
        return texts.labelled(words, texts(f"reason.{reason}"))
    return words


def reason_text(record: DoseRecord, texts: Texts) -> str:
    """Why a dose was not given, with the nurse's words when there are some."""
    words = texts(f"reason.{record.reason}") if record.reason else ""
    return f"{words} ({record.note})" if record.note else words


def record_text(record: DoseRecord, planned_iu: int, texts: Texts) -> str:
    """A record in words: "given 2026-05-09 10:15, 3 million units, lot L1 (expiry 2027-01), abdomen, left,
    by AB, checked by CD" or "not given: refused by the patient, recorded by AB"."""
    if not record.given:
        return texts("record.not_given", reason=reason_text(record, texts), by=record.by)
    amount = planned_iu if record.amount_iu is None else record.amount_iu
    when = record.given_at.strftime("%Y-%m-%d %H:%M") if record.given_at else ""
    text = texts(
        "record.given",
        when=when,
        dose=texts.dose(amount),
        lot=record.lot,
        expiry=str(record.expiry or ""),
        site=texts(f"site.{record.site}") if record.site else "–",
        by=record.by,
    )
    return texts.joined(text, texts("record.checked", by=record.checked_by) if record.checked_by else "")


def correction_text(record: DoseRecord, texts: Texts) -> str:
    """A correction in words: "entry 12 replaced entry 9: wrong lot"."""
    return texts(
        "record.corrected", entry=record.entry, replaces=record.replaces, why=record.correction_reason
    )


def not_counted_text(record: DoseRecord, day: dt.date, texts: Texts) -> str:
    """A record left out of a report as of ``day``."""
    return texts("record.not_counted", entry=record.entry, dose=str(record.dose), day=day.isoformat())


def adherence_text(adherence: Adherence, texts: Texts) -> str:
    """ "9 of 10 doses (90%); 25.5 million units of 28.5 million units (89.4%)", or "no dose yet"."""
    if adherence.doses_planned == 0:
        return texts("adherence.none")
    doses = texts(
        "adherence.doses",
        given=adherence.doses_given,
        planned=adherence.doses_planned,
        percent=percent_text(adherence.doses_percent, texts),
    )
    units = texts(
        "adherence.units_percent",
        given=texts.dose(adherence.units_given) if adherence.units_given else "0",
        planned=texts.dose(adherence.units_planned),
        percent=percent_text(adherence.units_percent, texts),
    )
    return texts("adherence.line", doses=doses, units=units)
