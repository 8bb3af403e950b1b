"""The welcome panel above the timeline: a few lines from resources/help/welcome.md and buttons to
import a folder, open a database or see the keyboard shortcuts.

It shows on the first start and for an empty database, until closed; Help › Welcome panel
(Shift+F1) brings it back. Its buttons take the keyboard focus in turn with Tab.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout

from desktop_app.ui.help_dialog import help_html
from desktop_app.ui.resources import resource_path

if TYPE_CHECKING:
    from desktop_app.ui.main_window import MainWindow

def _keys(action: QAction) -> str:
    text = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
    return f" ({text})" if text else ""


class WelcomePanel(QFrame):
    """Getting started: what the app does and three buttons that start it."""

    def __init__(self, window: MainWindow):
        super().__init__(objectName="welcomePanel")
        self.window = window
        # A frame, not a style sheet: style-sheeted widgets keep their colours when the theme changes.
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName("Welcome")
        self.text = QLabel(objectName="welcomeText")  # filled when first shown: see showEvent
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.text.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        # No taller than its contents: the timeline below gets the rest.
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.import_button = self._button("Import folder…", "Import a folder of articles"
                                          + _keys(window.import_action), window.choose_import)
        self.open_button = self._button("Open database…", "Open a .timeline database"
                                        + _keys(window.databases.open_action),
                                        lambda: window.databases.choose_open())
        self.shortcuts_button = self._button("Keyboard shortcuts", "Every shortcut (F1 or ?)",
                                             window.show_help)
        self.close_button = self._button("Close", "Hide this panel (Help › Welcome panel shows it "
                                         "again)", self.hide)
        self.import_button.setDefault(True)
        buttons = QVBoxLayout()
        for button in (self.import_button, self.open_button, self.shortcuts_button):
            buttons.addWidget(button)
        buttons.addWidget(self.close_button)
        buttons.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(16, 8, 16, 8)
        layout.addWidget(self.text, 1)
        layout.addLayout(buttons)
        self.setTabOrder(self.import_button, self.open_button)
        self.setTabOrder(self.open_button, self.shortcuts_button)
        self.setTabOrder(self.shortcuts_button, self.close_button)
        self.hide()

    def _button(self, text: str, tip: str, slot) -> QPushButton:
        button = QPushButton(text)
        button.setToolTip(tip)
        button.setAccessibleDescription(tip)
        button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        button.setAutoDefault(True)  # Enter presses the focused button
        button.clicked.connect(slot)
        return button

    def showEvent(self, event) -> None:
        # Markdown is rendered on first show, not at start: most opens have events and never show it.
        if not self.text.text():
            page = help_html(resource_path("help", "welcome.md"))
            # A panel above the timeline, not a page: its heading is a modest one.
            self.text.setText(page.replace("<h1>", "<h3>").replace("</h1>", "</h3>"))
        super().showEvent(event)

    def show_panel(self, focus: bool = True) -> None:
        """Show the panel; with `focus`, the keyboard starts on Import folder…."""
        self.show()
        if focus:
            self.import_button.setFocus(Qt.FocusReason.OtherFocusReason)
