"""Writing export files: beside the target first, renamed at the end, so a failure (a full
disk above all) never leaves half a file where the user looks for it."""
from __future__ import annotations

import errno
import pathlib


class DiskFull(OSError):
    """ENOSPC with a sentence for the user (no "[Errno 28]" prefix)."""

    def __str__(self) -> str:
        return self.strerror


def disk_full(folder: pathlib.Path, exc: OSError) -> DiskFull:
    """The error a user sees when an export runs out of space: where, and what to do."""
    return DiskFull(errno.ENOSPC, f"Not enough free disk space in {folder} to write the export. "
                                  "Free some space or choose another folder; nothing was written.")


def write_atomically(out_path, data: bytes) -> pathlib.Path:
    """Write `data` beside `out_path` then rename, so a failed export leaves no half file."""
    out = pathlib.Path(out_path)
    tmp = out.with_name(out.name + ".part")
    try:
        tmp.write_bytes(data)
        tmp.replace(out)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            raise disk_full(out.parent, exc) from exc
        raise
    return out
