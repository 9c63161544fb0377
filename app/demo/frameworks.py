"""Demo frameworks: four published frameworks, kept as exchange files in app/demo/frameworks/.

They are loaded through the same importer an administrator uses, so the demo also shows
that the documented format is enough to carry a whole framework.
"""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

from app.extensions import db
from app.frameworks.models import Framework
from app.frameworks.services import import_framework, publish_framework

FOLDER = Path(__file__).with_name("frameworks")


def files() -> list[Path]:
    """The demo exchange files, in a stable order."""
    return sorted(FOLDER.glob("*.json"))


def load() -> int:
    """Import and publish each demo framework that is not there yet; creates no accounts."""
    for path in files():
        framework, problems = import_framework(path.read_bytes())
        if framework is None:
            exists = any(p.kind == "exists" for p in problems)
            if not exists:
                raise ValueError(f"{path.name}: {problems}")
            continue
        publish_framework(framework)
    return 0


def published(code: str) -> Framework:
    """The newest published version of a demo framework (for later loaders)."""
    query = sa.select(Framework).where(Framework.code == code, Framework.status == "published")
    return db.session.scalars(query.order_by(Framework.version.desc())).first()
