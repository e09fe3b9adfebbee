"""Storage: opening databases, migrations, backups and the plan file."""
