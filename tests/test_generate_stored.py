"""``generate --patient CODE --db URL``: a stored patient's outputs from the ward record alone, the printed
sheet filled from the record (the scripted scenario), on SQLite and PostgreSQL."""

from __future__ import annotations

from helpers import one_line_error, run_cli
from reconcile_scenario import stored_scenario
from ward_db import ward_url

__all__ = ["ward_url"]


def test_the_stored_plan_is_the_command_lines(ward_url: str) -> None:
    stored_scenario(ward_url)
    stored = run_cli("generate", "--patient", "P-001", "--db", ward_url, "-f", "csv")
    typed = run_cli("generate", "--patient", "P-001", "--start", "2026-04-27", "-f", "csv")
    assert stored.exit_code == 0, stored.output
    assert stored.stdout_bytes == typed.stdout_bytes


def test_the_sheet_is_filled_from_the_record(ward_url: str) -> None:
    entries = stored_scenario(ward_url)
    result = run_cli("generate", "--patient", "P-001", "--db", ward_url, "-f", "html", "--lang", "fr")
    assert result.exit_code == 0, result.output
    html = result.stdout
    # 18 records, one replaced by its correction: 17 doses printed from the record, 3 left to fill in.
    assert html.count('class="given recorded"') == 17
    assert f">entrée {entries[6]}<" in html and f">entrée {entries[3]}<" not in html  # a line each
    assert "imprimé depuis le registre du service" in html
    assert "administrées au lieu de 3" in html  # the deviation under cycle 4, day 2
    pdf = run_cli("generate", "--patient", "P-001", "--db", ward_url, "-f", "pdf", "-o", "-")
    assert pdf.exit_code == 0 and pdf.stdout_bytes.startswith(b"%PDF")


def test_schedule_options_come_from_the_ward_record(ward_url: str) -> None:
    stored_scenario(ward_url)
    one_line_error(
        run_cli("generate", "--patient", "P-001", "--db", ward_url, "--time", "09:00"),
        "--time comes from the ward record",
        "patients set",
    )
    one_line_error(run_cli("generate", "--db", ward_url), "--patient CODE")
    one_line_error(run_cli("generate", "--patient", "P-404", "--db", ward_url), "P-404")
