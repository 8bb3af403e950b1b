"""Writing export files: beside the target first, renamed at the end, so a failure (a full
disk above all) never leaves half a file where the user looks for it."""
from __future__ import annotations

import contextlib
import errno
import os
import pathlib
from collections.abc import Iterator


class DiskFull(OSError):
    """ENOSPC with a sentence for the user (no "[Errno 28]" prefix)."""

    def __str__(self) -> str:
        return self.strerror


def disk_full(folder: pathlib.Path, exc: OSError) -> DiskFull:
    """The error a user sees when an export runs out of space: where, and what to do."""
    return DiskFull(errno.ENOSPC, f"Not enough free disk space in {folder} to write the export. "
                                  "Free some space or choose another folder; nothing was written.")


@contextlib.contextmanager
def replacing(out_path) -> Iterator[pathlib.Path]:
    """Yield a hidden partial file beside `out_path` to write; on success it replaces `out_path`,
    on any failure it is removed (and a full disk is said in words)."""
    out = pathlib.Path(out_path)
    partial = out.with_name(f".{out.name}.part")
    try:
        yield partial
        os.replace(partial, out)
    except BaseException as exc:
        partial.unlink(missing_ok=True)
        if isinstance(exc, OSError) and not isinstance(exc, DiskFull) \
                and exc.errno in (errno.ENOSPC, errno.EDQUOT):
            raise disk_full(out.parent, exc) from exc
        raise


def write_atomically(out_path, data: bytes) -> pathlib.Path:
    """Write `data` to `out_path` through a partial file, so a failed export leaves no half file."""
    with replacing(out_path) as partial:
        partial.write_bytes(data)
    return pathlib.Path(out_path)
