"""Views of the frameworks area: browsing, the editor, and import/export."""

from app.frameworks.routes import browse, content, editor  # noqa: F401 - views attach to bp
