"""The page as BeautifulSoup's tree, built by bs4's lxml tree builder.

The stages walk bs4's ``Tag``s and ``NavigableString``s. The builder is bs4's own
``LXMLTreeBuilder`` (the "lxml" feature), set up for reading an article aloud:

* every string is a plain ``NavigableString`` (by default bs4 gives the strings of
  <script>, <style>, <rt> and <rp> classes of their own, which ``get_text`` skips);
* comments, processing instructions and the doctype are left out: they are never text;
* a <br> is a line break in the text beside it, joined to it ("line<br>line" must not
  read as "lineline", and a line is one string);
* "class" and "rel" are lists of words on every element;
* the text is given as UTF-8 bytes with that encoding stated, as ``source`` has already
  decided the page's charset (a ``<meta charset>`` inside must not switch it again);
* no depth limit in libxml2 (pages nest deeper than its default allows), and a
  ``check`` called every few thousand elements, which may raise to give up.

bs4 builds the tree without recursion; the stages walk it without recursion too, as
pages nest deeper than Python's recursion limit.
"""

from __future__ import annotations

import warnings
from typing import Callable

from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning, XMLParsedAsHTMLWarning
from bs4.builder import LXMLTreeBuilder
from bs4.element import AttributeDict, AttributeValueList
from lxml import etree

MULTI_VALUED = frozenset({"class", "rel"})  # lists of words, on every element
# The deadline is checked once per this many elements while the tree is built.
CHECK_EVERY = 4096


def page_soup(html: str, check: Callable[[], None] = lambda: None) -> BeautifulSoup:
    """The page's tree; its root is the "[document]" holding <html>."""
    data = html.replace("\0", "\ufffd").encode("utf-8", errors="replace")
    with warnings.catch_warnings():  # "looks like XML", "looks like a file name": it is HTML
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        return BeautifulSoup(data, builder=_Builder(check), from_encoding="utf-8")


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
            attrs = dict(attrib)
            for key in MULTI_VALUED.intersection(attrs):
                attrs[key] = AttributeValueList(attrs[key].split())
            self.soup.handle_starttag(tag, None, None, attrs)

    def end(self, tag) -> None:
        if tag != "br":
            self.soup.handle_endtag(tag)

    def comment(self, text) -> None:
        pass

    def pi(self, target, data) -> None:
        pass

    def doctype(self, name, pubid, system) -> None:
        pass
