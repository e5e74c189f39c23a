"""`python -m audio_article` is the `audio-article` command."""

from .cli import main

if __name__ == "__main__":
    main(prog_name="audio-article")
