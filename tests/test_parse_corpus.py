"""The quality floors of issue 3 on the shared extraction corpus (../shared/corpus), scored
by the corpus's own scorer, in process, on what `audio-article parse --format text` and
`--format captions` print."""

import importlib.util
import statistics
import sys
from pathlib import Path

import pytest

from audio_article.parse import parse
from audio_article.parse.render import body_lines, caption_lines

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "extraction"
MIN_MEAN_F1 = 0.98
MIN_PAGE_F1 = 0.90
MIN_CAPTIONS_KEPT = 28  # of 31
MAX_CAPTIONS_LEAKED = 0

pytestmark = pytest.mark.skipif(not (CORPUS / "score.py").is_file(),
                                reason=f"the extraction corpus is not at {CORPUS}")


@pytest.fixture(scope="module")
def rows():
    spec = importlib.util.spec_from_file_location("corpus_score", CORPUS / "score.py")
    score = importlib.util.module_from_spec(spec)
    sys.modules["corpus_score"] = score
    spec.loader.exec_module(score)
    _manifest, pages = score.load_pages(CORPUS)
    rows = []
    for page in pages:
        article = parse((page["dir"] / "source.html").read_bytes(), "html")
        body = score.score_page(page, "\n".join(body_lines(article)), "body", True, False)
        captions = score.score_page(page, "\n".join(caption_lines(article)), "body", True, True)
        rows.append({**body, **{k: captions[k] for k in
                                ("cap_total", "cap_kept", "other_total", "other_leaked")}})
    return rows


def test_body_text(rows):
    assert len(rows) >= 20
    mean = statistics.mean(r["f1"] for r in rows)
    worst = min(rows, key=lambda r: r["f1"])
    assert mean >= MIN_MEAN_F1, f"mean body F1 {mean:.4f}"
    assert worst["f1"] >= MIN_PAGE_F1, f"{worst['id']}: body F1 {worst['f1']:.3f}"


def test_captions(rows):
    kept = sum(r["cap_kept"] for r in rows)
    total = sum(r["cap_total"] for r in rows)
    leaked = [r["id"] for r in rows for _ in range(r["other_leaked"])]
    assert kept >= MIN_CAPTIONS_KEPT and kept / total >= MIN_CAPTIONS_KEPT / 31, (
        f"captions kept {kept}/{total}")
    assert len(leaked) <= MAX_CAPTIONS_LEAKED, f"teaser captions leaked on {leaked}"
