"""An application whose export stops half way until the test lets it go, for a real worker:

    python -m flask --app "tests.gated:create_app()" worker

The dashboard export's work commits a few steps of progress, then touches the file named by
VALIDERA_TEST_REACHED and waits until the file named by VALIDERA_TEST_GATE exists (a test kills
the worker meanwhile). Everything else is the application as `flask --app app` builds it, from
the environment.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from app import create_app as create_validera
from app.reports import work
from app.reports.vocab import ExportKind

STEPS_BEFORE_THE_GATE = 3


def create_app():
    app = create_validera()
    reached = Path(os.environ["VALIDERA_TEST_REACHED"])
    gate = Path(os.environ["VALIDERA_TEST_GATE"])
    original = work.WORK[ExportKind.DASHBOARD]

    def gated(job):
        for step, progress in enumerate(original(job), start=1):
            yield progress
            if step == STEPS_BEFORE_THE_GATE:  # its progress is committed now
                reached.touch()
                deadline = time.monotonic() + 120
                while not gate.exists() and time.monotonic() < deadline:
                    time.sleep(0.05)

    work.WORK[ExportKind.DASHBOARD] = gated
    return app
