"""The ward record: the audit trail, patients, dose records, and what the database is.

A migration is a snapshot: it spells its tables out rather than importing ``il2sched.store.schema``, which
describes the newest layout.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "il2sched_store",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )
    op.create_table(
        "entries",
        sa.Column("number", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("at", sa.String(32), nullable=False),
        sa.Column("by", sa.String(16), nullable=False),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("patient", sa.String(32), nullable=True),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("detail", sa.Text, nullable=False),
        sa.Column("previous", sa.String(64), nullable=False, unique=True),
        sa.Column("digest", sa.String(64), nullable=False, unique=True),
        sa.CheckConstraint("number >= 1", name="entries_number_positive"),
    )
    op.create_index("entries_patient", "entries", ["patient", "number"])
    op.create_index(
        "entries_one_withdrawal",
        "entries",
        ["patient"],
        unique=True,
        sqlite_where=sa.text("action = 'patient.withdraw'"),
        postgresql_where=sa.text("action = 'patient.withdraw'"),
    )
    op.create_table(
        "patients",
        sa.Column("code", sa.String(32), primary_key=True),
        sa.Column("code_key", sa.String(32), nullable=False, unique=True),
        sa.Column("entry", sa.Integer, sa.ForeignKey("entries.number"), nullable=False, unique=True),
        sa.Column("start", sa.String(10), nullable=False),
        sa.Column("regimen", sa.Text, nullable=False),
        sa.Column("regimen_id", sa.Text, nullable=False),
        sa.Column("regimen_version", sa.Text, nullable=False),
        sa.Column("regimen_source", sa.Text, nullable=False),
        sa.Column("options", sa.Text, nullable=False),
    )
    op.create_table(
        "dose_records",
        sa.Column(
            "entry", sa.Integer, sa.ForeignKey("entries.number"), primary_key=True, autoincrement=False
        ),
        sa.Column("patient", sa.String(32), sa.ForeignKey("patients.code"), nullable=False),
        sa.Column("cycle", sa.Integer, nullable=False),
        sa.Column("day", sa.Integer, nullable=False),
        sa.Column("outcome", sa.String(16), nullable=False),
        sa.Column("given_at", sa.String(16), nullable=True),
        sa.Column("amount_iu", sa.BigInteger, nullable=True),
        sa.Column("lot", sa.Text, nullable=False),
        sa.Column("expiry", sa.String(7), nullable=True),
        sa.Column("site", sa.String(16), nullable=True),
        sa.Column("checked_by", sa.String(4), nullable=True),
        sa.Column("reason", sa.String(32), nullable=True),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("replaces", sa.Integer, nullable=True, unique=True),
        sa.CheckConstraint("outcome IN ('given', 'not-given')", name="dose_records_outcome"),
        sa.UniqueConstraint("entry", "patient", "cycle", "day", name="dose_records_dose"),
        sa.ForeignKeyConstraint(
            ["replaces", "patient", "cycle", "day"],
            ["dose_records.entry", "dose_records.patient", "dose_records.cycle", "dose_records.day"],
            name="dose_records_replaces_same_dose",
        ),
    )
    op.create_index(
        "dose_records_one_first_record",
        "dose_records",
        ["patient", "cycle", "day"],
        unique=True,
        sqlite_where=sa.text("replaces IS NULL"),
        postgresql_where=sa.text("replaces IS NULL"),
    )


def downgrade() -> None:
    for table in ("dose_records", "patients", "entries", "il2sched_store"):
        op.drop_table(table)
