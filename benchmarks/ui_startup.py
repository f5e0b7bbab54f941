"""Child process of ui_bench.py: sign in, build and show the main window, print when painted.

    python benchmarks/ui_startup.py SERVER_URL USER DATABASE_URL   (password in $CW_PASSWORD)

Prints `shown_at=<time.perf_counter()>` once the window has been painted; on Linux
perf_counter is CLOCK_MONOTONIC, the same clock in the parent, so the parent subtracts the
moment it started this process.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QTimer

from ui.shell.app import create_application
from ui.shell.launch import open_signed_in_window
from workstation.config import load_settings


def main(server_url: str, user: str, database_url: str) -> None:
    app = create_application()
    settings = load_settings(
        environ={},
        server_url=server_url,
        database_url=database_url,
        data_dir=tempfile.mkdtemp(prefix="ui-startup-"),
    )
    window = open_signed_in_window(settings, username=user, password=os.environ["CW_PASSWORD"])
    window.show()
    window.repaint()

    def report() -> None:
        print(f"shown_at={time.perf_counter()}", flush=True)
        window.sync.stop()
        window.close()
        app.quit()

    QTimer.singleShot(0, report)
    app.exec()


if __name__ == "__main__":
    main(*sys.argv[1:4])
