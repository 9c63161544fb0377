"""Screenshots of the pages people read most, for a review: `python -m tools.screenshots NAME`.

Starts the live server of the browser gates (a fresh SQLite file with the demo data), signs in
as the demo accounts in Debian's Chromium, and writes PNGs to test-results/screenshots/NAME/: the
case page, the employer's need form, the verifier's decision page, the register extract's
summary, and the development plan as printed, each at 1280 px and at 390 px.
"""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

from tests.gates.browser import (
    CHROMIUM,
    CHROMIUM_ARGS,
    RESULTS,
    log_in,
    start_server,
)

SHOTS = (
    # name, account, path, media
    ("case", "coach@example.org", "/cases/1", "screen"),
    ("need-form", "employer@example.org", "/employers/1/needs/new", "screen"),
    ("decision", "verifier@example.org", "/assessments/decisions/1", "screen"),
    ("plan-printed", "coach@example.org", "/cases/1/plan", "print"),
)
WIDTHS = (1280, 390)


def register_extract(page) -> str:
    """The summary page of participant 1's register extract, as the administrator downloads it."""
    page.goto("/admin/privacy/participants/1")
    with page.expect_download() as download:
        page.locator("form[action$='/export'] button[type=submit]").click()
    archive = zipfile.ZipFile(io.BytesIO(Path(download.value.path()).read_bytes()))
    name = next(n for n in archive.namelist() if n.endswith(".html"))
    return archive.read(name).decode()


def main(name: str) -> None:
    from playwright.sync_api import sync_playwright

    folder = RESULTS / "screenshots" / name
    folder.mkdir(parents=True, exist_ok=True)
    server = start_server(f"screenshots-{name}")
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for width in WIDTHS:
                pages = {}
                for shot, account, path, media in SHOTS:
                    if account not in pages:
                        context = browser.new_context(
                            base_url=server.base_url, viewport={"width": width, "height": 900}
                        )
                        pages[account] = context.new_page()
                        log_in(pages[account], account)
                    page = pages[account]
                    page.emulate_media(media=media)
                    page.goto(path)
                    page.screenshot(path=folder / f"{shot}-{width}.png", full_page=True)
                    page.emulate_media(media="screen")
                admin = browser.new_context(
                    base_url=server.base_url,
                    viewport={"width": width, "height": 900},
                    accept_downloads=True,
                ).new_page()
                log_in(admin, "admin@example.org")
                admin.set_content(register_extract(admin))
                admin.screenshot(path=folder / f"register-extract-{width}.png", full_page=True)
            browser.close()
    finally:
        server.stop()
    for path in sorted(folder.glob("*.png")):
        print(path.relative_to(RESULTS.parent))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "now")
