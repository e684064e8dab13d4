"""Front-end speed: the report cold on ai2025, and dashboard interactions in real Chromium.

Run: python benchmarks/frontend_bench.py   (needs the [test] extra and Debian's chromium)
Targets: report under 8 s cold; each dashboard interaction answered in under 1 s.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path


def report_cold() -> float:
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "capexloop.cli", "report", "-o",
                        str(Path(tmp) / "r.html")], check=True, capture_output=True,
                       env={"CAPEXLOOP_CACHE": tmp, "PATH": "/usr/bin:/bin",
                            "HOME": tmp, "NUMBA_CACHE_DIR": tmp,   # cold: no compiled kernels
                            "PYTHONDONTWRITEBYTECODE": "1",        # nothing in the source tree
                            "PYTHONPATH": os.environ.get("PYTHONPATH", "")}, cwd=tmp)
        return time.perf_counter() - t0


def dashboard_latencies() -> dict[str, float]:
    from playwright.sync_api import sync_playwright
    from werkzeug.serving import make_server

    from capexloop.dashboard.app import create_app
    from capexloop.ledger import load_dataset

    app = create_app(load_dataset("ai2025"))
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    srv = make_server("127.0.0.1", port, app.server, threaded=True)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    out = {}
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True,
                              args=["--no-sandbox", "--disable-gpu",
                                    "--disable-background-networking"])
        pg = b.new_page(viewport={"width": 1400, "height": 2400})
        t0 = time.perf_counter()
        pg.goto(f"http://127.0.0.1:{port}/")
        pg.wait_for_selector("#loss-rows", timeout=60_000)
        out["first load"] = time.perf_counter() - t0
        for label, key in (("shortfall slider step", "ArrowRight"),
                           ("shortfall slider to 0%", "Home")):
            before = pg.inner_text("#loss-table")
            h = pg.locator("#shortfall-wrap [role=slider]").first
            h.focus()
            t0 = time.perf_counter()
            h.press(key)
            pg.wait_for_function("(b) => document.querySelector('#loss-table').innerText !== b",
                                 arg=before, timeout=10_000)
            out[label] = time.perf_counter() - t0
        pos = pg.evaluate("""() => { const el = document.querySelector('#network');
            const n = el._cyreg.cy.getElementById('nvidia'), p = n.renderedPosition(),
            r = el.getBoundingClientRect(); return {x: r.left + p.x, y: r.top + p.y}; }""")
        t0 = time.perf_counter()
        pg.mouse.click(pos["x"], pos["y"])
        pg.wait_for_selector("text=Deals of nvidia", timeout=10_000)
        out["click a node"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        pg.click("#series")
        pg.keyboard.type("nasdaq")
        pg.keyboard.press("Enter")
        pg.wait_for_function("() => document.querySelectorAll('#bubble-graph .scatterlayer "
                             ".trace').length > 0", timeout=30_000)
        out["switch bubble series (first time computes Nasdaq PSY)"] = time.perf_counter() - t0
        b.close()
    srv.shutdown()
    return out


def main() -> None:
    t = report_cold()
    print(f"report, ai2025, cold (new process, empty cache): {t:.2f} s (target < 15 s)")
    for k, v in dashboard_latencies().items():
        print(f"dashboard {k}: {v:.3f} s" + (" (target < 1 s)" if "load" not in k else ""))


if __name__ == "__main__":
    main()
