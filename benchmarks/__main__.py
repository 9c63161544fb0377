"""`python -m benchmarks generate|measure|reminders|imports|load`: fill a database, then measure
the pages (and the reminder and digest runs, a bulk import, the load of many people) on it."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import sqlalchemy as sa

DEFAULT_URL = "sqlite:///instance/bench.db"


def bench_app(url: str):
    """The application on the benchmark database, configured as in production."""
    from app import create_app

    return create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "SESSION_COOKIE_SECURE": False,
            "PREFERRED_URL_SCHEME": "http",
            "SERVER_NAME": None,
            # The public verification page is limited per address; every request here comes
            # from one address, so the limit is raised (the limiter still runs on each request).
            "CERTIFICATE_VERIFY_LIMIT": "1000000/minute",
            # The demo accounts log in with their password (the second factor is timed apart).
            "SECOND_FACTOR_REQUIRED": "none",
        }
    )


def _cases(db) -> int:
    inspector = sa.inspect(db.engine)
    if not inspector.has_table("cases"):
        return 0
    return db.session.scalar(sa.text("SELECT count(*) FROM cases")) or 0


def generate(url: str, scale: float, fresh: bool) -> None:
    """Rebuild the schema, load the demo data and write the generated rows."""
    from app.auth.services import hash_password
    from app.cases.next_follow_up import refresh as refresh_next_follow_ups
    from app.demo import DEMO_PASSWORD, load_demo_data
    from app.extensions import db
    from app.summaries import rebuild_summaries
    from benchmarks.generate import FULL, Generator, render_sample_documents
    from benchmarks.machine import record_generation

    app = bench_app(url)
    with app.app_context():
        wanted = round(FULL["participants"] * scale)
        have = _cases(db)
        db.session.rollback()  # release the count's snapshot before the schema is dropped
        if not fresh and have >= wanted:
            print(f"{url}: {have:,} cases already; --fresh rebuilds it.", file=sys.stderr)
            return
        started = time.perf_counter()
        print(f"Generating scale {scale} into {url}", file=sys.stderr)
        db.drop_all()
        db.create_all()
        load_demo_data()
        db.session.commit()
        generator = Generator(db.session.connection(), db.metadata, scale)
        generator.run(hash_password(DEMO_PASSWORD))
        refresh_next_follow_ups(db.session.connection())  # follow-ups were written with COPY
        render_sample_documents(generator.certificate_ids)
        db.session.commit()
        # Statistics first: without them the planner joins a million fresh rows blindly and
        # the summaries below take an hour instead of seconds.
        _analyze(db)
        rebuild_summaries()  # matching, statistics, ready cases: written past the ORM
        db.session.commit()
        seconds = time.perf_counter() - started
        with db.engine.begin() as connection:
            record_generation(connection, scale, seconds)
        _analyze(db)
        print(f"Done in {seconds:.0f} s.", file=sys.stderr)


def _analyze(db) -> None:
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM ANALYZE")
    else:
        db.session.execute(sa.text("ANALYZE"))
        db.session.commit()


def add_new_tables(app) -> None:
    """Create the tables, columns and indexes of models added since the database was filled
    (a column that is neither nullable nor has a server default needs `generate --fresh`)."""
    from app.extensions import db

    with app.app_context():
        db.create_all()
        added = add_missing_columns(db.engine, db.metadata)
        added += add_missing_indexes(db.engine, db.metadata)
    for name in added:
        print(f"Added {name}.", file=sys.stderr)


def add_missing_columns(engine: sa.Engine, metadata: sa.MetaData) -> list[str]:
    """Add the models' columns that the tables of an already filled database lack, when the
    rows it has can take them (nullable, or with a server default); their names."""
    from alembic.migration import MigrationContext
    from alembic.operations import Operations

    inspector = sa.inspect(engine)
    added = []
    with engine.begin() as conn:
        operations = Operations(MigrationContext.configure(conn))
        for table in metadata.sorted_tables:
            if not inspector.has_table(table.name):
                continue
            present = {column["name"] for column in inspector.get_columns(table.name)}
            for column in table.columns:
                if column.name in present:
                    continue
                if not column.nullable and column.server_default is None:
                    raise SystemExit(f"{table.name}.{column.name} is new: generate --fresh")
                operations.add_column(table.name, column._copy())
                added.append(f"{table.name}.{column.name}")
    return added


def add_missing_indexes(engine: sa.Engine, metadata: sa.MetaData) -> list[str]:
    """Create the models' indexes that the tables of an already filled database lack (a new
    index needs no regeneration; the generator's VACUUM has already marked the pages visible,
    so the index can answer alone); their names."""
    inspector = sa.inspect(engine)
    added = []
    with engine.begin() as conn:
        for table in metadata.sorted_tables:
            if not inspector.has_table(table.name):
                continue
            present = {index["name"] for index in inspector.get_indexes(table.name)}
            for index in sorted(table.indexes, key=lambda i: i.name or ""):
                if index.name not in present:
                    index.create(conn)
                    added.append(index.name)
    return added


def _load_arguments(sub) -> None:
    load = sub.add_parser(
        "load", help="gunicorn and Locust, plain or with faults (see benchmarks/load.py)"
    )
    load.add_argument("--mode", choices=("plain", "kill", "restart"), required=True)
    load.add_argument("--users", type=int, default=500)
    load.add_argument("--spawn-rate", type=float, default=2.0, help="people started a second")
    load.add_argument("--run-time", type=int, default=900, help="seconds, the ramp-up included")
    load.add_argument("--wait", default="30-90", help="seconds between a person's actions")
    load.add_argument("--kill-every", type=float, default=60.0, help="kill: seconds")
    load.add_argument("--outage", type=float, default=10.0, help="restart: seconds down")
    load.add_argument(
        "--own-cluster",
        action="store_true",
        help="plain and kill on a cluster of the runner's own too (restart always is)",
    )
    load.add_argument(
        "--scale", type=float, default=0.02, help="the own cluster's data (1.0 = 100 000 cases)"
    )
    load.add_argument(
        "--redis-url",
        default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/9"),
        help="sessions, rate limits and the cache",
    )
    load.add_argument("--output", help="default benchmarks/results/load-<mode>")


def main(argv: list[str] | None = None) -> None:
    """Parse the command line and run the command."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    sub = parser.add_subparsers(dest="command", required=True)
    gen = sub.add_parser("generate", help="fill the benchmark database")
    gen.add_argument("--scale", type=float, default=1.0, help="1.0 = 100 000 cases")
    gen.add_argument("--fresh", action="store_true", help="rebuild even if already filled")
    meas = sub.add_parser("measure", help="measure the pages and write benchmarks/results/")
    meas.add_argument("--iterations", type=int, default=50)
    meas.add_argument("--output", default="benchmarks/results/latest")
    meas.add_argument("--only", help="measure only the pages whose name contains this")
    rem = sub.add_parser("reminders", help="time the reminder and digest runs")
    rem.add_argument("--output", help="also write the figures to this JSON file")
    imp = sub.add_parser(
        "imports", help="time a bulk import of referrals (upload, preview, confirm)"
    )
    imp.add_argument("--rows", type=int, default=10_000)
    imp.add_argument("--output", help="also write the figures to this JSON file")
    scales = sub.add_parser("scales", help="put results of several scales side by side")
    scales.add_argument("results", nargs="+", help="results JSON files, smallest scale first")
    scales.add_argument("--output", default="benchmarks/results/scales.md")
    _load_arguments(sub)
    args = parser.parse_args(argv)
    if args.command == "scales":
        from benchmarks.scales import write

        print(write(args.results, args.output))
    elif args.command == "generate":
        generate(args.database_url, args.scale, args.fresh)
    elif args.command == "load":
        from benchmarks.load import describe_database, run_load, write

        found = run_load(args.mode, args, generate=generate, describe=describe_database(bench_app))
        write(found, Path(args.output or f"benchmarks/results/load-{args.mode}"))
        print("\n".join(found["verdict"]), file=sys.stderr)
    elif args.command == "imports":
        from benchmarks.imports import measure_imports

        measure_imports(bench_app(args.database_url), rows=args.rows, output=args.output)
    elif args.command == "reminders":
        from benchmarks.reminders import measure_reminders

        app = bench_app(args.database_url)
        add_new_tables(app)
        measure_reminders(app, output=args.output)
    else:
        from benchmarks.measure import measure

        app = bench_app(args.database_url)
        add_new_tables(app)
        measure(app, args.iterations, args.output, args.only)


if __name__ == "__main__":
    main()
