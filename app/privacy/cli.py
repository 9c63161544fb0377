"""Commands: `flask --app app retention [--dry-run]`, `backup <file>`, `restore <file>`."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app

from app.db import today
from app.extensions import db
from app.privacy import backup as backups
from app.privacy.retention import due_participants
from app.privacy.tasks import anonymise_due


def _describe(due) -> str:
    cases = ", ".join(f"#{n}" for n in due.case_ids) or "none"
    return (
        f"participant {due.participant_id} ({due.municipality}), cases {cases}: "
        f"last entry {due.last_entry}, kept {due.years} years, due since {due.due_on}, "
        f"to be completed by {due.complete_by}"
        + (" (overdue)" if due.complete_by < today() else "")
    )


@click.command("retention")
@click.option("--dry-run", is_flag=True, help="List what would be anonymised; change nothing.")
def retention(dry_run: bool):
    """Anonymise the participants whose retention period has passed (gallring); the worker does
    it daily at RETENTION_HOUR."""
    if dry_run:
        due = due_participants(today())
        for item in due:
            click.echo("would anonymise " + _describe(item))
        db.session.rollback()
        click.echo(f"{len(due)} participant(s) would be anonymised.")
        return
    done = anonymise_due(lambda item: click.echo("anonymising " + _describe(item)))
    click.echo(f"{done} participant(s) anonymised.")


@click.command("backup")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def backup(file: Path):
    """Copy the SQLite database to FILE while the application may keep running."""
    try:
        tables = backups.backup(current_app.config["SQLALCHEMY_DATABASE_URI"], file)
    except backups.BackupRefused as refused:
        raise click.ClickException(str(refused)) from None
    click.echo(f"Backup written to {file} ({tables} tables).")


@click.command("restore")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.confirmation_option(prompt="Replace the whole database with the backup?")
def restore(file: Path):
    """Replace the SQLite database with the backup in FILE (stop the application first)."""
    try:
        tables = backups.restore(current_app.config["SQLALCHEMY_DATABASE_URI"], file, db.engine)
    except backups.BackupRefused as refused:
        raise click.ClickException(str(refused)) from None
    click.echo(f"Database restored from {file} ({tables} tables).")


COMMANDS = (retention, backup, restore)
