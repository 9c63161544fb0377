"""Views of the certificates area: staff pages, public verification, published keys."""

from app.certificates.routes import public, published, staff  # noqa: F401 - views attach to bp
