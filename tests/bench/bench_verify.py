"""Memory of ``verify`` as the workbook grows (issue 9): it reads with cursors, so its peak should not
grow with the number of dossiers.

Run: .venv/bin/python -m tests.bench.bench_verify [SMALL LARGE]   (default 1,000 and 20,000)
Prints, for each size: the peak of Python's allocations during ``Workbook.problems()`` (tracemalloc,
after a warm-up so that imports and caches are not counted), its time (measured without tracemalloc),
and the peak resident memory of a whole ``ddworkbook verify`` process (which includes SQLite's
own, bounded page cache). Every tenth dossier is finalised (so that seals are
checked) and every hundredth has an evidence file. A figure, not a timed test: nothing here fails.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from core.dossier import dossier_from_json
from core.store import Workbook
from tests.conftest import REPO, example


def _build(path: Path, n: int) -> None:
    base = example()
    base.pop("evidence")
    base["answers"]["annex_i_listed"] = "no"
    with Workbook.open(path) as wb:
        wb.import_dossiers(
            [dossier_from_json(dict(base, id=f"v{i:06d}", title=f"Verify dossier {i}")) for i in range(n)]
        )
        for i in range(0, n, 100):
            evidence = path.with_name(f"evidence-{i}.txt")
            evidence.write_text(f"evidence file {i}\n" * 200)
            wb.attach(f"v{i:06d}", evidence)
        for i in range(0, n, 10):
            wb.finalise(f"v{i:06d}", "J. Jansen", "Compliance officer")


def _measure(path: Path) -> tuple[float, float, int]:
    """(peak MB of Python allocations, seconds, problems) of verify on an open workbook; the time
    from a run without tracemalloc, which slows Python down several times."""
    with Workbook.open(path) as wb:
        start = time.perf_counter()
        found = sum(1 for _ in wb.problems())
        seconds = time.perf_counter() - start
        tracemalloc.start()
        tracemalloc.reset_peak()
        sum(1 for _ in wb.problems())
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return peak / 1e6, seconds, found


def _process_rss_mb(path: Path) -> float:
    """Peak resident memory of a whole ``ddworkbook verify`` process: its VmHWM (Linux), which,
    unlike ru_maxrss, does not start from the parent's peak."""
    code = (
        "import sys; from core.cli import main; status = main(sys.argv[1:]); "
        "print(next(line.strip() for line in open('/proc/self/status') if line.startswith('VmHWM')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, "--workbook", str(path), "verify"],
        check=True,
        capture_output=True,
        text=True,
        cwd=REPO,
    ).stdout
    return int(out.splitlines()[-1].split()[1]) / 1024  # "VmHWM:  25000 kB"


def main(sizes: tuple[int, ...] = (1_000, 20_000)) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        warm = Path(tmp) / "warm.ddwb"
        _build(warm, 20)
        _measure(warm)  # imports, content and caches: not part of the figures
        rows = []
        for n in sizes:
            path = Path(tmp) / f"verify-{n}.ddwb"
            start = time.perf_counter()
            _build(path, n)
            built = time.perf_counter() - start
            peak, seconds, found = _measure(path)
            rows.append(
                {
                    "dossiers": n,
                    "build_s": round(built, 1),
                    "verify_peak_mb": round(peak, 3),
                    "verify_s": round(seconds, 2),
                    "problems": found,
                    "process_max_rss_mb": round(_process_rss_mb(path), 1),
                }
            )
            print(json.dumps(rows[-1]), flush=True)
        small, large = rows[0], rows[-1]
        print(
            f"verify peak (tracemalloc): {small['verify_peak_mb']} MB at {small['dossiers']:,} dossiers, "
            f"{large['verify_peak_mb']} MB at {large['dossiers']:,} "
            f"({large['verify_peak_mb'] / small['verify_peak_mb']:.2f}x); whole process: "
            f"{small['process_max_rss_mb']} MB and {large['process_max_rss_mb']} MB"
        )


if __name__ == "__main__":
    main(tuple(int(a) for a in sys.argv[1:]) or (1_000, 20_000))
