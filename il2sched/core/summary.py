"""A regimen in words, built from its phases, so a user's regimen reads as truly as the built-in one; and the
words that place a dose in it (cycle headings, "induction, cycle 1, day 3") and show how a body-size dose was
computed. Every renderer takes these words from here, so a title reads the same on every output."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from il2sched.core.attention import Attention
from il2sched.core.dosing import PER_M2, BodySize, Dose, DoseRule
from il2sched.core.phases import Cycle, Phase, PhaseWords
from il2sched.core.regimen import Regimen
from il2sched.core.schedule import Administration, Schedule
from il2sched.core.texts import Texts
from il2sched.core.words import span


def rule_text(rule: DoseRule, texts: Texts) -> str:
    """A dose rule in words: "1.5 million units", "1 million units/m²", "20,000 units/kg"."""
    dose = texts.dose(rule.amount_iu)
    return texts(f"dose_per.{rule.per}", dose=dose) if rule.per else dose


def phase_text(regimen: Regimen, phase: Phase, texts: Texts) -> str:
    """One phase in words: its name, and its pattern's words for its dose and days."""
    # A phase's own count, unless it is the regimen's only phase (the sentence ends with the total).
    count = ""
    if len(regimen.phases) > 1:
        administrations = texts.plural("sheet.administrations", phase.administrations)
        count = texts("summary.phase_count", count=administrations)
    about = PhaseWords(
        dose=rule_text(phase.dose, texts),
        first=regimen.cycles[phase.cycles[0] - 1].days[0],
        last=regimen.cycles[phase.cycles[-1] - 1].days[-1],
        first_day=phase.first_day,
        end_day=phase.end_day,
        cycles=len(phase.cycles),
        count=count,
    )
    text = phase.pattern.words(about, texts)
    name = phase.name_in(texts.lang)
    return texts("pattern.named", name=name, text=text) if name else text


def regimen_summary(regimen: Regimen, texts: Texts) -> str:
    """The regimen, built from its phases (so a user regimen reads as truly as ours): one line per phase,
    then its administrations and total dose, lines joined by newlines (never one run-on sentence)."""
    lines = [_capital(phase_text(regimen, p, texts)) for p in regimen.phases]
    count = texts.plural("sheet.administrations", regimen.administrations)
    total = regimen.total_dose_iu
    if total is None:  # a body-size dose: the schedule's total says how much for this patient
        lines.append(_capital(count))
    else:
        lines.append(_capital(texts("summary.totals", count=count, total=texts.dose(total))))
    return "\n".join(lines)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def position(regimen: Regimen | None, cycle: int, day: int, texts: Texts) -> str:
    """Where a dose sits: "cycle 2, day 3", or "induction, cycle 1, day 3" when its phase has a name.

    The one place this is worded: calendar titles, worklists and sheets all take it from here.
    """
    name = regimen.phase_of(cycle).name_in(texts.lang) if regimen is not None else ""
    if name:
        return texts("phase_position", phase=name, cycle=cycle, day=day)
    return texts("cycle_day", cycle=cycle, day=day)


def cycle_heading(schedule: Schedule, cycle: Cycle, texts: Texts) -> str:
    """A cycle's heading in the table and on the sheet: "Cycle 1 · week 1 · 1.5 million units per day".

    The week (or the study days) are those the cycle really falls in: a postponed cycle says so, "Cycle 2 ·
    week 4 (postponed 1 week) · ...", so the heading and the calendar never disagree.
    """
    phase = schedule.regimen.phases[cycle.phase - 1]
    dose = schedule.dose_of(cycle.number)
    amount = texts.dose(dose.iu if dose is not None else cycle.dose.amount_iu)
    parts = [texts("cycle_n", cycle=cycle.number)]
    if phase.name_in(texts.lang):
        parts.append(phase.name_in(texts.lang))
    # The postponement of this cycle: its own delay and every earlier cycle's (--delay moves the later ones).
    weeks = sum(w for number, w in schedule.plan.delays.items() if number <= cycle.number)
    postponed = f" ({texts.plural('sheet.postponed', weeks)})" if weeks else ""
    if phase.pattern.by_week:
        parts += [texts("week_n", week=cycle.week + weeks) + postponed, texts("per_day", dose=amount)]
    else:
        daily = len(cycle.days) > 1 and cycle.days[-1] - cycle.days[0] == len(cycle.days) - 1
        parts += [
            span(cycle.days[0] + 7 * weeks, cycle.days[-1] + 7 * weeks, texts) + postponed,
            texts("per_day" if daily else "per_dose", dose=amount),
        ]
    if cycle.home:
        parts.append(texts("setting.home_heading"))
    return " · ".join(parts)


