"""Views of the mapping area."""

from app.mapping import hooks  # noqa: F401 - facts, home panel, timeline
from app.mapping.routes import evidence, mapping  # noqa: F401 - views attach to bp
