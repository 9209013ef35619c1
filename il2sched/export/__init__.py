"""Renderers of schedules for calendars and programs: iCalendar, CSV, JSON, plain text, FHIR.

Each module holds one format's renderer, a function from a model (a schedule, or a worklist's days) and
:class:`~il2sched.core.options.RenderOptions` to bytes. The registry that names them is
:mod:`il2sched.app.formats`.
"""
