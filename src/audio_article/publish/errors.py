"""The publish stage's error. It lives here because errors.py belongs to the whole package."""

from ..errors import AudioArticleError


class PublishError(AudioArticleError):
    """A show config, an episode folder or a feed could not be used, or the feed could not
    be written. The message is one line; the CLI prints it as ``Error: ...``."""
