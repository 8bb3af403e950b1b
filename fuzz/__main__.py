"""Fuzz the readers and the tagger for a set number of iterations; a crash is saved and reported.

    python -m fuzz [--target readers|timex|all] [--iterations N]

Needs atheris (`pip install atheris`). The seed corpus is the import fixtures (text we wrote for
the tests). A crash writes `crash-<hash>` in fuzz/crashes/ and exits non-zero; turn each into a
regression test (tests/core/test_hostile_input.py) before fixing it.
"""
from __future__ import annotations

import argparse
import pathlib
import shutil
import subprocess
import sys
import tempfile
import time

HERE = pathlib.Path(__file__).resolve().parent
SEEDS = HERE.parent / "tests" / "fixtures" / "import_mix"


def run_one(target: str, iterations: int) -> int:
    """Run one target in a child process (libFuzzer exits the process when it is done)."""
    crashes = HERE / "crashes"
    crashes.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as corpus:
        for seed in SEEDS.rglob("*"):
            if seed.is_file() and seed.stat().st_size < 200_000:
                shutil.copy(seed, pathlib.Path(corpus) / seed.name)
        cmd = [sys.executable, "-m", "fuzz.targets", target, f"-runs={iterations}",
               f"-artifact_prefix={crashes}/", "-max_len=65536", "-timeout=20", "-rss_limit_mb=4096",
               corpus]
        start = time.perf_counter()
        code = subprocess.run(cmd, cwd=HERE.parent).returncode
        print(f"[fuzz] {target}: {iterations:,} iterations in {time.perf_counter() - start:.0f} s, "
              f"{'no crash' if code == 0 else f'CRASH (exit {code}); see {crashes}'}", flush=True)
        return code


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m fuzz", description=__doc__.splitlines()[0])
    parser.add_argument("--target", choices=("readers", "timex", "all"), default="all")
    parser.add_argument("--iterations", type=int, default=100_000)
    args = parser.parse_args()
    try:
        import atheris  # noqa: F401
    except ImportError:
        print("atheris is not installed: pip install atheris", file=sys.stderr)
        return 2
    targets = ("readers", "timex") if args.target == "all" else (args.target,)
    return max(run_one(t, args.iterations) for t in targets)


if __name__ == "__main__":
    sys.exit(main())
