"""Views of the mapping area."""

from app.mapping import facts, panels  # noqa: F401 - register the workflow facts and home panel
from app.mapping.routes import evidence, mapping  # noqa: F401 - views attach to bp
