"""``audio-article qa EPISODE_DIR``: transcribe an episode and say what it got wrong."""

from __future__ import annotations

from pathlib import Path

import click

from ..audio.formats import FORMATS
from .asr import MODELS

DEFAULT_THRESHOLD = 8.0  # percent WER above which --strict fails


@click.command("qa")
@click.argument("episode_dir", type=click.Path(file_okay=False, path_type=Path))
@click.option("--strict", is_flag=True,
              help="Exit 1 when the overall WER is over --threshold.")
@click.option("--threshold", type=click.FloatRange(0, 100), default=DEFAULT_THRESHOLD,
              show_default=True, help="The overall WER limit for --strict, in percent.")
@click.option("-o", "--output", "out_file", type=click.Path(dir_okay=False, path_type=Path),
              default=None, help="Where to write the report [default: EPISODE_DIR/qa.json].")
@click.option("--recogniser", type=click.Choice(MODELS), default=MODELS[0], show_default=True,
              help="The Whisper model that listens (base: multilingual, slower, a second ear).")
@click.option("--format", "audio_format", type=click.Choice(list(FORMATS)),
              default=None, help="Which of the episode's audio files to hear [default: "
                                 "its only one, or its main one].")
@click.pass_context
def qa_command(ctx: click.Context, episode_dir: Path, strict: bool, threshold: float,
               out_file: Path | None, recogniser: str, audio_format: str | None) -> None:
    """Check what an episode really says: transcribe every sentence of EPISODE_DIR's
    audio offline (Whisper tiny.en, or base, through faster-whisper, at the
    transcript.vtt cue times) and compare it with the transcript, numbers written out
    on both sides.

    Prints the word error rate overall and per chapter, and the flagged sentences:
    wer (over 30 % of the words heard wrong), silent or short (audio missing or much
    shorter than the words need) and name (a name heard as something else: a
    pronunciation suspect for the lexicon). Writes qa.json beside the episode.
    """
    report = run_qa(episode_dir, out_file, recogniser, audio_format)
    if strict and report.wer * 100 > threshold:
        click.echo(f"Error: WER {report.wer:.1%} is over the {threshold:g} % threshold",
                   err=True)
        ctx.exit(1)


def run_qa(episode_dir: Path, out_file: Path | None = None, model: str = MODELS[0],
           audio_format: str | None = None):
    """Check ``episode_dir`` with the recogniser ``model``, heard in ``audio_format``
    (None: its only or its main audio), print the table, write qa.json; the report."""
    from ..publish.store import write_atomic
    from . import asr
    from .check import check_episode
    from .episode import read_episode
    from .report import format_table, render_json

    episode = read_episode(episode_dir, audio_format)
    recogniser = asr.load(model)
    with click.progressbar(length=len(episode.cues), label="Transcribing",
                           file=click.get_text_stream("stderr")) as bar:
        report = check_episode(episode, recogniser, bar.update)
    click.echo(format_table(report), nl=False)
    target = out_file or episode_dir / "qa.json"
    write_atomic(target, render_json(report).encode("utf-8"))
    click.echo(f"Wrote {target}", err=True)
    return report
