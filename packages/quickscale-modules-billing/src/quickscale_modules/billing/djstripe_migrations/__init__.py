"""dj-stripe's migrations squashed to their final state (``MIGRATION_MODULES["djstripe"]``, set by billing's layer).

dj-stripe 2.11's own migrations rebuild the project state for each of the 514 ``RemoveField`` operations
of ``0002_2_10``: about 40 s on an empty database. ``0001_squashed_2_11`` creates the same tables, columns,
indexes and constraints in one pass (``tests/test_djstripe_migrations.py`` compares both schemas on SQLite
and PostgreSQL) and ``replaces`` dj-stripe's migrations, so a database that applied them upgrades with
nothing to do. ``quickscale_billing.E030`` fails ``manage.py check`` when the installed dj-stripe has a
migration this squash does not cover (see ``COVERED``).
"""

#: dj-stripe's migrations that ``0001_squashed_2_11`` replaces, in order.
COVERED: tuple[str, ...] = ("0001_initial", "0002_2_10", "0003_2_11")
