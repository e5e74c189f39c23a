"""Finding the element that holds the article's body.

Every element scores its prose (text blocks long enough and not mostly links) less the
link text it holds. The body is the element with the highest score: growing past the
article adds navigation and teaser links, which cost more than the little prose they
bring, while an article split over sibling containers (an intro box, sections, a "read
more" fold) scores highest at their common parent, which holds all of them.
"""

from __future__ import annotations

from bs4 import Tag

from .dom import Stats

# Link text costs this much per character: a teaser's linked headline outweighs its blurb.
LINK_COST = 1.0
# Text that is neither prose nor links (labels, dates, buttons) costs half as much.
OTHER_COST = 0.5
# Candidates scoring within this share of the best are "close"; the tightest one wins.
TIGHTEN = 0.05
# Lead figures are looked for in the ancestors of the body as long as they hold at most
# this much more text than the body itself (an article's header, not the whole page).
LEAD_ANCESTOR_GROWTH = 1.6
LEAD_ANCESTOR_SLACK = 400


def find_root(body: Tag, stats: Stats) -> Tag | None:
    """The element holding the article's body, or None for a page with no prose: of
    the elements scoring close to the best, the one holding the least text (the
    tightest; a stray promo paragraph elsewhere must not widen the body to the page)."""
    scores = [(tag, _score(tag, stats)) for tag in stats.order]
    best = max((score for _tag, score in scores), default=0.0)
    if best <= 0:  # no paragraph long enough to be prose: a short page; any text counts
        scores = [(tag, _short_score(tag, stats)) for tag in stats.order]
        best = max((score for _tag, score in scores), default=0.0)
    if best <= 0:
        return None
    close = [tag for tag, score in scores if score >= best * (1 - TIGHTEN)]
    # Reversed: of equal candidates (a chain of wrappers), the innermost comes last.
    return min(reversed(close), key=lambda tag: stats.text.get(id(tag), 0))


def _score(tag: Tag, stats: Stats) -> float:
    key = id(tag)
    prose = stats.prose.get(key, 0) - stats.teaser.get(key, 0)
    links = stats.links.get(key, 0)
    other = max(stats.text.get(key, 0) - prose - links, 0)
    return prose - LINK_COST * links - OTHER_COST * other


def _short_score(tag: Tag, stats: Stats) -> float:
    return stats.text.get(id(tag), 0) - (1 + LINK_COST) * stats.links.get(id(tag), 0)


def lead_figures(root: Tag, stats: Stats) -> list[Tag]:
    """Figures just before the body, in the article's own header: the lead photo."""
    figures: list[Tag] = []
    limit = stats.text.get(id(root), 0) * LEAD_ANCESTOR_GROWTH + LEAD_ANCESTOR_SLACK
    child = root
    for ancestor in root.parents:
        if stats.text.get(id(ancestor), 0) > limit or ancestor.name in ("body", "html"):
            break
        for sibling in child.find_previous_siblings():
            if isinstance(sibling, Tag):
                found = [sibling] if sibling.name == "figure" else sibling.find_all("figure")
                figures[:0] = found  # walking backwards: prepend
        child = ancestor
    return figures
