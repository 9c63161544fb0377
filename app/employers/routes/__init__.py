"""Views of the employers area, one module per part of the work."""

from app.employers import bp, hooks  # noqa: F401 - certificate access, facts, home panels
from app.employers.routes import (  # noqa: F401
    candidates,
    introductions,
    needs,
    organisations,
    placements,
)


@bp.context_processor
def _labels() -> dict:
    """The area's labels in its own templates."""
    from app.employers import labels
    from app.frameworks.labels import LEVEL_LABELS

    return {"labels": labels, "level_labels": LEVEL_LABELS, "explain": labels.explain}
