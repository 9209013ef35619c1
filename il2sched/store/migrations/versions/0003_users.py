"""The accounts of the people who record on a page served beyond loopback: one row per change (an account
added, with the argon2id hash of its password; disabled), each with its entry of the trail, append-only like
every table of the ward record. No name is stored: initials only.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

MESSAGE = "il2sched: the ward record is append-only; a change is a new entry"


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column(
            "entry", sa.Integer, sa.ForeignKey("entries.number"), primary_key=True, autoincrement=False
        ),
        sa.Column("initials", sa.String(4), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("password", sa.Text, nullable=True),
        sa.CheckConstraint("kind IN ('add', 'disable')", name="users_kind"),
        sa.CheckConstraint("(kind = 'add') = (password IS NOT NULL)", name="users_password_when_added"),
    )
    for kind in ("add", "disable"):
        op.create_index(
            f"users_one_{kind}",
            "users",
            ["initials"],
            unique=True,
            sqlite_where=sa.text(f"kind = '{kind}'"),
            postgresql_where=sa.text(f"kind = '{kind}'"),
        )
    if op.get_bind().dialect.name == "postgresql":  # migration 0002's function
        op.execute(
            "CREATE TRIGGER users_append_only BEFORE UPDATE OR DELETE ON users "
            "FOR EACH ROW EXECUTE FUNCTION il2sched_append_only()"
        )
        op.execute(
            "CREATE TRIGGER users_no_truncate BEFORE TRUNCATE ON users "
            "FOR EACH STATEMENT EXECUTE FUNCTION il2sched_append_only()"
        )
        return
    for event in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER users_no_{event.lower()} BEFORE {event} ON users "
            f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
        )


def downgrade() -> None:
    op.drop_table("users")  # its triggers and indexes go with it
