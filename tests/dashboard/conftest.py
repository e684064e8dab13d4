"""The dashboard served on a free local port and driven by a real headless Chromium (Debian's
/usr/bin/chromium through Playwright; no browser download). Screenshots go to
tests/artifacts/."""

import contextlib
import shutil
import socket
import threading
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).parents[1] / "artifacts"


@contextlib.contextmanager
def _dashboard(ledger):
    """A page showing the dashboard over ``ledger``, once its first panels have rendered."""
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed")
    from werkzeug.serving import make_server

    from capexloop.dashboard.app import create_app

    app = create_app(ledger)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    srv = make_server("127.0.0.1", port, app.server, threaded=True)
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    ARTIFACTS.mkdir(exist_ok=True)
    try:
        with sync_api.sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=CHROMIUM, headless=True,
                args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                      "--disable-background-networking", "--disable-component-update",
                      "--disable-sync"])
            pg = browser.new_page(viewport={"width": 1400, "height": 2400})
            pg.goto(f"http://127.0.0.1:{port}/")
            pg.wait_for_selector("#loss-rows", timeout=60_000)
            yield pg
            browser.close()
    finally:
        srv.shutdown()


@pytest.fixture(scope="session")
def open_dashboard():
    """``with open_dashboard(ledger) as page: …``"""
    return _dashboard


@pytest.fixture(scope="session")
def click_node():
    """Click an entity of the network: cytoscape draws on a canvas, so its rendered position
    is read through cytoscape's registry."""
    def click(page, entity: str) -> None:
        pos = page.evaluate("""(id) => {
            for (const el of document.querySelectorAll('#network, #network *')) {
                if (el._cyreg && el._cyreg.cy) {
                    const cy = el._cyreg.cy, n = cy.getElementById(id);
                    const p = n.renderedPosition(), r = el.getBoundingClientRect();
                    return {x: r.left + p.x, y: r.top + p.y};
                }
            }
            return null;
        }""", entity)
        assert pos is not None
        page.mouse.click(pos["x"], pos["y"])
    return click
