"""The app's rotating log file in the user log folder, and hooks that send uncaught errors to it.

A bundled app has no console: whatever is not written here is lost, so uncaught exceptions in
the main thread and in plain Python threads are logged before anything else happens to them.
"""
from __future__ import annotations

import logging
import logging.handlers
import os
import pathlib
import sys
import threading
from collections.abc import Callable

import platformdirs

APP_NAME = "Timeline Reader"
LOG_NAME = "timeline-reader.log"
LOG_DIR_ENV = "TIMELINE_READER_LOG_DIR"  # tests and portable installs point the log elsewhere
MAX_BYTES = 1_000_000
BACKUPS = 3
FORMAT = "%(asctime)s %(levelname)-7s %(process)d %(name)s: %(message)s"
HANDLER_NAME = "timeline-reader-file"
log = logging.getLogger(__name__)


def log_dir() -> pathlib.Path:
    """The folder of the log files (it may not exist yet)."""
    if os.environ.get(LOG_DIR_ENV):
        return pathlib.Path(os.environ[LOG_DIR_ENV])
    return pathlib.Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


def log_file() -> pathlib.Path:
    return log_dir() / LOG_NAME


def file_handler() -> logging.Handler | None:
    """The app's handler on the root logger, if setup() installed one."""
    return next((h for h in logging.getLogger().handlers if h.get_name() == HANDLER_NAME), None)


def setup(level: int = logging.INFO) -> pathlib.Path | None:
    """Log to the rotating file (once per process); the file, or None if it cannot be written."""
    root = logging.getLogger()
    if file_handler() is not None:
        return log_file()
    path = log_file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(path, maxBytes=MAX_BYTES,
                                                       backupCount=BACKUPS, encoding="utf-8")
    except OSError as exc:
        # A read-only home must not stop the app; say so where a console (if any) shows it.
        print(f"timeline-reader: cannot write the log file {path}: {exc}", file=sys.stderr)
        return None
    handler.set_name(HANDLER_NAME)
    handler.setLevel(level)
    handler.setFormatter(logging.Formatter(FORMAT))
    root.addHandler(handler)
    if root.level == logging.NOTSET or root.level > level:
        root.setLevel(level)
    return path


def teardown() -> None:
    """Remove and close the file handler (tests; a process otherwise keeps it to the end)."""
    handler = file_handler()
    if handler is not None:
        logging.getLogger().removeHandler(handler)
        handler.close()


def install_excepthook(notify: Callable[[str], None] | None = None) -> None:
    """Log uncaught exceptions, tell the user through `notify`, then run the previous hooks."""
    previous, previous_thread = sys.excepthook, threading.excepthook
    busy = threading.local()  # an error while notifying must not loop back into the hook

    def hook(kind, value, tb) -> None:
        if issubclass(kind, KeyboardInterrupt):
            previous(kind, value, tb)
            return
        log.critical("Uncaught exception", exc_info=(kind, value, tb))
        if notify is not None and not getattr(busy, "active", False):
            busy.active = True
            try:
                notify(f"{kind.__name__}: {value}")
            except Exception:  # noqa: BLE001 - the error is logged; a broken notice must not hide it
                log.exception("Could not show the error notice")
            finally:
                busy.active = False
        previous(kind, value, tb)

    def thread_hook(args) -> None:
        if args.exc_type is not SystemExit:
            log.critical("Uncaught exception in thread %s",
                         args.thread.name if args.thread else "?",
                         exc_info=(args.exc_type, args.exc_value, args.exc_traceback))
        previous_thread(args)

    sys.excepthook = hook
    threading.excepthook = thread_hook