def count_line(admins: Iterable[Administration], texts: Texts, days: int = 0) -> str:
    """How many of ``admins`` are to give ("3 administrations"; a skipped dose is not; over ``days`` days when
    given: "3 administrations in 2 days"), and how many wait for the investigator's decision when some do
    ("1 administration; 2 for the investigator to decide")."""
    given = decide = 0
    for admin in admins:
        decide += admin.attention is Attention.TO_DECIDE
        given += admin.given and admin.attention is not Attention.TO_DECIDE
    line = texts.plural("sheet.administrations", given)
    if days:
        line = texts("worklist.total", administrations=line, days=texts.plural("worklist.days", days))
    return f"{line}{texts('sheet.list_sep')}{texts.plural('attention.count', decide)}" if decide else line


def total_line(schedule: Schedule, texts: Texts) -> str:
    """The schedule's total: "Total: 20 administrations, 52.5 million units", the doses left out when some
    are, and how many wait for the investigator's decision (they count as planned, not as given)."""
    given, total = schedule.given, texts.dose(schedule.total_dose_iu)
    skipped = len(schedule.administrations) - len(given)
    if skipped:
        count, left_out = texts.integer(len(given)), texts.integer(skipped)
        line = texts("total_given", count=count, dose=total, skipped=left_out)
    else:
        line = texts("total", count=texts.integer(len(given)), dose=total)
    decide = schedule.to_decide
    return f"{line}{texts('sheet.list_sep')}{texts.plural('attention.count', decide)}" if decide else line


def body_lines(body: BodySize | None, doses: Sequence[Dose], texts: Texts) -> list[str]:
    """The body size the doses were computed from ("Body surface area: 1.82 m² (Mosteller: ...)")."""
    if body is None:
        return []
    used = {d.rule.per for d in doses if d.rule.per}
    lines = []
    if PER_M2 in used and body.bsa_m2 is not None:
        bsa = texts("body.m2", n=texts.number(body.bsa_m2))
        if body.mosteller and body.height_cm is not None and body.weight_kg is not None:
            bsa = texts("body.mosteller", bsa=bsa, height=texts.number(body.height_cm),
                        weight=texts.number(body.weight_kg))  # fmt: skip
        lines.append(texts.field("body.bsa", bsa))
    if "kg" in used and body.weight_kg is not None:
        lines.append(texts.field("body.weight", texts("body.kg", n=texts.number(body.weight_kg))))
    return lines


def dose_basis(dose: Dose, texts: Texts) -> str:
    """How a body-size dose was computed: "1 million units/m² × 1.73 m² = 1.73 million units, rounded to the
    nearest 100,000 units: 1.7 million units"; empty for a fixed dose."""
    rule = dose.rule
    if not rule.per or dose.size is None or dose.exact is None:
        return ""
    text = texts(f"basis.{rule.per}", amount=texts.dose(rule.amount_iu), size=texts.number(dose.size),
                 exact=texts.dose(dose.exact))  # fmt: skip
    if dose.rounded is not None and dose.rounded != dose.exact:
        # "100,000 units": a rounding step, written in units, not as a dose in millions.
        step = texts.plural("units_plain", rule.step_iu, n=texts.integer(rule.step_iu))
        text = texts("basis.rounded", text=text, step=step, dose=texts.dose(dose.rounded))
    if dose.capped and rule.cap_iu is not None:
        text = texts("basis.capped", text=text, cap=texts.dose(rule.cap_iu))
    return text


def _phase_bases(schedule: Schedule, texts: Texts) -> list[str]:
    """Each body-size phase's dose arithmetic, named by its phase when the regimen has several."""
    regimen = schedule.regimen
    named = len(regimen.phases) > 1
    out = []
    for phase, dose in zip(regimen.phases, schedule.doses, strict=True):
        text = dose_basis(dose, texts)
        if text and named:
            name = phase.name_in(texts.lang) or texts("phase_n", n=phase.number)
            text = texts("basis.phase", name=name, text=text)
        if text:
            out.append(text)
    return out


def basis_lines(schedule: Schedule, texts: Texts) -> list[str]:
    """The body size and each body-size phase's dose arithmetic, one line each (empty for fixed doses)."""
    lines = body_lines(schedule.plan.body, schedule.doses, texts)
    return lines + [texts.field("basis.label", text) for text in _phase_bases(schedule, texts)]


def basis_text(schedule: Schedule, texts: Texts) -> str:
    """The body size and the body-size doses' arithmetic in one text, for a printed box labelled "Dose basis"
    (empty for fixed doses): what :func:`basis_lines` says, without its own label."""
    parts = body_lines(schedule.plan.body, schedule.doses, texts) + _phase_bases(schedule, texts)
    return texts("summary.phase_separator").join(parts)
