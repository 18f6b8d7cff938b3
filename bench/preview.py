"""The editor's preview (`make serve`): how long from saving a data file to the updated page.

Starts `python -m generator serve` on a copy of data/ (the real data, or synthetic places with
--places N, bench/synthetic.py), waits for the first page, then REPEAT times: renames one place in
scenes.yaml, saves, and polls the place's page on the preview server every 20 ms until the new name
is served. Prints each time, the median and the maximum. The copy is removed afterwards.

    .venv/bin/python bench/preview.py                 # the real data, 5 saves
    .venv/bin/python bench/preview.py --places 1000
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.read().decode("utf-8")
    except (urllib.error.URLError, OSError):
        return ""


def _until(condition, timeout: float) -> float:
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if condition():
            return time.monotonic() - start
        time.sleep(0.02)
    raise SystemExit(f"inget svar inom {timeout} s")


def _data(folder: Path, places: int | None) -> Path:
    data = folder / "data"
    if places:
        cmd = [
            PYTHON,
            str(ROOT / "bench" / "synthetic.py"),
            str(places),
            str(data),
            "--content",
            str(folder / "content"),
        ]
        subprocess.run(cmd, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
        return data
    shutil.copytree(ROOT / "data", data)
    return data


def measure(places: int | None, repeat: int) -> list[float]:
    with tempfile.TemporaryDirectory(prefix="ods-preview-") as tmp:
        folder = Path(tmp)
        data = _data(folder, places)
        scenes = data / "scenes.yaml"
        text = scenes.read_text(encoding="utf-8")
        sid, name = re.search(r"^- id: (\S+)\n  name: (.+)$", text, re.M).groups()
        port = _port()
        page = f"http://127.0.0.1:{port}/platser/{sid}/"
        content = folder / "content" if (folder / "content").is_dir() else ROOT / "content"
        cmd = [PYTHON, "-m", "generator", "serve", "--data", str(data), "--content", str(content)]
        cmd += ["--docs", str(folder / "docs"), "--addr", f"127.0.0.1:{port}"]
        log = (folder / "serve.log").open("w")
        server = subprocess.Popen(cmd, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env=os.environ)
        try:
            _until(lambda: name in _get(page), 600)
            times = []
            for i in range(repeat):
                time.sleep(1.0)  # let the live-reload server settle between saves
                new = f"Nytt namn {i}"
                text = re.sub(rf"^(- id: {re.escape(sid)}\n  name: ).+$", rf"\g<1>{new}", text, count=1, flags=re.M)
                start = time.monotonic()
                scenes.write_text(text, encoding="utf-8")
                _until(lambda new=new: new in _get(page), 120)
                times.append(time.monotonic() - start)
            return times
        finally:
            server.terminate()
            server.wait(timeout=20)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--places", type=int, default=None, help="syntetiska platser i stället för data/")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    times = measure(args.places, args.repeat)
    what = f"{args.places} syntetiska platser" if args.places else "de riktiga data"
    shown = ", ".join(f"{t:.2f}" for t in times)
    print(
        f"Sparad fil -> uppdaterad sida, {what}: median {statistics.median(times):.2f} s, max {max(times):.2f} s ({shown})"
    )


if __name__ == "__main__":
    main()
