"""`python -m audio_article` is the `audio-article` command."""

if __name__ == "__main__":
    # Imported here, not above: a spawned worker imports this module again (as
    # __mp_main__) and needs none of the CLI.
    from .cli import main

    main(prog_name="audio-article")
