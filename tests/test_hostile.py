"""Hostile inputs through the real CLI, each in its own process with a time bound: a clear
one-line error (exit 1; 2 for a usage error) or a best-effort episode, never a traceback,
a hang or a file left behind. The small inputs live in tests/hostile/; the big and binary
ones are made here (a 10 MB file is not worth committing)."""

from __future__ import annotations

import gzip
import io
import json
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

HOSTILE = Path(__file__).parent / "hostile"
BOUND = 60  # seconds any one input may take, hostile or not
SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
ARTICLE = HOSTILE / "article.txt"


def _png(_tmp: Path) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (64, 64), (200, 30, 30)).save(buffer, "PNG")
    return buffer.getvalue()


def _mp3() -> bytes:
    import lameenc

    encoder = lameenc.Encoder()
    encoder.set_bit_rate(64)
    encoder.set_in_sample_rate(22050)
    encoder.set_channels(1)
    return bytes(encoder.encode(bytes(44100)) + encoder.flush())


def _page(body: str, title: str = "A page") -> str:
    return f"<html><head><title>{title}</title></head><body><article>{body}</article></body></html>"


# name -> bytes of a source file made at test time (the suffix is the name's).
MADE = {
    "empty.txt": lambda tmp: b"",
    "whitespace.html": lambda tmp: b" \t\r\n \n\t  \n",
    "unicode-whitespace.txt": lambda tmp: "\u00a0\u3000\u2003\n\u200b\ufeff\n".encode(),
    "png.html": _png,
    "mp3.txt": lambda tmp: _mp3(),
    "gzip.html": lambda tmp: gzip.compress(_page("<p>Compressed.</p>").encode() * 50),
    "over-10mb.txt": lambda tmp: b"word " * (2 * 1024 * 1024 + 1),
    "one-word-9mb.txt": lambda tmp: b"Title: One word\n\n" + b"word " * (1900 * 1024),
    "one-long-word.txt": lambda tmp: b"Title: One long word\n\n" + b"w" * (5 * 1024 * 1024),
    "100k-paragraphs.txt": lambda tmp: b"Title: Many\n\n" + b"Short one.\n\n" * 100_000,
    "100k-paragraphs.html": lambda tmp: _page("<p>Short one.</p>" * 100_000).encode(),
    "deep-nesting.html": lambda tmp: _page("<div>" * 10_000 + "<p>Deep inside ten thousand "
                                           "boxes, a sentence.</p>" + "</div>" * 10_000).encode(),
    "deep-inline.html": lambda tmp: _page("<p>" + "<b><i>" * 5_000 + "Bold and deep."
                                          + "</i></b>" * 5_000 + "</p>").encode(),
    "nul-bytes.txt": lambda tmp: b"Title: Nul\n\nA sentence\x00 with\x00 NUL bytes.\n",
    # Past the first 8 KB that the binary sniffing reads: a text, with NULs in it.
    "nul-late.txt": lambda tmp: b"Title: Nul late\n\n" + b"Fine text here. " * 520
                                + b"\x00\x00 then NUL\x00 bytes.\n",
    "lone-surrogates.txt": lambda tmp: b"Title: Surrogates \xed\xa0\x80\n\nA lone surrogate "
                                       b"\xed\xb3\xbf in UTF-8 bytes, and more text.\n",
    "emoji-only.txt": lambda tmp: "Title: 🎙️🔥 مرحبا بالعالم שלום\n\nA short paragraph.\n".encode(),
    "title-2000.txt": lambda tmp: ("Title: " + "Long title words " * 118 + "\n\n"
                                   "A short paragraph under a very long title.\n").encode(),
    "title-controls.txt": lambda tmp: ("Title: Bell\x07 escape\x1b[31m tab\t del\x7f "
                                       "../../etc/x\n\n" + "A short paragraph. " * 40
                                       + "\n").encode(),
}

