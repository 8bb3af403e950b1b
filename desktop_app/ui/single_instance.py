"""One window per database: a window listens on a local socket named after its database file, and
a second launch for that database hands it over (the window comes to the front) instead of
opening it twice.

The name is a hash of the user and the resolved file path, so two users, or two spellings of one
path, never mix. The protocol is one JSON line each way: {"open": URL} and {"ok": true}.
"""
from __future__ import annotations

import getpass
import hashlib
import json
import logging
import os
import pathlib

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

PREFIX = "timeline-reader"
CONNECT_MS = 500
REPLY_MS = 3000
MAX_REQUEST = 64 * 1024
log = logging.getLogger(__name__)
_served: dict[str, InstanceServer] = {}  # name -> server of this process (no socket to itself)


def normalise_url(url_or_path: str) -> str:
    """A plain file path as an SQLite URL (as db.session does, without importing SQLAlchemy:
    a second launch that only hands over should start fast)."""
    if "://" in url_or_path:
        return url_or_path
    return f"sqlite:///{pathlib.Path(url_or_path).expanduser().resolve()}"


def database_key(url: str) -> str | None:
    """What identifies a database across launches: its resolved file (None when in memory)."""
    url = normalise_url(url)
    if not url.startswith("sqlite:"):
        return url  # another server: its URL is its identity
    path = url.partition("://")[2].partition("?")[0]
    path = path[1:] if path.startswith("/") else path  # sqlite:///rel and sqlite:////abs
    if path in ("", ":memory:"):
        return None
    return os.path.normcase(str(pathlib.Path(path).expanduser().resolve()))


def server_name(url: str) -> str | None:
    """The local socket name of the window that has `url` open, per user."""
    key = database_key(url)
    if key is None:
        return None
    try:
        user = getpass.getuser()
    except (OSError, KeyError):  # no user name in the environment or password database
        user = str(os.getuid()) if hasattr(os, "getuid") else "user"
    digest = hashlib.sha256(f"{user}\0{key}".encode()).hexdigest()[:24]
    return f"{PREFIX}-{digest}"


def hand_over(url: str, connect_ms: int = CONNECT_MS, reply_ms: int = REPLY_MS) -> bool:
    """Ask the window that has `url` open to come forward; True if one answered."""
    url = normalise_url(url)
    name = server_name(url)
    if name is None:
        return False
    own = _served.get(name)
    if own is not None:  # a window of this very process: a socket would wait on ourselves
        own.activate(url)
        return True
    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(connect_ms):
        return False  # nobody listens (or a stale socket of a crashed app)
    try:
        socket.write(json.dumps({"open": url}).encode() + b"\n")
        socket.waitForBytesWritten(reply_ms)
        reply = b""
        while not reply.endswith(b"\n") and socket.waitForReadyRead(reply_ms):
            reply += bytes(socket.readAll().data())
        return json.loads(reply or b"{}").get("ok") is True
    except ValueError:
        log.warning("A running window gave an unreadable answer for %s", url)
        return False
    finally:
        socket.disconnectFromServer()


class InstanceServer(QObject):
    """Listens for launches of the same database; `activated` fires with the requested URL."""

    activated = Signal(str)

    def __init__(self, url: str, parent: QObject | None = None):
        super().__init__(parent)
        self.url = url
        self.name = server_name(url)
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self.server.newConnection.connect(self._accept)
        self.listening = False
        if self.name is not None:
            self.listening = self._listen()
            if self.listening:
                _served[self.name] = self
        self.destroyed.connect(lambda _=None, name=self.name: _served.pop(name, None))

    def _listen(self) -> bool:
        if self.server.listen(self.name):
            return True
        # Nobody answered before we got here, so a name in use is a crashed app's stale socket.
        QLocalServer.removeServer(self.name)
        if self.server.listen(self.name):
            return True
        log.warning("Cannot listen for other launches on %s: %s", self.name,
                    self.server.errorString())
        return False

    def close(self) -> None:
        """Stop listening (the window is closing or moving to another database)."""
        if _served.get(self.name) is self:
            del _served[self.name]
        self.server.close()
        self.listening = False

    def activate(self, url: str) -> None:
        log.info("Another launch asked for %s: showing this window", url)
        self.activated.emit(url)

    def _accept(self) -> None:
        # Answered synchronously: the client writes its one line at once, and no socket outlives
        # this call (a socket kept for later would need care when the window goes away).
        while self.server.hasPendingConnections():
            socket = self.server.nextPendingConnection()
            try:
                self._answer(socket)
            finally:
                socket.disconnectFromServer()
                socket.deleteLater()

    def _answer(self, socket: QLocalSocket) -> None:
        buffer = bytearray()
        while b"\n" not in buffer and len(buffer) <= MAX_REQUEST:
            if not socket.bytesAvailable() and not socket.waitForReadyRead(REPLY_MS):
                break
            buffer += bytes(socket.readAll().data())
        try:
            url = str(json.loads(bytes(buffer).split(b"\n", 1)[0])["open"])
            ok = database_key(url) == database_key(self.url)
        except (ValueError, KeyError, TypeError):
            ok, url = False, ""
        socket.write(json.dumps({"ok": ok}).encode() + b"\n")
        socket.waitForBytesWritten(REPLY_MS)
        if ok:
            self.activate(url)
        else:
            log.warning("Ignored a malformed or foreign request on %s", self.name)
