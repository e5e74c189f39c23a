"""QA benchmark (issues 15 and 20): how well each recogniser hears our episodes, and what
the check costs.

For the bundled sample and the first pages of the extraction corpus
(../shared/corpus/extraction), narrated with the default voice (hibari) and the eSpeak
voice, and heard by each recogniser (Whisper tiny.en and the multilingual Whisper base,
asr.MODELS): the word error rate `audio-article qa` measures (names compared by sound, and
letter by letter), the sentences it flags, the QA time as a ratio of the episode's
duration (the baseline measured in the same run: the episode itself), and the names
(capitalised words) a recogniser did not hear; a name counts as heard when every
recogniser heard it.

Corpus pages are cut to their title and first paragraphs (--words, 250 by default) so a
run stays affordable on a shared CPU; the sample is narrated whole.

    .venv/bin/python bench/qa.py [--pages 5] [--words 250] [--voices default espeak]
                                 [--recognisers tiny.en base]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

from audio_article.models import Paragraph
from audio_article.pipeline import read_article
from audio_article.qa import asr, check_episode, read_episode

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "src/audio_article/samples/kyiv-independent-20-days.txt"
TITLE = "Twenty days of Russia's full-scale war against Ukraine"
CORPUS = ROOT.parent / "shared" / "corpus" / "extraction" / "pages"


def page_text(page: Path, words: int) -> str:
    """A plain-text article: the page's title and its first paragraphs, about ``words``."""
    article, _source = read_article(str(page / "source.html"))
    body, count = [], 0
    for block in (b for s in article.sections for b in s.blocks if isinstance(b, Paragraph)):
        body.append(block.text)
        count += len(block.text.split())
        if count >= words:
            break
    return f"Title: {article.title}\n\n" + "\n\n".join(body) + "\n"


def narrate(source: Path, voice: str, out: Path, title: str | None = None) -> Path:
    args = [sys.executable, "-m", "audio_article", "narrate", str(source), "--voice", voice,
            "-o", str(out), *(["--title", title] if title else [])]
    done = subprocess.run(args, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"narrate failed for {source}: {done.stderr.strip()}")
    return Path(done.stdout.split()[0]).parent


def measure(name: str, voice: str, folder: Path, recognisers) -> list[dict]:
    rows = []
    for model, recogniser in recognisers.items():
        report = check_episode(read_episode(folder), recogniser)
        rows.append({"name": name, "voice": voice, "model": model,
                     "words": sum(s.reference_words for s in report.sentences),
                     "wer": report.wer, "strict": report.strict_wer,
                     "flagged": len(report.flagged), "sentences": len(report.sentences),
                     "duration_s": report.duration_ms / 1000, "qa_s": report.seconds,
                     "missed": sorted({w for s in report.sentences for w, _ in s.names})})
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=5)
    parser.add_argument("--words", type=int, default=250)
    parser.add_argument("--voices", nargs="+", default=["default", "espeak"])
    parser.add_argument("--recognisers", nargs="+", choices=asr.MODELS, default=list(asr.MODELS))
    args = parser.parse_args()
    recognisers = {model: asr.load(model) for model in args.recognisers}
    pages = sorted(p for p in CORPUS.iterdir() if (p / "source.html").is_file())[:args.pages] \
        if CORPUS.is_dir() else []
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        for page in pages:
            (tmp / f"{page.name}.txt").write_text(page_text(page, args.words), encoding="utf-8")
        for voice in args.voices:
            rows += measure("sample", voice, narrate(SAMPLE, voice, tmp / voice, TITLE),
                            recognisers)
            for page in pages:
                folder = narrate(tmp / f"{page.name}.txt", voice, tmp / voice)
                rows += measure(page.name, voice, folder, recognisers)
            for model in recognisers:
                print_rows([r for r in rows if r["voice"] == voice and r["model"] == model])
            print_missed([r for r in rows if r["voice"] == voice])
    print("\nrecognisers: " + "; ".join(f"{m} = {r.name}" for m, r in recognisers.items())
          + "; QA time ratio = QA seconds / episode seconds")


def print_rows(rows: list[dict]) -> None:
    print(f"\n{'episode':<24} {'voice':<8} {'heard by':<8} {'words':>6} {'WER':>6} {'strict':>7} "
          f"{'flagged':>9} {'audio s':>8} {'QA s':>6} {'ratio':>6}")
    for r in rows:
        print(f"{r['name']:<24} {r['voice']:<8} {r['model']:<8} {r['words']:>6} {r['wer']:>6.1%} "
              f"{r['strict']:>7.1%} {r['flagged']:>4}/{r['sentences']:<4} "
              f"{r['duration_s']:>8.1f} {r['qa_s']:>6.1f} {r['qa_s'] / r['duration_s']:>6.2f}")
    words = sum(r["words"] for r in rows)
    pooled = sum(r["wer"] * r["words"] for r in rows) / max(words, 1)
    print(f"{'all':<24} {rows[0]['voice']:<8} {rows[0]['model']:<8} {words:>6} {pooled:>6.1%}")


def print_missed(rows: list[dict]) -> None:
    """Per episode, the names some recogniser did not hear (a name counts as heard when
    every recogniser heard it), and which recogniser missed each."""
    print(f"\nnames not heard by every recogniser ({rows[0]['voice']} voice):")
    for name in dict.fromkeys(r["name"] for r in rows):
        missed = {}
        for r in (r for r in rows if r["name"] == name):
            for word in r["missed"]:
                missed.setdefault(word, []).append(r["model"])
        shown = ", ".join(f"{w} ({'+'.join(m)})" for w, m in sorted(missed.items()))
        print(f"  {name:<24} {shown or 'none: every name heard by every recogniser'}")


if __name__ == "__main__":
    main()
