"""Recall and false alarms of the safety route's matcher on the test sets in bench/safety/.

    uv run python bench/safety_recall.py              # the tuning set's figures
    uv run python bench/safety_recall.py --misses     # and what it missed or flagged wrongly
    uv run python bench/safety_recall.py --holdout    # and the holdout set's figures (at the end)

The holdout set is only ever counted: its messages are never printed, so tuning cannot lean on it
(see bench/safety/README.md). Figures go into bench/README.md with the vocabulary's version.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scrutiny.voice import learned, reading
from scrutiny.voice.vocabulary import match, shipped

SETS = Path(__file__).with_name("safety")
#: The issue's targets: at least 95% of risk phrasings flagged; at most 20% of ordinary feedback
#: with risky-looking words and at most 5% of everyday feedback flagged.
RECALL_AT_LEAST, RISKY_LOOKING_AT_MOST, EVERYDAY_AT_MOST = 0.95, 0.20, 0.05


def by_vocabulary(text: str) -> bool:
    return bool(match(text))


def flagged(text: str) -> bool:
    """As the product reads a message (``scrutiny.voice.reading``): the vocabulary, cleared or
    added to by the second reading; without a partnership's own words."""
    return reading.flagged(text)


def measure(name: str, show_misses: bool) -> bool:
    data = yaml.safe_load((SETS / f"{name}.yaml").read_text(encoding="utf-8"))
    ok = True
    print(
        f"\n{name}.yaml (test set version {data['version']}, vocabulary version {shipped().version}, "
        f"model version {learned.shipped().version})"
    )
    print(f"{'category':<18}{'n':>5}{'flagged':>9}{'rate':>8}{'vocabulary alone':>18}")
    all_risk = hit_risk = vocabulary_risk = 0
    for category, items in data["risk"].items():
        hits = [flagged(t) for t in items]
        alone = sum(by_vocabulary(t) for t in items)
        all_risk += len(items)
        hit_risk += sum(hits)
        vocabulary_risk += alone
        print(f"{category:<18}{len(items):>5}{sum(hits):>9}{sum(hits) / len(items):>8.1%}{alone / len(items):>18.1%}")
        if show_misses and name != "holdout":
            for text, hit in zip(items, hits, strict=True):
                if not hit:
                    print(f"    MISSED: {text}")
    recall = hit_risk / all_risk
    print(
        f"{'all risk (recall)':<18}{all_risk:>5}{hit_risk:>9}{recall:>8.1%}{vocabulary_risk / all_risk:>18.1%}"
        f"  target >= {RECALL_AT_LEAST:.0%}"
    )
    ok &= recall >= RECALL_AT_LEAST
    for kind, limit in (("risky_looking", RISKY_LOOKING_AT_MOST), ("everyday", EVERYDAY_AT_MOST)):
        items = data["ordinary"][kind]
        hits = [flagged(t) for t in items]
        rate = sum(hits) / len(items)
        alone = sum(by_vocabulary(t) for t in items) / len(items)
        print(
            f"{kind + ' (false alarms)':<18}{len(items):>5}{sum(hits):>9}{rate:>8.1%}{alone:>18.1%}"
            f"  target <= {limit:.0%}"
        )
        ok &= rate <= limit
        if show_misses and name != "holdout":
            for text, hit in zip(items, hits, strict=True):
                if hit:
                    print(f"    FALSE ALARM: {text}  <- {[h.rule.id for h in match(text)] or 'second reading'}")
    return ok


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--misses", action="store_true", help="list the tuning set's misses and false alarms")
    parser.add_argument("--holdout", action="store_true", help="also measure the holdout set (once, at the end)")
    parser.add_argument("--set", action="append", default=[], help="another set in bench/safety/ to measure")
    args = parser.parse_args()
    started = time.perf_counter()
    shipped()
    print(f"vocabulary loaded and compiled in {time.perf_counter() - started:.2f} s")
    ok = measure("tuning", args.misses)
    for name in args.set:
        ok &= measure(name, args.misses)
    if args.holdout:
        ok &= measure("holdout", False)
    texts = list(yaml.safe_load((SETS / "tuning.yaml").read_text())["ordinary"]["everyday"])
    times = []
    for text in texts:
        started = time.perf_counter()
        flagged(text)
        times.append(time.perf_counter() - started)
    print(
        f"\nlatency per message: median {statistics.median(times) * 1000:.1f} ms, "
        f"max {max(times) * 1000:.1f} ms over {len(times)} messages"
    )
    print("\nresult:", "ok" if ok else "BELOW TARGET")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
