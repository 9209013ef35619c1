"""The words of the errors a person can meet on the page, by key (:mod:`.messages` fills them in).

``cli``: the command line's English line, as it has always read (tests compare it byte for byte); it names
options ``--like-this``. ``en``: the page's English, only where it differs from the command line's (a
message that names an option in the command line's own way, or tells to add one). ``fr``: the page's
French, every key (:mod:`.phrases_errors_fr`). A test checks that ``cli`` and ``fr`` have the same keys,
that each template of one key takes the same parameters, and that no page text holds an ``--option``.

Placeholders: ``{field}``-like parameters are :class:`~il2sched.core.messages.Opt` (``--name``, or the
field's label on the page); ``{what}`` a :class:`~il2sched.core.messages.Phrase` of the ``term.`` keys;
``{problem}`` another error.
"""

from __future__ import annotations

from il2sched.core.phrases_errors_fr import FRENCH
from il2sched.core.phrases_errors_record import RECORD_CLI, RECORD_EN, RECORD_FR
from il2sched.core.typography import french_spacing

#: The command line's table.
CLI = "cli"

COMMAND_LINE: dict[str, str] = {
    "word.or": " or ",
    # Terms some messages put in their sentence.
    "term.roster": "roster",
    "term.regimen_file": "regimen file",
    "term.closures_file": "closures file",
    "term.site_name": "the site name",
    "term.language": "language",
    "term.policy": "closed-day policy",
    "term.yes_no": "yes-or-no value",
    "term.alignment": "alignment",
    "term.paper": "paper",
    "term.minutes": "minutes",
    "term.days": "days",
    "term.processes": "processes",
    "term.bsa": "body surface area",
    "term.weight": "weight",
    "term.height": "height",
    "reading.number": "number",
    "reading.date": "date",
    "reading.truth value": "truth value",
    "term.option": "{field}",
    "term.start_date": "start date",
    "term.regimen_text": "the regimen's {key}",
    "term.mosteller": "body surface area (Mosteller, {height} cm, {weight} kg)",
    "term.format": "format",
    "term.worklist_format": "worklist format",
    "weekday.0": "Monday",
    "weekday.1": "Tuesday",
    "weekday.2": "Wednesday",
    "weekday.3": "Thursday",
    "weekday.4": "Friday",
    "weekday.5": "Saturday",
    "weekday.6": "Sunday",
    # Values people type (core/parsing.py, app/options.py).
    "option.invalid": "invalid value for '{field}': {problem}",
    "option.missing": "missing option '{field}': give {field} {metavar}",
    "option.missing_bare": "missing option '{field}': give {field}",
    "option.one_of": "{what} {text} is not supported; use {choices}",
    "option.number": "{text} is not a number of {what} from {low} to {high}",
    "date.format": "{text} is not a date; write it as YYYY-MM-DD, e.g. 2026-04-27",
    "date.unreal": "{text} is not a real calendar date; check the day and month",
    "date.range": "{day} is out of range: il2sched handles dates from {first} to {last}; check the year",
    "date.range_of": (
        "{what} {day} is out of range: il2sched handles dates from {first} to {last}; check the year"
    ),
    "time.format": "{text} is not a time; write it as HH:MM on 24 hours, e.g. 09:30",
    "duration.format": "{text} is not a duration; write e.g. 30m, 2h, 1d or 1h30m",
    "duration.range": "{text} must be more than 0 and at most 4 weeks",
    "delay.format": "{text} is not a delay; write CYCLE:WEEKS, e.g. 3:1",
    "delay.zero": "{text}: the cycle and the weeks must both be 1 or more",
    "delay.twice": (
        "cycle {cycle} is delayed twice ({cycle}:{first} and {cycle}:{second}): name each cycle once, with "
        "its whole delay (e.g. {cycle}:{whole})"
    ),
    "delay.cycle": (
        "invalid delay {cycle}:{weeks}: the cycle must be 1 to {count} and the delay 0 or more weeks"
    ),
    "span.format": "{text} is not a date; write YYYY-MM-DD or YYYY-MM-DD..YYYY-MM-DD",
    "span.reversed": "{text} ends before it starts; write the earlier date first",
    "span.long": "{text} spans more than a year; check the years or split the range",
    "text.forbidden": (
        "{what} contains {char} (a line break, control, text-direction or non-text character); write it on "
        "one line without it"
    ),
    "text.long": (
        "{what} is {length} characters long but a printed page has room for {limit}; shorten it to {limit} "
        "at most"
    ),
    "text.undrawable": (
        "{what} contains '{char}' ({code}), which the printed page's font cannot draw (it has Latin, Greek "
        "and Cyrillic letters); write it without that character"
    ),
    "measure.format": "{text} is not a {what}; write a number of {unit} such as {example}",
    "measure.range": "{what} {value} {unit} is implausible; give {low} to {high} {unit}",
    "measure.implausible": "{what} {value} {unit} is implausible; give a value from {low} to {high} {unit}",
    "flag.value": (
        "invalid value for '{field}': {text} is not a valid flag value; write {name}=1 to set it, or leave "
        "it out"
    ),
    # Body size (core/dosing.py).
    "body.both": "give {bsa}, or {height} with {weight}, not both",
    "body.height_alone": "{height} needs {weight} too (Mosteller formula); or give {bsa}",
    "body.missing_m2": (
        "regimen {regimen} doses per m² of body surface area: give {bsa} M2, or {height} CM with {weight} KG "
        "(roster columns bsa, or height and weight)"
    ),
    "body.missing_kg": (
        "regimen {regimen} doses per kg of body weight: give {weight} KG (roster column weight)"
    ),
    "body.zero": (
        "regimen {regimen} dose {amount} units/{unit} × {size} {unit} rounds to 0 units (step {step}); check "
        "the body size, or the regimen's round_to_iu"
    ),
    "body.too_much": (
        "regimen {regimen} dose comes to {iu} units, more than the {most} allowed; check the body size"
    ),
    # The schedule (core/schedule.py, core/bounds.py, core/period.py, app/planning.py).
    "patient.invalid": (
        "invalid patient code {code}: use 1 to 32 letters, digits, '.', '_' or '-' (a pseudonymous code, "
        "never "
        "a name; not a reserved device name such as CON)"
    ),
    "patient.spreadsheet": (
        "patient code {code} would be read as a {kind} by a spreadsheet opening the CSV (Excel, LibreOffice "
        "Calc), which changes it and loses whose doses they are: use a code that stays text, with a letter "
        "first, such as 'P-{bare}'"
    ),
    "start.monday": "start date {day} is a {weekday}, but week 1 starts on a Monday: use {before} or {after}",
    "start.monday_align": (
        "start date {day} is a {weekday}, but week 1 starts on a Monday: use {before} or {after}, or add "
        "{align} previous|next"
    ),
    "schedule.past_9999": "a schedule starting {start} would run past year 9999; choose an earlier start",
    "schedule.no_open_day": "no open day is left before year 10000 for a moved dose; choose an earlier start",
    "schedule.before_first": (
        "reminders of a schedule starting {start} would fall before {first}, the first date il2sched "
        "handles; "
        "check the year and the reminders"
    ),
    "schedule.past_last": (
        "a schedule starting {start} (delays and shifted doses included) could run past {last}, the last "
        "date "
        "il2sched handles; check the start year and the delays"
    ),
    "period.reversed": "{from_} {first} is after {to} {last}: give the first day of the period first",
    "period.empty": (
        "no dose between {first} and {last}: the course runs from {start} to {end}; choose days within it"
    ),
    "remind_at.late": (
        "{remind_at} {at} is not before the dose time {time}: choose an earlier time, or {remind} "
        "DURATION for "
        "a reminder before each dose"
    ),
    "reminders.many": (
        "{count} reminders a dose ({remind} and {remind_at}); give {most} at most: calendar apps ring a "
        "few at "
        "most"
    ),
    "country.empty": (
        "{country} is empty: give an ISO country code such as FR, or {no_holidays} to ignore holidays"
    ),
    "subdiv.empty": "{subdiv} is empty: give a region code such as 57, or leave {subdiv} out",
    "weekends.both": (
        "{open} and {closed} contradict each other: keep one (weekends are closed unless {open})"
    ),
    "country.unknown": (
        "unknown country {country} for public holidays: give an ISO 3166 code such as FR, BE or CH "
        "('il2sched holidays --list' shows them all), or add {no_holidays}"
    ),
    "subdiv.unknown": "unknown subdivision {subdiv} of {country}: use one of {valid}",
    "subdiv.none": "none (leave {subdiv} out)",
    "zone.unknown": "unknown time zone {zone}: use an IANA name such as Europe/Paris or America/New_York",
    "regimen.unknown": "unknown regimen {name}: use a built-in name ({known}) or the path of a .toml file",
    "paper.unknown": "unknown paper {name}; use one of: {known}",
    "format.unknown": "unknown {what} {name}: use one of {known}",
    "lang.unknown": "unsupported language {lang}; use {known}",
    # The page's own refusals (web/).
    "page.not_offered": "no '{name}' on the web page: {reason}",
    "page.unknown": "No such option {given}.{hint} (see 'il2sched {command} --help')",
    "page.local_file": (
        "{field} names a file of the computer serving this page, which a page served to other machines does "
        "not read; use a built-in regimen and {closed} dates"
    ),
    "page.no_roster": "no roster: start the server with 'il2sched serve --roster ROSTER.csv'",
    "page.roster_reading": "the roster file changed and is being read again; try again in a few seconds",
    # Files (sources/files.py) and the roster (sources/roster.py, app/roster.py).
    "file.nul": "{name}: a file name cannot contain a NUL character; {hint}",
    "file.missing": "{name}: {what} not found; {hint}",
    "file.unreadable": "{name}: cannot read the {what} ({reason})",
    "file.folder": "{name}: is a folder, not a {what}; give a text file",
    "file.kind": "{name}: is {kind}, not a {what}; give a regular text file",
    "file.large": "{name}: the {what} is larger than {size}, the most il2sched reads; check the file",
    "file.utf8": "{name} line {line}: not UTF-8 text; save the {what} as UTF-8",
    "hint.option_path": "check the path given to {option}",
    "hint.path": "check the path",
    "hint.closures": "check the path given to {closed_file}",
    "file.line": "{name} line {line}: {problem}",
    "roster.utf8": "{name} line {line}: not UTF-8 text; save the roster as 'CSV UTF-8'",
    "roster.empty": "{name}: the roster is empty; write a header 'patient,start' and one row per patient",
    "roster.no_patient": "{name}: the roster has a header but no patient; add one row per patient",
    "roster.cells": "{name} line {line}: more cells than columns; check the separators",
    "roster.twice": "{name} line {line}: patient {patient} is already on line {first}; each code once",
    "roster.missing_column": "{name} line 1: missing column {missing}; the header needs {needed}",
    "roster.unknown_column": "{name} line 1: unknown column {listed}; use {allowed}",
    "roster.more_columns": "{listed} and {more} more",
    "roster.column_twice": "{name} line 1: column {twice} appears twice; keep one",
    "roster.too_many": (
        "{name} line {line}: more than {most} patients; split the roster into several files "
        "(one a ward or a team)"
    ),
    "roster.cell_long": "a cell longer than {limit} characters; check the quotes and separators",
    "roster.csv": "not readable as CSV (an unclosed quote?); check the quotes and separators",
    "code.ward": "patient code {code} is the name of the ward files; choose another code",
    "code.device": (
        "patient code {code} starts with {device}, a name Windows keeps for a device, so its files could not "
        "be opened there; choose another code"
    ),
    "code.batch": "patient code {code} would write {file}, a file of the batch itself; choose another code",
    "code.clash": (
        "patient code {code} would write {file}, which is patient {other}'s file (line {line}); choose codes "
        "that do not end in a format's suffix"
    ),
}

