"""Views of the employers area, one module per part of the work (`app.employers.init_app`
loads them), and the labels their templates share."""

from app.employers import bp


@bp.context_processor
def _labels() -> dict:
    """The area's labels in its own templates."""
    from app.employers import labels
    from app.frameworks.labels import LEVEL_LABELS

    return {"labels": labels, "level_labels": LEVEL_LABELS, "explain": labels.explain}
