"""The reference commands: the built-in regimens and a year's public holidays."""

from __future__ import annotations

import click

from il2sched.app.option_table import COUNTRY, LANG


@click.command()
def regimens() -> None:
    """List the built-in regimens.

    \b
    Example:
      il2sched regimens
    """
    from il2sched.app.info import regimen_lines

    for line in regimen_lines():
        click.echo(line)


@click.command("holidays")
@click.option("--country", default=COUNTRY.default, show_default=True, metavar="CC", help="ISO country code.")
@click.option("--subdiv", metavar="CODE", help="Region, e.g. 57 (Moselle) or 6AE/67/68 (Alsace).")
@click.option("--year", type=click.IntRange(1900, 2200), metavar="YYYY", help="Year; default this year.")
@click.option(
    "--lang",
    type=click.Choice([choice.value for choice in LANG.choices]),
    default=LANG.default,
    show_default=True,
    help="Language of the holiday and weekday names.",
)
@click.option("--list", "list_countries", is_flag=True, help="List the supported countries and regions.")
def holidays_command(
    country: str, subdiv: str | None, year: int | None, lang: str, list_countries: bool
) -> None:
    """Print a year's public holidays, one per line: ISO date, weekday, name.

    \b
    Examples:
      il2sched holidays --country FR --year 2027
      il2sched holidays --country FR --subdiv 57 --year 2027 --lang fr
      il2sched holidays --list
    """  # fmt: skip
    from il2sched.app.info import country_lines, public_holiday_lines

    lines = country_lines() if list_countries else public_holiday_lines(country, subdiv, year, lang)
    for line in lines:
        click.echo(line)
