"""The page as BeautifulSoup's tree, built by bs4's lxml tree builder.

The stages walk bs4's ``Tag``s and ``NavigableString``s. The builder is bs4's own
``LXMLTreeBuilder`` (the "lxml" feature), set up for reading an article aloud:

* every string is a plain ``NavigableString`` (by default bs4 gives the strings of
  <script>, <style>, <rt> and <rp> classes of their own, which ``get_text`` skips);
* comments, processing instructions and the doctype are left out: they are never text;
* a <br> is a line break in the text beside it, joined to it ("line<br>line" must not
  read as "lineline", and a line is one string);
* "class" and "rel" are lists of words on every element;
* an element keeps its first ``MAX_ATTRIBUTES`` attributes (the rest are cut from the text
  before lxml sees it, as lxml makes a dict of them all), and "class" and "rel" their
  first ``MAX_WORDS`` words: no article needs more, and a page of 10 MB that gives one
  element millions of them would otherwise take half a gigabyte;
* the text is given as UTF-8 bytes with that encoding stated, as ``source`` has already
  decided the page's charset (a ``<meta charset>`` inside must not switch it again);
* no depth limit in libxml2 (pages nest deeper than its default allows), and a
  ``check`` called every few thousand elements, which may raise to give up.

bs4 builds the tree without recursion; the stages walk it without recursion too, as
pages nest deeper than Python's recursion limit.
"""

from __future__ import annotations

import re
import warnings
from typing import Callable, Iterator

from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning, XMLParsedAsHTMLWarning
from bs4.builder import LXMLTreeBuilder
from bs4.element import AttributeDict, AttributeValueList
from lxml import etree

MULTI_VALUED = frozenset({"class", "rel"})  # lists of words, on every element
# News pages give an element a few dozen attributes and class words at most (utility-class
# frameworks included); a Python string per word or attribute costs 50 bytes and more, so
# one element with three million class words took 550 MB.
MAX_ATTRIBUTES = 200
MAX_WORDS = 200
# A start tag as HTML's tokenizer reads it (libxml2 2.14's follows HTML5): the name, then
# items (blanks and attributes) up to the first ">" outside a value; a value is quoted only
# after "=", and only these five characters are blanks. Every repetition is bounded, as
# Python's re keeps a state per repetition of a group (a million: a gigabyte).
_BLANK = "\t\n\f\r "
_NAME = rf"[^{_BLANK}/>][^{_BLANK}/>=]*"
_VALUE = rf"""(?:[{_BLANK}]*=[{_BLANK}]*(?:"[^"]*"|'[^']*'|[^{_BLANK}>]*))?"""
_ITEM = rf"[{_BLANK}/]+|{_NAME}{_VALUE}"
# A tag of at most MAX_ATTRIBUTES items has at most that many attributes (each is one item
# at least: a quoted value may be followed by the next name with no blank between).
_TAG_HEAD = re.compile(rf"<([A-Za-z][^{_BLANK}/>]*)(?:{_ITEM}){{0,{MAX_ATTRIBUTES}}}")
_NEXT_ATTRIBUTE = re.compile(rf"[{_BLANK}/]*({_NAME}){_VALUE}")
# The tokenizer keeps the first of attributes of the same name (compared in ASCII lower
# case), so a tag's attributes are its distinct names; past this many attributes written
# the tag is cut whatever their names (walking a million repeats in Python would be slow).
_MOST_WRITTEN = 4 * MAX_ATTRIBUTES
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_ITEMS = re.compile(rf"(?:{_ITEM}){{0,4096}}")
# The deadline is checked once per this many elements while the tree is built.
CHECK_EVERY = 4096


def page_soup(html: str, check: Callable[[], None] = lambda: None) -> BeautifulSoup:
    """The page's tree; its root is the "[document]" holding <html>."""
    html = _few_attributes(html.replace("\0", "\ufffd"))
    data = html.encode("utf-8", errors="replace")
    with warnings.catch_warnings():  # "looks like XML", "looks like a file name": it is HTML
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        return BeautifulSoup(data, builder=_Builder(check), from_encoding="utf-8")


