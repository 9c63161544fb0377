"""What the mapping adds to a case's timeline, for those who may see the mapping."""

from __future__ import annotations

from flask_babel import gettext as _

from app.cases.facts import TimelineEntry, timeline_source
from app.mapping import services
from app.permissions import can


@timeline_source
def mapping_events(case, viewer) -> list[TimelineEntry]:
    """Frameworks chosen, deepened mappings and evidence added."""
    if not can(viewer, "mapping.view", case):
        return []
    entries = []
    for mapping in services.mappings_of(case):
        who = mapping.created_by.name if mapping.created_by else ""
        kind = _("Mapping")
        entries.append(
            TimelineEntry(mapping.created_at, kind, _("Mapped against %(f)s", f=mapping), who=who)
        )
        if mapping.deepened_at:
            title = _("Deepened mapping against %(f)s", f=mapping)
            entries.append(TimelineEntry(mapping.deepened_at, kind, title))
        for item in mapping.evidence:
            title = _("Evidence added: %(title)s", title=item.title)
            by = item.created_by.name if item.created_by else ""
            entries.append(TimelineEntry(item.created_at, kind, title, who=by))
    return entries
