"""Propose default-voice phonemes for lexicon entries the round trip does not hear.

For each entry, the phonemes the default voice (hibari) says now (the entry's own
``hibari`` phonemes, or hibari's reading of its respelling) and a few close variants (the
main stress on another vowel; the stressed vowel swapped for a neighbouring one, such as
ɪ/i, ɛ/ɜ, ɔ/O; a "kh" name begun with h or k) are each said in the round trip's three
sentences (audio_article.qa.lexicon_check) and heard by both recognisers (asr.MODELS).
The variant heard in most sentences by the weaker of the two wins (then the most in
all); the current phonemes win ties. Only pronunciations a speaker of
the name could give are tried: the search picks among plausible readings, it does not
invent spellings that please the recogniser.

    .venv/bin/python bench/lexicon_search.py --only Kherson Kyiv --out proposals.toml
    .venv/bin/python bench/lexicon_search.py --from-json lex.json --out proposals.toml

``--from-json`` takes the failures from ``bench/lexicon_asr.py --json``. Prints one line
per entry and writes the winners that pass (and differ from now) as a TOML lexicon, to be
reviewed and copied into voices/lexicon.toml.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time

from audio_article.config import load_profile
from audio_article.qa import asr
from audio_article.qa.lexicon_check import PASS_AT, CARRIERS, check_names
from audio_article.script.lexicon import load_lexicon, parse_lexicon

VOWELS = "AIOWYaæɑɐeɛɜəiɪoɔuʊʌɚ"  # misaki's vowels (A=eɪ, I=aɪ, O=oʊ, W=aʊ, Y=ɔɪ)
NEIGHBOURS = {"ɪ": "i", "i": "ɪ", "ɛ": "ɜ", "ɜ": "ɛ", "ɔ": "O", "O": "ɔ", "ɑ": "æ",
              "æ": "ɑ", "ə": "ɑ", "u": "ʊ", "ʊ": "u", "ʌ": "ɑ", "A": "ɛ"}
STRESS = "ˈˌ"


def current_phonemes(entry, engine) -> str:
    own = dict(entry.phonemes).get("hibari")
    return own or " ".join(engine.phonemize(entry.say)).strip(" .")


def variants(name: str, phonemes: str, limit: int) -> list[str]:
    """``phonemes`` first, then close variants, without repeats, at most ``limit``."""
    found = [phonemes]
    plain = phonemes.replace("ˈ", "").replace("ˌ", "")
    vowels = [i for i, ch in enumerate(plain) if ch in VOWELS
              and not (i and plain[i - 1] in VOWELS)]  # a diphthong's first letter
    for i in vowels:  # main stress on each vowel in turn
        found.append(plain[:i] + "ˈ" + plain[i:])
    stressed = phonemes.find("ˈ")
    if stressed >= 0 and stressed + 1 < len(phonemes) and phonemes[stressed + 1] in NEIGHBOURS:
        k = stressed + 1
        found.append(phonemes[:k] + NEIGHBOURS[phonemes[k]] + phonemes[k + 1:])
    if name.startswith("Kh") and re.match(r"[kxh]", phonemes):  # Ukrainian х
        found += ["h" + phonemes[1:], "k" + phonemes[1:]]
    return list(dict.fromkeys(found))[:limit]


def toml_entry(name: str, say: str, phonemes: str) -> str:
    return f'{json.dumps(name, ensure_ascii=False)} = {{ say = {json.dumps(say, ensure_ascii=False)}, ' \
           f'hibari = {json.dumps(phonemes, ensure_ascii=False)} }}'


def search(name: str, lexicon, profile, recognisers, engine, limit: int):
    """(best phonemes, its count, the current count, what was heard for the best); a
    count is the sentences the weaker recogniser heard the name in."""
    entry = lexicon.lookup(name)
    now = current_phonemes(entry, engine)
    scored = []
    for candidate in variants(name, now, limit):
        trial = lexicon.merged(parse_lexicon("[words]\n" + toml_entry(name, entry.say, candidate)))
        result = check_names([name], trial, profile, recognisers)[0]
        hits = [h.hits for h in result.hearings]
        heard = " || ".join(h.heard for h in result.hearings)
        scored.append((min(hits), sum(hits), candidate == now, candidate, heard))
        if min(hits) == len(CARRIERS):
            break
    best = max(scored, key=lambda s: s[:3])
    return entry.say, now, (best[0], best[3], best[4]), next(s[0] for s in scored if s[3] == now)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", nargs="*", default=[], help="search these entries")
    parser.add_argument("--from-json", help="search the failures in this lexicon_asr.py --json file")
    parser.add_argument("--out", required=True, help="write the passing winners here (TOML)")
    parser.add_argument("--limit", type=int, default=8, help="variants tried per entry [8]")
    args = parser.parse_args(argv)
    names = list(args.only)
    if args.from_json:
        with open(args.from_json, encoding="utf-8") as handle:
            names += [r["name"] for r in json.load(handle) if not r["passed"]]
    lexicon, profile, recognisers = load_lexicon(), load_profile("default"), asr.load_all()
    import hibari  # the default voice's own reading of a respelling

    engine = hibari.Hibari(voice="heart", threads=1)
    started, lines, fixed = time.perf_counter(), ["[words]"], 0
    for name in names:
        say, now, (count, best, heard), before = search(
            name, lexicon, profile, recognisers, engine, args.limit)
        won = count >= PASS_AT and best != now
        fixed += count >= PASS_AT
        print(f"{'NEW ' if won else 'KEEP' if count >= PASS_AT else 'FAIL'}  {name:<22} "
              f"{now:<22} {before}/3 -> {best:<22} {count}/3  heard: {heard}", flush=True)
        if won:
            lines.append(toml_entry(name, say, best))
    with open(args.out, "w", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")
    print(f"{fixed}/{len(names)} entries heard in at least {PASS_AT} of {len(CARRIERS)} "
          f"sentences after the search ({time.perf_counter() - started:.0f} s); "
          f"{len(lines) - 1} new phonemes in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
