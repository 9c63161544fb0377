"""A live Validera for the browser gates: `python -m tests.gates.serve DATABASE_FILE URLS_FILE`.

Builds a fresh schema in the SQLite file, loads the demo data, writes the URL of every page for
the "own" and "other" demo objects to URLS_FILE (JSON), then serves on a free localhost port and
prints `READY <port>`. It runs as its own process, so its database session is its own and not
the test's rolled-back transaction. The live server always uses a temporary SQLite file, also
when the suite runs on PostgreSQL: the browser gates check pages, and the test database belongs
to the in-process tests.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from werkzeug.serving import make_server

from app import create_app
from app.config import Config
from app.demo import load_demo_data
from app.extensions import db
from tests.clock import mend_sleep_under_faketime
from tests.gates.access_table import TABLE
from tests.gates.demo import SCOPES, Demo
from tests.gates.matrix import app_routes, build_url, takes_object


def live_config(database: Path) -> type:
    class LiveConfig(Config):
        """Like production, but on plain HTTP with a fixed key and a temporary database."""

        SECRET_KEY = "live-server-test-key"
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{database}"
        SESSION_COOKIE_SECURE = False
        PREFERRED_URL_SCHEME = "http"
        RATELIMIT_STORAGE_URI = "memory://"
        SECOND_FACTOR_REQUIRED = "none"  # as under `make run`: the demo accounts use passwords
        JOBS_IMMEDIATE = True  # jobs (mail, exports) run at once: the live server has no worker

    return LiveConfig


def page_urls(app) -> list[dict]:
    """Every GET route in the access table, with its URL per scope (and one that is missing)."""
    demo, pages = Demo(), []
    for rule in app_routes(app):
        route = TABLE.get(rule.endpoint)
        if route is None or "GET" not in (rule.methods or ()) or route.GET is None:
            continue
        scopes = (*SCOPES, "missing") if takes_object(rule) else ("own",)
        if route.no_other:
            scopes = tuple(scope for scope in scopes if scope != "other")
        if route.no_object:
            continue
        urls = {scope: build_url(rule, route, demo, scope) for scope in scopes}
        pages.append({"endpoint": rule.endpoint, "rule": rule.rule, "urls": urls})
    return pages


def main(database: str, urls_file: str) -> None:
    mend_sleep_under_faketime()  # the live server keeps the machine's clock, moved or not
    app = create_app(live_config(Path(database)))
    with app.app_context():
        db.create_all()
        load_demo_data()
        db.session.commit()
        pages = page_urls(app)
        db.session.commit()  # the URL builders may add what the demo data lacks
        Path(urls_file).write_text(json.dumps(pages))
        db.session.remove()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    print(f"READY {server.server_port}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main(*sys.argv[1:3])
