"""The app's look: its SVG icon, and a light or dark theme that follows the system's colour
scheme (Qt 6.5+) or the choice made in View › Theme, remembered in the settings.

Where the platform's own palette already matches the scheme it is kept; otherwise (Fusion on a
desktop without a platform theme) a dark palette is applied by hand.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QActionGroup, QColor, QGuiApplication, QIcon, QPalette

from desktop_app.ui import state
from desktop_app.ui.resources import resource_path

if TYPE_CHECKING:
    from desktop_app.ui.main_window import MainWindow

MODES = ("system", "light", "dark")
SETTINGS_KEY = "theme"
Role = QPalette.ColorRole
Group = QPalette.ColorGroup


def app_icon() -> QIcon:
    """The app's icon from SVG: drawn at whatever size and scale the screen needs, never blurred."""
    return QIcon(str(resource_path("icons", "timeline-reader.svg")))


def saved_mode(settings=None) -> str:
    mode = str((settings or state.open_settings()).value(SETTINGS_KEY) or "system")
    return mode if mode in MODES else "system"


def effective(mode: str, system: Qt.ColorScheme) -> str:
    """"light" or "dark": the choice, or for "system" what the system says (light if unknown)."""
    if mode in ("light", "dark"):
        return mode
    return "dark" if system == Qt.ColorScheme.Dark else "light"


def is_dark(palette: QPalette) -> bool:
    return palette.color(Role.Window).lightness() < 128


def dark_palette() -> QPalette:
    """A dark palette with enough contrast for text, links and the selection."""
    palette = QPalette()
    colours = {Role.Window: "#2b2d31", Role.WindowText: "#e6e6e6", Role.Base: "#1e1f22",
               Role.AlternateBase: "#2b2d31", Role.ToolTipBase: "#3c3f45",
               Role.ToolTipText: "#f0f0f0", Role.PlaceholderText: "#8c8f94", Role.Text: "#e6e6e6",
               Role.Button: "#33363b", Role.ButtonText: "#e6e6e6", Role.BrightText: "#ff6b6b",
               Role.Light: "#45484e", Role.Midlight: "#3a3d42", Role.Mid: "#2f3136",
               Role.Dark: "#18191b", Role.Shadow: "#000000", Role.Highlight: "#3d6fd6",
               Role.HighlightedText: "#ffffff", Role.Link: "#8ab4f8",
               Role.LinkVisited: "#c58af9"}
    for role, colour in colours.items():
        palette.setColor(role, QColor(colour))
    for role in (Role.WindowText, Role.Text, Role.ButtonText):
        palette.setColor(Group.Disabled, role, QColor("#7d8086"))
    return palette


def apply(mode: str, app: QGuiApplication | None = None) -> str:
    """Apply a theme mode to the application; the scheme in effect ("light" or "dark")."""
    app = app or QGuiApplication.instance()
    hints = app.styleHints()
    if mode == "system":
        hints.unsetColorScheme()
    else:  # platforms that can (Windows, macOS, some Linux desktops) switch their own palette
        hints.setColorScheme(Qt.ColorScheme.Dark if mode == "dark" else Qt.ColorScheme.Light)
    scheme = effective(mode, hints.colorScheme())
    app.setPalette(QPalette())  # back to the platform's palette, then see if it matches
    if (scheme == "dark") != is_dark(app.palette()):
        app.setPalette(dark_palette() if scheme == "dark" else light_palette(app))
    return scheme


def light_palette(app: QGuiApplication) -> QPalette:
    style = app.style() if hasattr(app, "style") else None
    return style.standardPalette() if style is not None else QPalette(QColor("#efefef"))


class ThemeActions(QObject):
    """View › Theme (System, Light, Dark) and Ctrl+Shift+T to step through them."""

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.window = window
        self.settings = state.open_settings()
        self.menu = window.view_menu.addMenu("&Theme")
        self.group = QActionGroup(self)
        self.actions: dict[str, QAction] = {}
        for mode, text in (("system", "Follow the &system"), ("light", "&Light"), ("dark", "&Dark")):
            action = window.add_action(self.menu, text, "", lambda _c=False, m=mode: self.choose(m),
                                       f"{mode.capitalize()} theme" if mode != "system"
                                       else "Light or dark as the system is")
            action.setCheckable(True)
            self.group.addAction(action)
            self.actions[mode] = action
        self.menu.addSeparator()
        self.cycle_action = window.add_action(self.menu, "&Next theme", "Ctrl+Shift+T", self.cycle,
                                              "Step through the themes: system, light, dark")
        self.menu.aboutToShow.connect(self._show_mode)  # another window may have changed it
        self._show_mode()
        follow_system()

    @property
    def mode(self) -> str:
        return saved_mode(self.settings)

    def _show_mode(self) -> None:
        self.actions[self.mode].setChecked(True)

    def choose(self, mode: str) -> None:
        """Apply and remember a theme mode."""
        self.settings.setValue(SETTINGS_KEY, mode)
        self.settings.sync()
        self._show_mode()
        scheme = apply(mode)
        self.window.statusBar().showMessage(f"Theme: {self.actions[mode].text().replace('&', '')}"
                                            f" ({scheme})", 4000)

    def cycle(self) -> None:
        self.choose(MODES[(MODES.index(self.mode) + 1) % len(MODES)])


_following: set[int] = set()  # applications whose system colour scheme is followed


def follow_system() -> None:
    """Once per application: when the system switches light/dark, follow it if the user let it."""
    app = QGuiApplication.instance()
    if app is None or id(app) in _following:
        return
    _following.add(id(app))
    app.styleHints().colorSchemeChanged.connect(
        lambda _scheme: apply("system") if saved_mode() == "system" else None)