def _few_attributes(html: str) -> str:
    """``html`` with every start tag cut after its first ``MAX_ATTRIBUTES`` attributes."""
    out: list[str] = []
    pos = 0
    for cut, end in _crowded_tags(html):
        out += [html[pos:cut], ">"]
        pos = end
    return "".join(out) + html[pos:] if out else html


def _crowded_tags(html: str) -> Iterator[tuple[int, int]]:
    """Where each start tag with more than ``MAX_ATTRIBUTES`` attributes should be cut
    (before the first name beyond them) and where it ends. Tags are found by one regex
    search, in C; only a tag with more items than it looks at is walked in Python."""
    pos = 0
    while True:
        for tag in _TAG_HEAD.finditer(html, pos):
            if html[tag.end():tag.end() + 1] not in (">", ""):
                break
        else:
            return
        cut = _cut(html, tag.end(1))
        pos = _tag_end(html, cut)
        if _NEXT_ATTRIBUTE.match(html, cut):
            yield cut, pos


def _cut(html: str, pos: int) -> int:
    """Where the attributes that go on at ``pos`` are to be cut: before the first new
    name beyond MAX_ATTRIBUTES, or after _MOST_WRITTEN written (at the end if neither)."""
    names: set[str] = set()
    for _ in range(_MOST_WRITTEN):
        found = _NEXT_ATTRIBUTE.match(html, pos)
        if found is None:
            break
        name = found.group(1).translate(_ASCII_LOWER)
        if name not in names:
            if len(names) == MAX_ATTRIBUTES:
                break
            names.add(name)
        pos = found.end()
    return pos


def _tag_end(html: str, pos: int) -> int:
    """Just after the ">" that ends the start tag whose items go on at ``pos``."""
    while (end := _ITEMS.match(html, pos).end()) > pos:
        pos = end
    return min(pos + 1, len(html))


class _Builder(LXMLTreeBuilder):
    def __init__(self, check: Callable[[], None]) -> None:
        # Multi-valued attributes are split here: bs4's own splitting, which looks at
        # every attribute of every element, took a tenth of the time of a whole parse.
        super().__init__(huge_tree=True, multi_valued_attributes=None, string_containers={},
                         store_line_numbers=False, attribute_dict_class=AttributeDict)
        self.check = check
        self.count = 0

    def default_parser(self, encoding):
        return etree.HTMLParser(target=self, encoding=encoding, recover=True, huge_tree=True,
                                remove_comments=True, remove_pis=True, no_network=True)

    def feed(self, markup) -> None:
        parser = self.parser_for(self.soup.original_encoding)
        try:
            parser.feed(markup)
            parser.close()
        except (etree.LxmlError, ValueError):
            pass  # "no element found" for a page of blanks; what was read is kept

    # The parser's events, passed on to the soup. An HTML parser reports no namespaces,
    # so none of the bookkeeping that bs4's own ``start`` and ``end`` do for XML.

    def start(self, tag, attrib, nsmap=None) -> None:
        self.count += 1
        if self.count % CHECK_EVERY == 0:
            self.check()
        if tag == "br":
            self.soup.handle_data("\n")
        else:
            self.soup.handle_starttag(tag, None, None, _bounded(attrib))

    def end(self, tag) -> None:
        if tag != "br":
            self.soup.handle_endtag(tag)

    def comment(self, text) -> None:
        pass

    def pi(self, target, data) -> None:
        pass

    def doctype(self, name, pubid, system) -> None:
        pass


def _bounded(attrib: dict) -> dict:
    """An element's attributes, "class" and "rel" split into their first words."""
    attrs = dict(attrib)
    for key in MULTI_VALUED.intersection(attrs):
        attrs[key] = AttributeValueList(attrs[key].split(None, MAX_WORDS)[:MAX_WORDS])
    return attrs
