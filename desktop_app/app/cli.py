"""Command-line entry point (placeholder replaced in the next commit)."""
import sys


def main(argv: list[str] | None = None) -> int:
    print("timeline-reader: not built yet", file=sys.stderr)
    return 2
