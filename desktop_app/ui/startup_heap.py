"""Keep the garbage collector off the start-up heap: modules and classes live as long as the process."""
from __future__ import annotations

import gc

_frozen = False


def freeze() -> bool:
    """Move every object tracked so far out of the collector's reach, once per process.

    After the imports ~73,000 objects are tracked (modules, classes, functions, SQLAlchemy and
    Qt wrappers); a full collection walks them all, 35–90 ms at a million events, and lands in
    whatever runs then (a key step, a filter change). Frozen, they are never walked again. Only
    call it before any window exists: a cycle among frozen objects is never collected, and
    nothing made before the first window is garbage yet (a collection there finds none).
    True when it froze now."""
    global _frozen
    if _frozen:
        return False
    _frozen = True
    gc.freeze()
    return True
