"""Report benchmark (issue 5).

Run: .venv/bin/python -m tests.bench.bench_report [--sizes 100,400,1000]
- a large dossier (100 parties, 200 evidence entries, long rationales) renders in under 1 s;
- ten times that content renders in under ten times the time;
- (issue 9) one rationale of 100 kB, 400 kB and 1 MB, as prose and as short lines separated by blank
  lines: the time grows linearly with the length of the text, i.e. the seconds per 100 kB stay near
  those of the 100 kB case measured in the same run (ratio near 1x).
Prints figures only; nothing here fails a test run.
"""

from __future__ import annotations

import argparse
import hashlib
import statistics
import time
from typing import Any

from core.content import default_content
from core.dossier import dossier_from_json
from core.report import report_input
from core.report.dossier_report import render_report
from tests.conftest import example


def big_dossier(scale: int) -> dict[str, Any]:
    d = example()
    long = (
        "The end user's statement was checked against the company register, two meetings and "
        "public procurement notices; the stated purpose fits the capabilities requested. "
    ) * 8
    d["parties"] = [
        {
            "role": "intermediary",
            "name": f"Party {i} Ltd",
            "country": "AE",
            "sector": "private",
            "address": f"Street {i}",
        }
        for i in range(100 * scale)
    ]
    d["evidence"] = [
        {
            "id": f"ev{i}",
            "filename": f"document-{i}.pdf",
            "sha256": hashlib.sha256(str(i).encode()).hexdigest(),
            "size": 1000 + i,
            "description": f"Evidence item {i}",
            "added_at": "2026-11-20T10:00:00+00:00",
        }
        for i in range(200 * scale)
    ]
    qids = [q.id for q in default_content().questions]
    for n, qid in enumerate(qids):
        current = d["answers"].get(qid)
        value = current["value"] if isinstance(current, dict) else current
        if value is None:
            continue
        d["answers"][qid] = {
            "value": value,
            "rationale": long * scale,
            "evidence": [f"ev{(n * 7 + k) % (200 * scale)}" for k in range(3)],
        }
    return d


def seconds(scale: int, runs: int) -> tuple[float, float, int]:
    """Best and median of several runs: on a noisy machine the best run is the steadiest figure."""
    data = report_input(dossier_from_json(big_dossier(scale)))
    times, size = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        pdf = render_report(data)
        times.append(time.perf_counter() - start)
        size = len(pdf)
    return min(times), statistics.median(times), size


PROSE = (
    "The end user's statement was checked against the company register, two meetings and public "
    "procurement notices; the stated purpose fits the capabilities requested. "
)
LINES = "Checked against the register on 12 March.\n\n"


def long_text(kind: str, kb: int) -> str:
    """About ``kb`` kilobytes (thousands of characters) of prose, or of short lines between blank lines."""
    unit = PROSE if kind == "prose" else LINES
    return (unit * (kb * 1000 // len(unit) + 1))[: kb * 1000]


def long_rationale_seconds(kind: str, kb: int) -> tuple[float, int]:
    d = example()
    d["answers"]["annex_i_listed"]["rationale"] = long_text(kind, kb)
    data = report_input(dossier_from_json(d))
    start = time.perf_counter()
    pdf = render_report(data)
    return time.perf_counter() - start, len(pdf)


def long_texts(sizes: list[int]) -> None:
    for kind, label in (("prose", "prose"), ("lines", "short lines and blank lines")):
        base = None
        for kb in sizes:
            took, size = long_rationale_seconds(kind, kb)
            per = took / (kb / 100)
            base = base or per
            print(
                f"one rationale of {kb:5d} kB ({label}): {took:7.2f} s, {per:6.3f} s per 100 kB, "
                f"ratio {per / base:4.2f}x of the {sizes[0]} kB case  ({size / 1e6:.1f} MB of PDF)",
                flush=True,
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes",
        default="100,400,1000",
        help="lengths of the long rationale in kB, comma-separated; the first is the base",
    )
    parser.add_argument("--long-only", action="store_true", help="only the long-rationale cases")
    args = parser.parse_args()
    sizes = [int(x) for x in args.sizes.split(",")]
    render_report(report_input(dossier_from_json(example())))  # warm up: fonts, content
    if args.long_only:
        long_texts(sizes)
        return
    one, one_median, size1 = seconds(1, runs=7)
    ten, ten_median, size10 = seconds(10, runs=3)
    print(
        f"large dossier (100 parties, 200 evidence, long rationales): best {one:6.3f} s, median "
        f"{one_median:6.3f} s  target < 1 s  ({size1 / 1e3:.0f} kB)"
    )
    print(
        f"ten times the content:                                      best {ten:6.3f} s, median "
        f"{ten_median:6.3f} s  ratio of best runs {ten / one:.1f}x  target < 10x  ({size10 / 1e6:.1f} MB)",
        flush=True,
    )
    long_texts(sizes)


if __name__ == "__main__":
    main()
