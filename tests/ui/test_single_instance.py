"""One window per database: the local-socket hand-over between two launches."""
from __future__ import annotations

import json

from PySide6.QtNetwork import QLocalSocket

from desktop_app.ui import single_instance


def test_keys_name_the_resolved_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sub").mkdir()
    a = single_instance.database_key(str(tmp_path / "a.timeline"))
    assert a == single_instance.database_key("sub/../a.timeline")
    assert a == single_instance.database_key(f"sqlite:///{tmp_path / 'sub' / '..' / 'a.timeline'}")
    assert a != single_instance.database_key(str(tmp_path / "b.timeline"))
    assert single_instance.database_key("sqlite://") is None
    assert single_instance.server_name("sqlite://") is None
    name = single_instance.server_name(str(tmp_path / "a.timeline"))
    assert name.startswith("timeline-reader-") and len(name) < 60  # Unix socket paths are short


def request(qtbot, name: str, payload: bytes) -> dict:
    """Send one request from a second socket in this process; the server's reply."""
    client = QLocalSocket()
    client.connectToServer(name)
    qtbot.waitUntil(lambda: client.state() == QLocalSocket.LocalSocketState.ConnectedState)
    client.write(payload)
    client.flush()
    reply = bytearray()

    def answered() -> bool:
        reply.extend(bytes(client.readAll().data()))
        return reply.endswith(b"\n")

    qtbot.waitUntil(answered)
    client.disconnectFromServer()
    return json.loads(bytes(reply))


def test_a_request_for_the_same_database_activates_the_server(qtbot, tmp_path):
    url = f"sqlite:///{tmp_path / 'story.timeline'}"
    server = single_instance.InstanceServer(url)
    try:
        assert server.listening
        with qtbot.waitSignal(server.activated) as seen:
            reply = request(qtbot, server.name, json.dumps({"open": str(tmp_path / "story.timeline")})
                            .encode() + b"\n")
        assert reply == {"ok": True}
        assert seen.args == [str(tmp_path / "story.timeline")]
    finally:
        server.close()


def test_foreign_or_garbled_requests_are_refused(qtbot, tmp_path):
    server = single_instance.InstanceServer(f"sqlite:///{tmp_path / 'story.timeline'}")
    activated = []
    server.activated.connect(activated.append)
    try:
        other = json.dumps({"open": str(tmp_path / "other.timeline")}).encode() + b"\n"
        assert request(qtbot, server.name, other) == {"ok": False}
        assert request(qtbot, server.name, b"not json\n") == {"ok": False}
        assert activated == []
    finally:
        server.close()


def test_no_running_window_means_no_hand_over(tmp_path):
    url = f"sqlite:///{tmp_path / 'nobody.timeline'}"
    assert single_instance.hand_over(url) is False
    assert single_instance.hand_over("sqlite://") is False


def test_a_stale_socket_of_a_crashed_app_is_taken_over(qtbot, tmp_path):
    url = f"sqlite:///{tmp_path / 'story.timeline'}"
    first = single_instance.InstanceServer(url)
    first.close()  # like a crash that left nothing listening
    second = single_instance.InstanceServer(url)
    try:
        assert second.listening
        with qtbot.waitSignal(second.activated):
            assert request(qtbot, second.name, json.dumps({"open": url}).encode() + b"\n")["ok"]
    finally:
        second.close()


def test_a_window_of_this_process_is_activated_without_a_socket(qtbot, tmp_path):
    url = f"sqlite:///{tmp_path / 'story.timeline'}"
    server = single_instance.InstanceServer(url)
    try:
        with qtbot.waitSignal(server.activated, timeout=1000):
            assert single_instance.hand_over(str(tmp_path / "story.timeline"))
    finally:
        server.close()
    assert single_instance.hand_over(url) is False  # closed: nobody answers any more
