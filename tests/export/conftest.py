"""Export tests run inside pytest-qt's QApplication, so a QGuiApplication made by
ensure_gui_app never takes the place the widget tests need."""
from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _qt_application(qapp):
    return qapp

