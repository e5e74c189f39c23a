"""One exception hierarchy for the whole package.

Library code raises these; the CLI catches :class:`AudioArticleError` once and prints
``Error: <message>`` with no traceback (exit 1). Any other exception is a bug: the CLI
says so in one line too (``--debug`` shows the traceback).
"""


class AudioArticleError(Exception):
    """Base class of every error this package raises on purpose."""


class AudioArticleWarning(UserWarning):
    """Base class of the warnings the CLI prints as one ``Warning: <message>`` line."""


class InputError(AudioArticleError):
    """The source could not be read (missing, empty, binary, undecodable)."""


class ExtractionError(AudioArticleError):
    """The source was read but holds no article (no title or no body text)."""


class ScriptError(AudioArticleError):
    """The narration plan could not be built (nothing to say, bad script file)."""


class ConfigError(AudioArticleError):
    """A voice profile, lexicon or config file is missing or invalid."""


class EngineError(AudioArticleError):
    """A text-to-speech engine is unavailable or produced no usable audio."""


class AudioError(AudioArticleError):
    """Mixing or encoding failed."""


class PackageError(AudioArticleError):
    """Writing the episode files failed."""


class QaError(AudioArticleError):
    """Checking an episode failed (no recogniser, unreadable episode folder)."""
