"""Memory of each gunicorn worker once it has answered searches: what search costs in RAM.

    .venv/bin/python bench/worker_memory.py

gunicorn (gunicorn.conf.py, 2 workers, as bench/pages.py runs it) serves a scratch SQLite
database holding the shipped FAQ; after SEARCHES requests to /ja/search/ and /en/search/,
each worker's /proc/PID/smaps_rollup gives its resident memory (Rss), its proportional share
(Pss: pages shared with the other worker, such as a memory-mapped dictionary, counted half
each) and its anonymous memory (its own, which every further worker adds).
"""

import os
import subprocess
import sys
import tempfile
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.pages import _environment, _gunicorn  # noqa: E402

QUERIES = ["解約したい", "しんさ", "クレジット決裁", "手数料はいくら?", "subscripton", "fees"]
SEARCHES = 60
PORT = int(os.environ.get("BENCH_PORT", 8402))


def _prepare(env):
    manage = [sys.executable, str(ROOT / "manage.py")]
    for command in (["migrate"], ["loaddata", "faq", "synonyms"], ["collectstatic", "--noinput"]):
        subprocess.run([*manage, *command, "-v0"], env=env, cwd=ROOT, check=True)


def _search(language, query):
    url = f"http://127.0.0.1:{PORT}/{language}/search/?" + urllib.parse.urlencode({"q": query})
    urllib.request.urlopen(url, timeout=30).read()


def _workers(master_pid):
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    return [int(pid) for pid in children]


def _memory_mib(pid):
    fields = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        name, value = line.split(":")
        fields[name] = int(value.split()[0]) / 1024
    return fields["Rss"], fields["Pss"], fields["Anonymous"]


def main():
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, **_environment(Path(tmp)), "GUNICORN_BIND": f"127.0.0.1:{PORT}"}
        _prepare(env)
        with _gunicorn(PORT, env) as server:
            for n in range(SEARCHES):
                _search("ja" if n % 2 else "en", QUERIES[n % len(QUERIES)])
            for pid in _workers(server.process.pid):
                rss, pss, anonymous = _memory_mib(pid)
                print(
                    f"worker {pid}: RSS {rss:6.1f} MiB  PSS {pss:6.1f} MiB  "
                    f"anonymous {anonymous:6.1f} MiB"
                )


if __name__ == "__main__":
    main()
