"""Extraction benchmark: our HTML parser against trafilatura and readability-lxml, on the
shared corpus (../shared/corpus/extraction), scored in the same run by the corpus's own
scorer (score.py --outputs DIR --captions).

Each extractor runs in this process, once per page after one warm-up page, and its output
is written as <page-id>.txt for the scorer. Body F1 is scored on the body text; captions on
the caption stream where an extractor has one (ours: `parse --format captions`), else on
its body text, where the others mix the captions they keep. ms/page is the extractor's
own time for the page (bytes in, text out), without interpreter start-up.

Run with `make bench-extraction` (the `bench` extra installs trafilatura and
readability-lxml: `.venv/bin/pip install -e '.[bench]'`), or
`.venv/bin/python bench/extraction.py [--corpus DIR] [--only NAME] [--json FILE]`.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "extraction"


def ours() -> Callable[[bytes], tuple[str, str | None]]:
    from audio_article.parse import parse
    from audio_article.parse.render import body_lines, caption_lines

    def run(data: bytes) -> tuple[str, str | None]:
        article = parse(data, "html")
        return "\n".join(body_lines(article)), "\n".join(caption_lines(article))
    return run


def trafilatura() -> Callable[[bytes], tuple[str, str | None]]:
    import trafilatura as lib

    def run(data: bytes) -> tuple[str, str | None]:
        return lib.extract(data) or "", None
    return run


def readability() -> Callable[[bytes], tuple[str, str | None]]:
    import lxml.html
    from readability import Document

    def run(data: bytes) -> tuple[str, str | None]:
        summary = lxml.html.fromstring(Document(data).summary(html_partial=True))
        for block in summary.iter(*BLOCKS):  # a line break around every block
            block.text = "\n" + (block.text or "")
            block.tail = "\n" + (block.tail or "")
        lines = (" ".join(line.split()) for line in summary.text_content().splitlines())
        return "\n".join(line for line in lines if line), None
    return run


BLOCKS = ("p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "figcaption",
          "pre", "td", "th", "tr", "br", "section", "article", "figure", "ul", "ol", "table")
EXTRACTORS = {"audio-article": ours, "trafilatura": trafilatura,
              "readability-lxml": readability}


def extract_all(name: str, pages: list[Path], out: Path) -> dict:
    """Write body (and caption) outputs under ``out``; the times, or why it could not run."""
    try:
        run = EXTRACTORS[name]()
    except ImportError as exc:
        return {"error": f"not installed ({exc.name}); pip install -e '.[bench]'"}
    (out / "body").mkdir(parents=True)
    (out / "captions").mkdir()
    run(pages[0].joinpath("source.html").read_bytes())  # warm-up: imports, caches
    times, failures, captions = [], 0, False
    for page in pages:
        data = page.joinpath("source.html").read_bytes()
        start = time.perf_counter()
        try:
            body, caption_text = run(data)
        except Exception as exc:  # an extractor failing on a page scores 0 there
            body, caption_text, failures = "", None, failures + 1
            print(f"  {name} failed on {page.name}: {type(exc).__name__}: {exc}",
                  file=sys.stderr)
        times.append(1000 * (time.perf_counter() - start))
        captions = captions or caption_text is not None
        (out / "body" / f"{page.name}.txt").write_text(body, encoding="utf-8")
        (out / "captions" / f"{page.name}.txt").write_text(
            body if caption_text is None else caption_text, encoding="utf-8")
    return {"ms_median": statistics.median(times), "ms_mean": statistics.mean(times),
            "ms_max": max(times), "failures": failures, "caption_stream": captions}


def score(corpus: Path, outputs: Path, name: str, captions: bool) -> dict:
    """Run the corpus's scorer on a folder of outputs; its summary and rows."""
    result = outputs.parent / f"{outputs.name}.json"
    command = [sys.executable, str(corpus / "score.py"), "--set", str(corpus), "--outputs",
               str(outputs), "--name", name, "--json", str(result)]
    subprocess.run(command + (["--captions"] if captions else []), check=True,
                   stdout=subprocess.DEVNULL)
    data = json.loads(result.read_text(encoding="utf-8"))
    return {"summary": data["summary"]["all"], "rows": data["rows"]}


def measure(name: str, corpus: Path, pages: list[Path], tmp: Path) -> dict:
    out = tmp / name
    figures = extract_all(name, pages, out)
    if "error" in figures:
        return figures
    body = score(corpus, out / "body", name, captions=False)
    caps = score(corpus, out / "captions", name, captions=True)["summary"]
    figures.update(f1=body["summary"]["f1"], f1_min=min(r["f1"] for r in body["rows"]),
                   worst=min(body["rows"], key=lambda r: r["f1"])["id"],
                   kept=caps["cap_kept"], total=caps["cap_total"],
                   leaked=caps["other_leaked"], others=caps["other_total"])
    return figures


def table(results: dict[str, dict], pages: int) -> str:
    lines = [f"Extraction on {pages} pages of ../shared/corpus/extraction "
             "(bag-of-words F1 on the body; captions kept of the article's, teaser "
             "captions leaked)", "",
             f"{'extractor':<17} {'mean F1':>7} {'min F1':>7}  {'captions kept':>13}  "
             f"{'leaked':>6}  {'ms/page median':>14} {'mean':>6} {'max':>6}"]
    for name, r in results.items():
        if "error" in r:
            lines.append(f"{name:<17} {r['error']}")
            continue
        kept = f"{r['kept']}/{r['total']}" + ("" if r["caption_stream"] else "*")
        lines.append(f"{name:<17} {r['f1']:7.3f} {r['f1_min']:7.3f}  {kept:>13}  "
                     f"{r['leaked']:>2}/{r['others']:<3}  {r['ms_median']:14.0f} "
                     f"{r['ms_mean']:6.0f} {r['ms_max']:6.0f}")
    lines += ["", "* no caption stream: counted in the body text, where the captions it "
              "keeps are mixed in", f"lowest page F1: " + ", ".join(
                  f"{n} {r['worst']}" for n, r in results.items() if "worst" in r)]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--only", choices=list(EXTRACTORS), action="append")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON")
    args = parser.parse_args(argv)
    if not (args.corpus / "score.py").is_file():
        print(f"no corpus at {args.corpus}", file=sys.stderr)
        return 1
    manifest = json.loads((args.corpus / "manifest.json").read_text(encoding="utf-8"))
    pages = [args.corpus / "pages" / p["id"] for p in manifest["pages"]]
    with tempfile.TemporaryDirectory() as tmp:
        results = {name: measure(name, args.corpus, pages, Path(tmp))
                   for name in args.only or EXTRACTORS}
    print(table(results, len(pages)))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
