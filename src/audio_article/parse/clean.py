"""Cutting what is never article text out of a page before the body is looked for:
scripts and widgets, hidden elements, navigation, asides, forms, and elements whose
class or id names boilerplate (share bars, newsletter boxes, cookie banners, ads).

Name-based cuts are guarded: a wrapper whose class happens to say "comments", or an
ASP.NET page wrapped whole in a <form>, can hold the article itself, so an element
that holds most of the page's prose is never cut by its name or tag.
"""

from __future__ import annotations

import re

from bs4 import Tag

from .dom import HEADINGS, Deadline, Stats, class_names, class_words, is_hidden

# Never text to read: code, media, widgets and controls. (Not <head>: given a page
# without <body>, lxml may put the whole article in it.)
ALWAYS_DROP = frozenset("""
script style noscript template svg math canvas iframe object embed video audio source track
map button select option input textarea dialog link meta picture title
""".split())
# Page furniture; kept where the guard says it holds the article.
FURNITURE = frozenset("nav aside footer form menu".split())
# Kept inside these parents: a blockquote's or a figure's footer is its attribution or
# credit, an article's footer often closes its text.
KEEP_FOOTER_INSIDE = frozenset("blockquote figure".split())
DROP_ROLES = frozenset("navigation banner contentinfo complementary search dialog menu "
                       "menubar alert alertdialog toolbar tablist".split())
# Words in class or id names that mark boilerplate, matched against whole parts of the
# name ("share-bar" and "post_share" match, "shareholders" does not).
BOILERPLATE = frozenset("""
share sharing sharetools social newsletter newsletters related recommended recommendations
promo promos advert advertisement advertising ad ads adslot adunit dfp sponsor sponsored
cookie cookies consent gdpr subscribe subscription signup sidebar comment comments
disqus breadcrumb breadcrumbs recirc recirculation teaser teasers outbrain taboola paywall
modal popup popover byline tags toolbar pagination pager skip skiplink jumplink topics
trending mostread popular footer widget widgets rail ai2html tooltip
""".split())
# Class names that mark boilerplate only as a whole ("more-stories", not "more").
BOILERPLATE_NAMES = frozenset("""
most-read most-popular more-stories more-on-this-story read-more read-next also-read
see-also related-content author-bio article-tools story-tools social-links hide-for-print
""".split())
# A heading left alone in a box of at most this many characters, which held at least
# twice as much and 100 more before, mostly links, was the title of what was cut.
ORPHAN_MAX_CHARS = 200
ORPHAN_LOSS = 2
ORPHAN_MIN_LOSS = 100
ORPHAN_MIN_LINK_DENSITY = 0.5
# Guard: an element holding more than this share of the page's prose is never cut by name.
GUARD_SHARE = 0.5
PULL_QUOTE = re.compile(r"pull-?quote|pullout|blockquote", re.I)


def strip_boilerplate(soup: Tag, stats: Stats, deadline: Deadline) -> list[Tag]:
    """Cut boilerplate subtrees whole, top-down, so a cut subtree is never walked.
    Returns the elements that lost children.

    An element's children are cut last first, each with its index given: bs4 would
    otherwise look each one up in its parent, and each cut would move every child after
    it (time in the square of the number of children, where many are cut)."""
    total = stats.prose.get(id(soup), 0)
    stack: list[Tag] = [soup]
    count = 0
    cut_from: list[Tag] = []
    while stack:
        tag = stack.pop()
        cut: list[int] = []
        for index, child in enumerate(tag.contents):
            if type(child) is Tag:
                count += 1
                if count % 2048 == 0:
                    deadline.check()
                if _droppable(child, stats, total):
                    cut.append(index)
                else:
                    stack.append(child)
        if cut:
            cut_from.append(tag)
            for index in reversed(cut):
                tag.contents[index].extract(_self_index=index)
    return cut_from


def drop_orphan_headings(cut_from: list[Tag], before: Stats, after: Stats) -> None:
    """Cut the title of a widget whose content was cut ("Most Read Stories" over a list
    whose items were named as widget items): a heading that is all that is left of a
    small box that held mostly links."""
    boxes: dict[int, Tag] = {}
    for tag in cut_from:
        for box in (tag, *tag.parents):
            if after.text.get(id(box), 0) > ORPHAN_MAX_CHARS or id(box) in boxes:
                break
            boxes[id(box)] = box
    for box in boxes.values():
        left = after.text.get(id(box), 0)
        if not left or before.link_density(box) < ORPHAN_MIN_LINK_DENSITY:
            continue
        if before.text.get(id(box), 0) < ORPHAN_LOSS * left + ORPHAN_MIN_LOSS:
            continue
        headings = box.find_all(tuple(HEADINGS))
        if headings and sum(after.text.get(id(h), 0) for h in headings) == left:
            for heading in headings:
                heading.extract()


def _droppable(tag: Tag, stats: Stats, total_prose: int) -> bool:
    if tag.name in ALWAYS_DROP:
        return True
    guarded = stats.prose.get(id(tag), 0) > GUARD_SHARE * total_prose
    if guarded:
        return False
    if is_hidden(tag) or str(tag.get("role", "")).lower() in DROP_ROLES:
        return True
    if tag.name in FURNITURE:
        return not _kept_furniture(tag)
    return _boilerplate_name(tag)


def _kept_furniture(tag: Tag) -> bool:
    if tag.name == "footer":
        return tag.parent is not None and tag.parent.name in KEEP_FOOTER_INSIDE
    # A pull quote set in an <aside> repeats the article's own words: it is a quote.
    return tag.name == "aside" and bool(PULL_QUOTE.search(" ".join(class_names(tag))))


def _boilerplate_name(tag: Tag) -> bool:
    if tag.name in ("html", "body", "article", "main", "figure", "figcaption"):
        return False
    if not BOILERPLATE_NAMES.isdisjoint(class_names(tag)):
        return True
    return not BOILERPLATE.isdisjoint(class_words(tag))
