"""Round-trip check of the pronunciation lexicon: every entry (or the entries of a
candidate TOML file) is said by a voice profile through the lexicon and heard by the
offline recognisers (Whisper tiny.en and the multilingual Whisper base, asr.MODELS); an
entry passes when each recogniser writes something that sounds like the written name
(audio_article.qa.wer.sounds_alike) in at least two of the three sentences.

    .venv/bin/python bench/lexicon_asr.py                      # voices/lexicon.toml, default voice
    .venv/bin/python bench/lexicon_asr.py --lexicon new.toml   # candidates over the built-in one
    .venv/bin/python bench/lexicon_asr.py --voice espeak --only Kyiv Kharkiv --json out.json
    .venv/bin/python bench/lexicon_asr.py --recognisers base    # one recogniser only

Prints one line per entry (PASS/FAIL, the name, what the engine was given, then per
recogniser the sentences in which it heard the name and what it heard), then the counts
per recogniser and for all of them. Exits 1 when any entry fails, so it can guard a
lexicon change.
"""

from __future__ import annotations

import argparse
import json
import sys
import time

from audio_article.config import load_profile
from audio_article.qa import asr
from audio_article.qa.lexicon_check import check_names
from audio_article.script.lexicon import load_lexicon, read_lexicon


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lexicon", help="a TOML lexicon whose entries are checked "
                        "(merged over the built-in one) [default: the built-in entries]")
    parser.add_argument("--voice", default="default", help="voice profile [default]")
    parser.add_argument("--only", nargs="*", help="check only these entries")
    parser.add_argument("--json", help="also write the results to this JSON file")
    parser.add_argument("--recognisers", nargs="+", choices=asr.MODELS, default=list(asr.MODELS),
                        help="the recognisers that must all hear a name [all]")
    args = parser.parse_args(argv)
    lexicon = load_lexicon(*([args.lexicon] if args.lexicon else []))
    names = args.only or sorted((read_lexicon(args.lexicon) if args.lexicon else lexicon).entries)
    recognisers = [asr.load(model) for model in args.recognisers]
    started = time.perf_counter()
    results = check_names(names, lexicon, load_profile(args.voice), recognisers)
    seconds = time.perf_counter() - started
    for r in results:
        ears = "  ".join(f"{m}: {h.hits}/3 {h.heard}" for m, h in zip(args.recognisers, r.hearings))
        print(f"{'PASS' if r.passed else 'FAIL'}  {r.name:<24} {r.spoken:<40} {ears}")
    for k, model in enumerate(args.recognisers):
        print(f"{sum(r.hearings[k].passed for r in results)}/{len(results)} entries heard "
              f"recognisably by {recognisers[k].name}")
    passed = sum(r.passed for r in results)
    print(f"{passed}/{len(results)} entries heard recognisably by all "
          f"({args.voice} voice, {seconds:.0f} s)")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as handle:
            json.dump([{"name": r.name, "spoken": r.spoken, "passed": r.passed,
                        "hearings": [h.__dict__ for h in r.hearings]} for r in results],
                      handle, indent=1, ensure_ascii=False)
    return 0 if passed == len(results) else 1


if __name__ == "__main__":
    sys.exit(main())
