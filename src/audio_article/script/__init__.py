"""plan: Article + options -> Script (order, roles, chapters, pauses, spoken forms)."""

from .lexicon import Lexicon, default_lexicon, load_lexicon
from .normalize import normalize
from .plan import Pauses, Phrases, PlanOptions, plan
from .sentences import split_sentences

__all__ = ["Lexicon", "Pauses", "Phrases", "PlanOptions", "default_lexicon", "load_lexicon",
           "normalize", "plan", "split_sentences"]
