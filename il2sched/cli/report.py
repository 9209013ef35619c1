"""The ward record's report and exports: ``il2sched report CODE|--ward`` and ``il2sched export ex|fhir``.
Each hands what was typed to one application function and writes what it returns."""

from __future__ import annotations

from typing import Any

import click

from il2sched.app.report_commands import EXPORT_EX, EXPORT_FHIR, REPORT
from il2sched.cli.params import declared_options


@click.command()
@click.argument("code", required=False)
@declared_options(REPORT)
def report(code: str | None, **values: Any) -> None:
    """A patient's plan against what was recorded: each dose's state, the deviations with the rule each
    breaks, adherence per cycle and overall; or, with --ward, every active patient.

    \b
    Examples:
      il2sched report P-014
      il2sched report P-014 --lang fr -f json -o p014-report.json
      il2sched report --ward --as-of 2026-07-02
    """  # fmt: skip
    from il2sched.app.report import report as report_bytes
    from il2sched.app.report import report_request
    from il2sched.app.requests import parse_command
    from il2sched.sources.files import write_output

    parsed = parse_command(REPORT, values)
    request = report_request(code, bool(parsed["ward"]), parsed)
    write_output(request.output, report_bytes(request))


@click.group()
def export() -> None:
    """The ward record for a trial's data systems: CDISC SDTM EX rows, FHIR MedicationAdministration.

    \b
    Examples:
      il2sched export ex -o ex.csv
      il2sched export fhir -o ma.json
    """


@export.command("ex")
@declared_options(EXPORT_EX)
def export_ex(**values: Any) -> None:
    """Every dose given, as rows of a CDISC SDTM EX dataset (CSV); a dose not given has no row."""
    from il2sched.app.exports import ex
    from il2sched.app.requests import parse_command
    from il2sched.sources.files import write_output

    parsed = parse_command(EXPORT_EX, values)
    write_output(parsed["output"], ex(parsed["db"]))


@export.command("fhir")
@declared_options(EXPORT_FHIR)
def export_fhir(**values: Any) -> None:
    """Every recorded dose as a FHIR R4 MedicationAdministration (completed, or not-done and why), in a
    Bundle whose references are the ids generate -f fhir gives each patient's plan."""
    from il2sched.app.exports import fhir
    from il2sched.app.requests import parse_command
    from il2sched.sources.files import write_output

    parsed = parse_command(EXPORT_FHIR, values)
    write_output(parsed["output"], fhir(parsed["db"], parsed["lang"]))
