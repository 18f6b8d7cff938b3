"""Lighthouse as a gate (issue 17, item 8): bench/lighthouse.py runs npm's Lighthouse with Debian's
Chromium on the start page, a scene, a method, a good example and the map, on a phone and a desktop,
with map tiles answered locally, and exits non-zero when accessibility, best practices or SEO is below
100 on any of them. Performance is printed, not gated. `make test` installs Lighthouse first
(bench/lighthouse-npm/); without it this test fails and says how to get it."""

from __future__ import annotations

import subprocess
import sys

from .checks import REPO, SUMMARY

SCRIPT = REPO / "bench" / "lighthouse.py"


def test_lighthouse_gives_full_marks_for_accessibility_best_practices_and_seo(real_site):
    proc = subprocess.run(
        [sys.executable, str(SCRIPT), "--site", str(real_site.root)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=1200,
    )
    SUMMARY.extend(["lighthouse:", *proc.stdout.strip().splitlines()])
    assert proc.returncode == 0, f"Lighthouse under 100 eller misslyckades:\n{proc.stdout}\n{proc.stderr[-3000:]}"
