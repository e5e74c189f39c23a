"""plan: Article + options -> Script (order, roles, chapters, pauses, spoken forms)."""

from .normalize import normalize
from .plan import Pauses, PlanOptions, plan
from .sentences import split_sentences

__all__ = ["Pauses", "PlanOptions", "normalize", "plan", "split_sentences"]
