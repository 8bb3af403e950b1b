"""Opening a link found in an article: only after a click, with the address shown first, and
never for file:, javascript:, data: or other non-web addresses (core/link_policy.py)."""
from __future__ import annotations

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop_app.core import link_policy


def confirm_and_open(parent: QWidget, address: str) -> QMessageBox:
    """Ask (showing the full address) before opening it in the system browser; refuse unsafe ones.
    Returns the open (window-modal, non-blocking) message box."""
    shown = address if len(address) <= 500 else address[:500] + "…"
    reason = link_policy.refusal(address)
    if reason is not None:
        box = QMessageBox(QMessageBox.Icon.Warning, "Link not opened", f"{reason}\n\n{shown}",
                          QMessageBox.StandardButton.Ok, parent)
        box.setObjectName("linkRefused")
    else:
        box = QMessageBox(QMessageBox.Icon.Question, "Open link",
                          f"Open this address in your web browser?\n\n{shown}",
                          QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Cancel, parent)
        box.setObjectName("linkConfirm")
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        opener = box.button(QMessageBox.StandardButton.Open)
        box.buttonClicked.connect(lambda button: QDesktopServices.openUrl(
            QUrl(address, QUrl.ParsingMode.StrictMode)) if button is opener else None)
    box.setTextFormat(Qt.TextFormat.PlainText)  # the address is shown as text, never as markup
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box