# (case id, source, extra arguments, expected): source is a file in tests/hostile/ or a
# MADE name; expected is "error" (exit 1, one line), "usage" (exit 2) or "episode".
CASES = [
    ("empty", "empty.txt", [], "error"),
    ("whitespace", "whitespace.html", [], "error"),
    ("unicode-whitespace", "unicode-whitespace.txt", [], "error"),
    ("png-as-html", "png.html", [], "error"),
    ("mp3-as-txt", "mp3.txt", [], "error"),
    ("gzip-as-html", "gzip.html", [], "error"),
    ("over-10mb", "over-10mb.txt", [], "error"),
    ("one-word-9mb", "one-word-9mb.txt", [], "error"),
    ("one-long-word", "one-long-word.txt", [], "error"),
    ("100k-paragraphs-text", "100k-paragraphs.txt", [], "error"),
    ("100k-paragraphs-html", "100k-paragraphs.html", [], "error"),
    ("deep-nesting", "deep-nesting.html", [], "episode"),
    ("deep-inline", "deep-inline.html", [], "episode"),
    ("nul-bytes", "nul-bytes.txt", [], "error"),
    ("nul-late", "nul-late.txt", [], "episode"),
    ("lone-surrogates-text", "lone-surrogates.txt", [], "episode"),
    ("lone-surrogates-html", "surrogates.html", [], "episode"),
    ("lying-charset", "lying-charset.html", [], "episode"),
    ("unknown-charset", "unknown-charset.html", [], "episode"),
    ("mixed-charset", "mixed-charset.html", [], "episode"),
    ("utf16-lying", "utf16-lying.html", [], "episode"),
    ("only-images", "only-images.html", [], "error"),
    ("title-hostile", "hostile-title.html", [], "episode"),
    ("title-emoji-rtl", "emoji-rtl-title.txt", [], "episode"),
    # No word eSpeak's English voice can read: it spells out the emoji's names and
    # letters, which the engine's sanity check refuses. A clear error, or an episode.
    ("title-only-emoji-rtl", "emoji-only.txt", [], "either"),
    ("title-2000", "title-2000.txt", [], "episode"),
    ("title-controls", "title-controls.txt", [], "episode"),
    ("title-option-dotdot", "article.txt", ["--title", "../../../tmp/evil\x1b\n/x"], "episode"),
    ("lexicon-syntax", "article.txt", ["--lexicon", "@bad-syntax-lexicon.toml"], "error"),
    ("lexicon-unknown-keys", "article.txt", ["--lexicon", "@unknown-keys-lexicon.toml"], "error"),
    ("lexicon-missing", "article.txt", ["--lexicon", "@no-such.toml"], "error"),
    ("voice-syntax", "article.txt", ["--voice", "@bad-syntax-voice.toml"], "error"),
    ("voice-unknown-keys", "article.txt", ["--voice", "@unknown-keys-voice.toml"], "error"),
    ("voice-unknown", "article.txt", ["--voice", "no-such-voice"], "error"),
    ("cover-png", "article.txt", ["--cover", "#png.html"], "error"),
    ("cover-text", "article.txt", ["--cover", "@article.txt"], "error"),
    ("cover-50mb", "article.txt", ["--cover", "#cover-50mb.jpg"], "error"),
    ("cover-dev-zero", "article.txt", ["--cover", "/dev/zero"], "error"),
    ("source-dev-zero", "/dev/zero", [], "error"),
    ("source-folder", str(HOSTILE), [], "error"),
    # An edited script (`script --format json`, then `narrate --script`) edited badly.
    ("script-not-json", "script:not-json", [], "error"),
    ("script-segments-not-a-list", "script:segments-not-a-list", [], "error"),
    ("script-wrong-types", "script:wrong-types", [], "error"),
    ("script-huge-pause", "script:huge-pause", [], "error"),
    ("script-infinite-pause", "script:infinite-pause", [], "error"),
    ("script-huge-chapter-index", "script:huge-chapter-index", [], "error"),
    ("script-4300-digit-number", "script:4300-digit-number", [], "error"),
    ("script-missing-disclosure", "script:missing-disclosure", [], "error"),
    ("script-null-text", "script:null-text", [], "error"),
    ("script-escaped-surrogate", "script:escaped-surrogate", [], "episode"),
]


def _edit(doc: dict, how: str) -> str:
    """The script JSON ``doc`` edited badly, ``how``."""
    body = next(s for s in doc["segments"] if s["role"] == "body")
    if how == "not-json":
        return json.dumps(doc)[:-40]
    if how == "segments-not-a-list":
        doc["segments"] = "title, disclosure, body"
    elif how == "wrong-types":
        body["pause_after_ms"], body["chapter"] = "650", "one"
    elif how == "huge-pause":
        body["pause_after_ms"] = 10**30
    elif how == "huge-chapter-index":
        doc["chapters"][-1]["first_segment"] = 10**18
    elif how == "missing-disclosure":
        doc["segments"] = [s for s in doc["segments"] if s["role"] != "disclosure"]
    elif how == "null-text":
        body["text"] = None
    elif how == "escaped-surrogate":
        body["text"] = body["spoken"] = "A lone \ud800 surrogate, escaped in JSON."
    text = json.dumps(doc)
    if how == "infinite-pause":
        text = text.replace('"pause_after_ms": 650', '"pause_after_ms": 1e999', 1)
    if how == "4300-digit-number":
        text = text.replace('"pause_after_ms": 650', '"pause_after_ms": ' + "9" * 5000, 1)
    return text


