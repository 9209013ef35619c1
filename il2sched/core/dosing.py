"""Doses: a fixed number of units, or an amount per m² of body surface area or per kg of body weight.

A body-size dose is exact arithmetic on decimals (never binary floats): amount × size, then rounded to the
nearest multiple of the regimen's step (halves up, as pharmacies round), then capped. The body surface area
comes from the user, or from height and weight by the Mosteller formula, √(height × weight / 3600), rounded
to 0.01 m² before use, so that what is printed (1.82 m²) is exactly what the dose was computed from.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Context, Decimal

from il2sched.core.messages import Opt, Phrase, keyed
from il2sched.errors import InvalidValue, ScheduleError

#: Plausibility bounds of body sizes (inclusive): a value outside is almost surely a typing error.
BSA_RANGE = (Decimal("0.2"), Decimal("3.5"))  # m²
WEIGHT_RANGE = (Decimal("1"), Decimal("400"))  # kg
HEIGHT_RANGE = (Decimal("30"), Decimal("250"))  # cm

#: The largest dose in units, fixed or computed from body size (1,000 million units).
MAX_DOSE_IU = 1_000_000_000

#: Body-size bases of a dose: per m² of body surface area, per kg of body weight ("" is a fixed dose).
PER_M2, PER_KG = "m2", "kg"

_CENTI = Decimal("0.01")


@dataclass(frozen=True, slots=True)
class DoseRule:
    """How much each dose of a phase is: ``amount_iu`` fixed, or per m² / per kg, rounded and capped."""

    amount_iu: int
    per: str = ""  # "", PER_M2 or PER_KG
    step_iu: int = 1  # rounding step, in units (nearest multiple, halves up)
    cap_iu: int | None = None  # the most a body-size dose may be, after rounding

    @property
    def fixed_iu(self) -> int | None:
        """The dose in units when it does not depend on body size, else None."""
        return None if self.per else self.amount_iu


@dataclass(frozen=True, slots=True)
class BodySize:
    """A patient's body size as typed (m², kg, cm), and whether the BSA comes from height and weight."""

    bsa_m2: Decimal | None = None
    weight_kg: Decimal | None = None
    height_cm: Decimal | None = None

    @property
    def mosteller(self) -> bool:
        """True when the body surface area was computed from height and weight."""
        return self.height_cm is not None


@dataclass(frozen=True, slots=True)
class Dose:
    """A phase's dose for one patient, with the arithmetic that gave it (for body-size doses)."""

    iu: int
    rule: DoseRule
    size: Decimal | None = None  # the m² or kg the dose was computed from
    exact: Decimal | None = None  # amount × size, before rounding
    rounded: int | None = None  # after rounding, before the cap

    @property
    def capped(self) -> bool:
        """True when the cap lowered the rounded dose."""
        return self.rounded is not None and self.iu < self.rounded


def _in_range(
    value: Decimal, bounds: tuple[Decimal, Decimal], what: Phrase, unit: str, option: str
) -> Decimal:
    low, high = bounds
    if not low <= value <= high:
        raise keyed(
            InvalidValue, "measure.implausible", option=option, what=what, value=f"{value:f}", unit=unit,
            low=low, high=high,
        )  # fmt: skip
    return value


def mosteller(height_cm: Decimal, weight_kg: Decimal) -> Decimal:
    """The Mosteller body surface area √(height × weight / 3600) in m², rounded to 0.01 (halves up)."""
    root = (height_cm * weight_kg / Decimal(3600)).sqrt(Context(prec=28))
    return root.quantize(_CENTI, rounding=ROUND_HALF_UP)


def body_size(
    bsa: Decimal | None = None, height: Decimal | None = None, weight: Decimal | None = None
) -> BodySize | None:
    """The body size of the values given, checked for plausibility and completeness; None if none given.

    ``bsa`` alone, or ``height`` with ``weight`` (Mosteller), or ``weight`` alone (per-kg doses), or ``bsa``
    with ``weight``. Raise :class:`InvalidValue` naming the options to give otherwise.
    """
    if bsa is None and height is None and weight is None:
        return None
    if weight is not None:
        _in_range(weight, WEIGHT_RANGE, Phrase("term.weight"), "kg", "weight")
    if height is not None:
        _in_range(height, HEIGHT_RANGE, Phrase("term.height"), "cm", "height")
        if bsa is not None:
            raise keyed(InvalidValue, "body.both", option="bsa", **_BODY)
        if weight is None:
            raise keyed(InvalidValue, "body.height_alone", option="weight", **_BODY)
        computed = mosteller(height, weight)
        what = Phrase("term.mosteller", {"height": f"{height:f}", "weight": f"{weight:f}"})
        _in_range(computed, BSA_RANGE, what, "m²", "height")
        return BodySize(computed, weight, height)
    if bsa is not None:
        _in_range(bsa, BSA_RANGE, Phrase("term.bsa"), "m²", "bsa")
    return BodySize(bsa, weight, None)


#: The body-size options a message names.
_BODY = {"bsa": Opt("bsa"), "height": Opt("height"), "weight": Opt("weight")}


def resolve(rule: DoseRule, body: BodySize | None, regimen: str) -> Dose:
    """The dose of ``rule`` for ``body``; ``regimen`` (its id) is named in errors (one line, with the fix)."""
    if not rule.per:
        return Dose(rule.amount_iu, rule)
    size = (body.bsa_m2 if rule.per == PER_M2 else body.weight_kg) if body is not None else None
    if size is None:
        if rule.per == PER_M2:
            raise keyed(ScheduleError, "body.missing_m2", option="bsa", regimen=regimen, **_BODY)
        raise keyed(ScheduleError, "body.missing_kg", option="weight", regimen=regimen, **_BODY)
    exact = rule.amount_iu * size
    steps = (exact / rule.step_iu).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    rounded = int(steps) * rule.step_iu
    if rounded < 1:
        unit = "m²" if rule.per == PER_M2 else "kg"
        raise keyed(
            ScheduleError, "body.zero", regimen=regimen, amount=rule.amount_iu, unit=unit, size=size,
            step=rule.step_iu,
        )  # fmt: skip
    iu = min(rounded, rule.cap_iu) if rule.cap_iu is not None else rounded
    if iu > MAX_DOSE_IU:
        raise keyed(ScheduleError, "body.too_much", regimen=regimen, iu=iu, most=f"{MAX_DOSE_IU:_}")
    return Dose(iu, rule, size, exact, rounded)