#: The page's English, where it differs from the command line's.
PAGE_ENGLISH: dict[str, str] = {
    "term.option": "'{field}'",
    "option.missing": "{field} is needed: fill it in",
    "option.missing_bare": "{field} is needed: fill it in",
    "flag.value": "invalid value for '{field}': {text} is not a valid flag value; tick the box or leave it",
    "body.both": "give '{bsa}', or '{height}' with '{weight}', not both",
    "body.height_alone": "'{height}' needs '{weight}' too (Mosteller formula); or give '{bsa}'",
    "body.missing_m2": (
        "regimen {regimen} doses per m² of body surface area: fill in '{bsa}', or '{height}' and '{weight}'"
    ),
    "body.missing_kg": "regimen {regimen} doses per kg of body weight: fill in '{weight}'",
    "start.monday_align": (
        "start date {day} is a {weekday}, but week 1 starts on a Monday: use {before} or {after}, or choose "
        "the Monday under '{align}'"
    ),
    "period.reversed": "'{from_}' {first} is after '{to}' {last}: give the first day of the period first",
    "remind_at.late": (
        "'{remind_at}' {at} is not before the dose time {time}: choose an earlier time, or use '{remind}' "
        "for "
        "a reminder before each dose"
    ),
    "reminders.many": "{count} reminders a dose ('{remind}' and '{remind_at}'); give {most} at most",
    "country.empty": "'{country}' is empty: give an ISO country code such as FR, or tick '{no_holidays}'",
    "subdiv.empty": "'{subdiv}' is empty: give a region code such as 57, or leave it empty",
    "weekends.both": "'{open}' and '{closed}' contradict each other: keep one",
    "country.unknown": (
        "unknown country {country} for public holidays: give an ISO 3166 code such as FR, BE or CH, or tick "
        "'{no_holidays}'"
    ),
    "subdiv.none": "none (leave '{subdiv}' empty)",
    "page.unknown": "this page has no field '{name}'; check the address",
    "page.local_file": (
        "'{field}' names a file of the computer serving this page, which a page served to other machines "
        "does "
        "not read; use a built-in regimen and '{closed}'"
    ),
    "page.no_roster": "no roster: the server was started without one",
    "hint.closures": "check the path given in '{closed_file}'",
}

# record's refusals a nurse meets on the ward's page (their own module: the table stays under 400 lines).
COMMAND_LINE.update(RECORD_CLI)
PAGE_ENGLISH.update(RECORD_EN)
FRENCH.update(RECORD_FR)

ERROR_PHRASES: dict[str, dict[str, str]] = {
    CLI: COMMAND_LINE,
    "en": PAGE_ENGLISH,
    "fr": {key: french_spacing(text) for key, text in FRENCH.items()},
}