def _cover_50mb(tmp: Path) -> Path:
    path = tmp / "cover-50mb.jpg"
    with path.open("wb") as handle:  # a JPEG start, then 50 MB
        handle.write(b"\xff\xd8\xff\xe0")
        handle.truncate(50 * 1024 * 1024)
    return path


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("hostile-made")
    for name, make in MADE.items():
        (folder / name).write_bytes(make(folder))
    _cover_50mb(folder)
    result, _ = run_cli(["script", str(ARTICLE), "--format", "json", "--voice", "espeak"])
    assert result.returncode == 0, result.stderr
    for case, source, _extra, _expected in CASES:
        if source.startswith("script:"):
            edited = _edit(json.loads(result.stdout), source[7:])
            (folder / f"{source[7:]}.json").write_text(edited, encoding="utf-8")
    return folder


def _arg(value: str, made: Path) -> str:
    """@name: a file in tests/hostile/; #name: a file made at test time."""
    if value.startswith("@"):
        return str(HOSTILE / value[1:])
    if value.startswith("#"):
        return str(made / value[1:])
    return value


def run_cli(args: list[str], timeout: float = BOUND, **kwargs):
    """(CompletedProcess, seconds); a run past ``timeout`` fails the test as a hang."""
    start = time.monotonic()
    try:
        result = subprocess.run([sys.executable, "-m", "audio_article", *args],
                                capture_output=True, text=True, timeout=timeout,
                                errors="replace", **kwargs)
    except subprocess.TimeoutExpired:
        pytest.fail(f"hang: audio-article {' '.join(args)[:200]} ran past {timeout} s")
    return result, time.monotonic() - start


def assert_clean_failure(result, out: Path, status: int = 1) -> None:
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == status, result.stderr
    # One "Error: ..." line, last; before it at most the progress bar's label.
    lines = [line for line in result.stderr.strip().splitlines() if line not in PROGRESS]
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    assert len(lines[0]) < 500, lines[0]  # one readable line, not a dump of the input
    assert result.stdout == ""
    left = [p for p in out.rglob("*")] if out.exists() else []
    assert left == [], f"left behind: {left}"


def assert_episode(result, out: Path) -> None:
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 0, result.stderr
    folders = [p for p in out.iterdir() if p.is_dir()]
    assert len(folders) == 1
    slug = folders[0].name
    assert SLUG.fullmatch(slug) and len(slug) <= 80, slug
    assert (folders[0] / f"{slug}.mp3").stat().st_size > 0
    names = sorted(p.name for p in out.rglob("*"))
    assert all(n.isascii() and not n.startswith(".") for n in names), names
    manifest = json.loads((folders[0] / "episode.json").read_text(encoding="utf-8"))
    # The manifest parses (strict UTF-8: no lone surrogates); the title is one line.
    assert manifest["title"] and "\n" not in manifest["title"]
    transcript = (folders[0] / "transcript.vtt").read_text(encoding="utf-8")
    controls = {c for c in transcript if ord(c) < 32 and c not in "\n\t" or c == "\x7f"}
    assert not controls, controls  # NUL, escape and bell bytes do not reach the files


@pytest.mark.parametrize("case, source, extra, expected", CASES, ids=[c[0] for c in CASES])
def test_hostile_input(case, source, extra, expected, made, tmp_path, clip_cache):
    out = tmp_path / "out"
    args = ["narrate", "-o", str(out), "-j", "1", "--cache-dir", str(clip_cache)]
    if source.startswith("script:"):
        args += ["--script", str(made / f"{source[7:]}.json")]
    else:
        args.append(source if source.startswith("/") else str(
            HOSTILE / source if (HOSTILE / source).exists() else made / source))
    if "--voice" not in extra:
        args += ["--voice", "espeak"]
    result, _seconds = run_cli(args + [_arg(a, made) for a in extra])
    print(f"{case}: exit {result.returncode}, {result.stderr.strip().splitlines()[-1][:150]}")
    if expected == "either" and result.returncode == 0 or expected == "episode":
        assert_episode(result, out)
    else:
        assert_clean_failure(result, out, 2 if expected == "usage" else 1)


PROGRESS = {"Synthesizing and encoding"}


@pytest.fixture(scope="module")
def clip_cache(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("hostile-clips")
