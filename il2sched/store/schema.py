"""The ward record's tables, as SQLAlchemy Core sees them (the migrations in ``migrations/versions/`` create
them; ``tests/test_store_schema.py`` checks both agree).

- ``entries``: the audit trail, one row per change, numbered 1, 2, 3... with no gap; each names the digest
  of the one before (``previous``, unique: the chain cannot fork) and its own (``digest``).
- ``patients``: one row per patient, written once when the patient is added: the code, the start, the
  regimen (as given, its id, version and a copy of its file's text) and the options. Later changes (an
  option set, a delay, a withdrawal) are entries of the trail, never an update of this row.
- ``dose_records``: one row per recorded outcome of a dose. A dose has at most one first record (a partial
  unique index, :data:`PARTIAL_INDEXES`: two nurses recording the same dose at once cannot both succeed)
  and each record is replaced at most once, by a correction of the same patient's same dose (a unique
  column and a foreign key on the four columns), so every dose has at most one record in force.
- ``users``: the accounts of people who record on a page served beyond loopback, one row per change (added
  with the hash of their password, disabled), each with its entry; never a name (migration 0003).
- ``il2sched_store``: what the database is (il2sched's ward record) and which il2sched created it.

Nothing is updated or deleted: triggers refuse it (migrations 0002 and 0003). Texts hold dates and times
(ISO), so SQLite and PostgreSQL store the same characters and sort them alike.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Column,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

#: The name of the table alembic keeps the schema's revision in (not alembic's default, so that another
#: program's alembic table is never taken for ours).
VERSION_TABLE = "il2sched_schema"

metadata = MetaData()

STORE = Table(
    "il2sched_store",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

ENTRIES = Table(
    "entries",
    metadata,
    Column("number", Integer, primary_key=True, autoincrement=False),
    Column("at", String(32), nullable=False),
    Column("by", String(16), nullable=False),
    Column("action", String(32), nullable=False),
    Column("patient", String(32), nullable=True),
    Column("reason", Text, nullable=False),
    Column("detail", Text, nullable=False),
    Column("previous", String(64), nullable=False, unique=True),
    Column("digest", String(64), nullable=False, unique=True),
    CheckConstraint("number >= 1", name="entries_number_positive"),
    Index("entries_patient", "patient", "number"),
)

PATIENTS = Table(
    "patients",
    metadata,
    Column("code", String(32), primary_key=True),
    Column("code_key", String(32), nullable=False, unique=True),  # case-folded: P-1 and p-1 are one code
    Column("entry", Integer, ForeignKey("entries.number"), nullable=False, unique=True),
    Column("start", String(10), nullable=False),
    Column("regimen", Text, nullable=False),  # as given: a built-in name or a file's path
    Column("regimen_id", Text, nullable=False),
    Column("regimen_version", Text, nullable=False),
    Column("regimen_source", Text, nullable=False),  # the regimen file's text when the patient was added
    Column("options", Text, nullable=False),  # JSON: the options' stored record (app/requests.py)
)

RECORDS = Table(
    "dose_records",
    metadata,
    Column("entry", Integer, ForeignKey("entries.number"), primary_key=True, autoincrement=False),
    Column("patient", String(32), ForeignKey("patients.code"), nullable=False),
    Column("cycle", Integer, nullable=False),
    Column("day", Integer, nullable=False),
    Column("outcome", String(16), nullable=False),
    Column("given_at", String(16), nullable=True),  # local wall time in the patient's zone, YYYY-MM-DDTHH:MM
    Column("amount_iu", BigInteger, nullable=True),
    Column("lot", Text, nullable=False),
    Column("expiry", String(7), nullable=True),  # YYYY-MM
    Column("site", String(16), nullable=True),
    Column("checked_by", String(4), nullable=True),
    Column("reason", String(32), nullable=True),  # why not given
    Column("note", Text, nullable=False),
    Column("replaces", Integer, nullable=True, unique=True),
    CheckConstraint("outcome IN ('given', 'not-given')", name="dose_records_outcome"),
    UniqueConstraint("entry", "patient", "cycle", "day", name="dose_records_dose"),
    ForeignKeyConstraint(
        ["replaces", "patient", "cycle", "day"],
        ["dose_records.entry", "dose_records.patient", "dose_records.cycle", "dose_records.day"],
        name="dose_records_replaces_same_dose",
    ),
)

USERS = Table(
    "users",
    metadata,
    Column("entry", Integer, ForeignKey("entries.number"), primary_key=True, autoincrement=False),
    Column("initials", String(4), nullable=False),  # in capitals
    Column("kind", String(16), nullable=False),  # "add" (with the password's hash) or "disable"
    Column("password", Text, nullable=True),  # argon2id's encoded hash (salt and parameters included)
    CheckConstraint("kind IN ('add', 'disable')", name="users_kind"),
    CheckConstraint("(kind = 'add') = (password IS NOT NULL)", name="users_password_when_added"),
)

#: The partial unique indexes of migrations 0001 and 0003, which these tables do not repeat: declaring them
#: here would load both dialects' modules on every run (their ``sqlite_where``/``postgresql_where``), for
#: indexes only a migration creates. A withdrawal is recorded once per patient; a dose has one first record;
#: an account is added once and disabled at most once.
PARTIAL_INDEXES = (
    "entries_one_withdrawal", "dose_records_one_first_record", "users_one_add", "users_one_disable",
)  # fmt: skip

#: The tables whose rows are never updated or deleted (triggers refuse it).
APPEND_ONLY = ("entries", "patients", "dose_records", "il2sched_store", "users")
