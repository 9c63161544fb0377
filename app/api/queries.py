"""What the API reads: a client's municipality's cases, certificates and frameworks, and the
clients an administrator sees."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa

from app.api.models import ApiClient
from app.cases.models import Case
from app.certificates.models import Certificate
from app.extensions import db
from app.frameworks.models import Framework
from app.frameworks.vocab import FrameworkStatus
from app.reports import labels as report_labels
from app.reports.queries import one_table
from app.reports.scope import Filters, Scope


def clients_of(municipality_id: int) -> list[ApiClient]:
    """The municipality's API clients, by name."""
    query = sa.select(ApiClient).where(ApiClient.municipality_id == municipality_id)
    return list(db.session.scalars(query.order_by(ApiClient.name, ApiClient.id)))


def cases_changed(municipality_id: int, since: datetime | None) -> sa.Select:
    """The municipality's cases changed at or after `since` (all when None), oldest change
    first, so that a system syncing page by page misses none."""
    query = sa.select(Case).where(Case.municipality_id == municipality_id)
    if since is not None:
        query = query.where(Case.updated_at >= since)
    return query.order_by(Case.updated_at, Case.id)


def certificates_of(participant_id: int) -> list[Certificate]:
    """A participant's certificates, newest first."""
    query = sa.select(Certificate).where(Certificate.participant_id == participant_id)
    return list(db.session.scalars(query.order_by(Certificate.issued_at.desc(), Certificate.id)))


def shared_frameworks() -> sa.Select:
    """The frameworks every municipality may read: published and retired versions."""
    query = sa.select(Framework).where(Framework.status != FrameworkStatus.DRAFT)
    return query.order_by(Framework.code, Framework.version)


def statistics_table(municipality_id: int, key: str, date_from: date, date_to: date) -> dict:
    """The statistics table `key` of the municipality, as the dashboard makes it, with small
    numbers hidden as in the aggregated view ("<5", and "–" where a sum would tell them)."""
    scope = Scope((municipality_id,), regional=True)
    table = one_table(scope, Filters(date_from=date_from, date_to=date_to), key)
    return {
        "key": key,
        "title": str(table.title),
        "description": str(table.description),
        "date_from": date_from,
        "date_to": date_to,
        "row_headers": [str(header) for header in table.row_headers],
        "columns": [{"key": c.key, "label": str(c.label), "kind": c.kind} for c in table.columns],
        "rows": [
            {
                "labels": [str(label) for label in row.labels],
                "is_total": row.is_total,
                "values": {c.key: table.value(row, c) for c in table.columns},
            }
            for row in table.rows
        ],
    }


def statistics_index() -> list[dict]:
    """The keys and titles of the statistics tables, in the dashboard's order."""
    return [
        {"key": key, "title": str(title)} for key, (_s, title, _d) in report_labels.TABLES.items()
    ]


def webhooks_of_client(client: ApiClient) -> list:
    """The client's own webhooks, oldest first."""
    from app.webhooks.models import Webhook

    query = sa.select(Webhook).where(Webhook.api_client_id == client.id).order_by(Webhook.id)
    return list(db.session.scalars(query))


def webhook_of_client(client: ApiClient, webhook_id: int):
    """The client's webhook with this id, or None (also for another client's)."""
    from app.extensions import MAX_ID
    from app.webhooks.models import Webhook

    if not 0 < webhook_id <= MAX_ID:
        return None
    return db.session.scalar(
        sa.select(Webhook).where(Webhook.id == webhook_id, Webhook.api_client_id == client.id)
    )
