"""The ward record's store: patients, dose records and the audit trail in a database (SQLite by default,
PostgreSQL for a ward server), through SQLAlchemy Core, with Alembic migrations shipped in ``migrations/``.

A layer of its own beside ``sources/``, below the application: only ``il2sched.app`` imports it (a contract
in ``pyproject.toml``), and it imports neither the application, the faces nor the renderers. It knows tables,
transactions and constraints; what a record means (the plan, the refusals, the words) is the application's.
"""
