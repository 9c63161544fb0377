"""After a load test: every confirmed journal entry is in the database exactly once.

python -m benchmarks.loadcheck --database-url postgresql+psycopg://.../db
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

import sqlalchemy as sa

PREFIX = "Belastningstest "


def check(url: str, writes: Path) -> dict:
    """Compare the confirmed markers with the journal entries stored for the run."""
    data = json.loads(writes.read_text())
    confirmed = Counter(data["confirmed"])
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        stored = Counter(
            text.removeprefix(PREFIX)
            for text in conn.execute(
                sa.text("SELECT text FROM journal_entries WHERE text LIKE :p"),
                {"p": f"{PREFIX}load-{data['run']}-%"},
            ).scalars()
        )
    engine.dispose()
    return {
        "run": data["run"],
        "confirmed": sum(confirmed.values()),
        "stored": sum(stored.values()),
        "lost": sorted(set(confirmed) - set(stored)),
        "duplicated": sorted(m for m, n in stored.items() if n > 1),
        "unconfirmed_but_stored": sorted(set(stored) - set(confirmed)),
    }


def main() -> None:
    """Print the comparison; exit 1 when a write was lost or duplicated."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.loadcheck")
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--writes", default="benchmarks/results/load-writes.json")
    args = parser.parse_args()
    result = check(args.database_url, Path(args.writes))
    print(json.dumps(result, indent=2))
    sys.exit(1 if result["lost"] or result["duplicated"] else 0)


if __name__ == "__main__":
    main()
