"""Innovation accounts: an index to read a unit's ideas without their rows

The accounts of a unit join its ideas to their gate decisions, votes and comments. With
ix_ideas_unit_created (unit_id, created_at, and on PostgreSQL id and owner_id as included
columns) the ideas' ids, creation times and owners come from the index alone instead of from
thousands of the ideas' wide rows.

Revision ID: 5c1e7a9d2f40
Revises: d42e27662b11
Create Date: 2026-11-27 00:30:00.000000

"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "5c1e7a9d2f40"
down_revision = "d42e27662b11"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index(
        "ix_ideas_unit_created",
        "ideas",
        ["unit_id", "created_at"],
        unique=False,
        postgresql_include=["id", "owner_id"],
    )


def downgrade():
    op.drop_index("ix_ideas_unit_created", table_name="ideas")
