"""The page as a light tree of ``Tag``s and strings, built from lxml's HTML parser.

lxml (libxml2) parses a news page in a few milliseconds; building BeautifulSoup's tree on
top of its events took ten times as long, more than all the extraction after it, so the
stages walk this tree instead. ``Tag`` offers the part of BeautifulSoup's interface they
use, with its meaning: ``name``, ``attrs`` (``class`` and ``rel`` as lists of words),
``contents`` (child ``Tag``s and plain ``str`` text, in order), ``parent``, ``get``,
``find``, ``find_all``, ``find_parent``, ``parents``, ``get_text``, ``extract``. The
root is a "[document]" tag holding <html>. Comments and processing instructions are
left out, and <br> becomes a line break in the text.

Every walk is iterative: pages nest deeper than Python's recursion limit.
"""

from __future__ import annotations

from typing import Callable, Iterator

from lxml import etree

MULTI_VALUED = frozenset({"class", "rel"})


class Tag:
    __slots__ = ("name", "attrs", "contents", "parent")

    def __init__(self, name: str, attrs: dict, parent: Tag | None) -> None:
        self.name = name
        self.attrs = attrs
        self.contents: list[Tag | str] = []
        self.parent = parent

    def __repr__(self) -> str:
        return f"<{self.name} {self.attrs}>"

    def get(self, key: str, default=None):
        return self.attrs.get(key, default)

    def __getitem__(self, key: str):
        return self.attrs[key]

    def has_attr(self, key: str) -> bool:
        return key in self.attrs

    @property
    def parents(self) -> Iterator[Tag]:
        node = self.parent
        while node is not None:
            yield node
            node = node.parent

    def descendants(self) -> Iterator[Tag]:
        """The tags under this one, in document order."""
        stack = list(reversed(self.contents))
        while stack:
            node = stack.pop()
            if type(node) is Tag:
                yield node
                stack.extend(reversed(node.contents))

    def find_all(self, name=True, attrs: dict | None = None) -> list[Tag]:
        """Tags under this one named ``name`` (a name, a tuple of names, or True for
        any), with these exact attribute values."""
        return [t for t in self.descendants() if _matches(t, name, attrs)]

    def find(self, name=True, attrs: dict | None = None, recursive: bool = True) -> Tag | None:
        tags = self.descendants() if recursive else (
            c for c in self.contents if type(c) is Tag)
        return next((t for t in tags if _matches(t, name, attrs)), None)

    def find_parent(self, name) -> Tag | None:
        return next((t for t in self.parents if _matches(t, name, None)), None)

    def find_previous_siblings(self) -> list[Tag | str]:
        """The nodes before this one in its parent, nearest first."""
        if self.parent is None:
            return []
        siblings = self.parent.contents
        return siblings[:_index(siblings, self)][::-1]

    def get_text(self) -> str:
        parts: list[str] = []
        stack: list[Tag | str] = [self]
        while stack:
            node = stack.pop()
            if type(node) is Tag:
                stack.extend(reversed(node.contents))
            else:
                parts.append(node)
        return "".join(parts)

    @property
    def string(self) -> str | None:
        """The text of a tag holding one string and nothing else."""
        if len(self.contents) == 1 and type(self.contents[0]) is str:
            return self.contents[0]
        return None

    def extract(self) -> Tag:
        """Take this tag out of the tree."""
        if self.parent is not None:
            siblings = self.parent.contents
            del siblings[_index(siblings, self)]
            self.parent = None
        return self

    decompose = extract


def _index(nodes: list, node: Tag) -> int:
    return next(i for i, other in enumerate(nodes) if other is node)


def _matches(tag: Tag, name, attrs: dict | None) -> bool:
    if name is not True and (tag.name not in name if isinstance(name, tuple)
                             else tag.name != name):
        return False
    return not attrs or all(tag.attrs.get(k) == v for k, v in attrs.items())


def build(html: str, check: Callable[[], None] = lambda: None) -> Tag:
    """The "[document]" tag of a page. lxml parses it as a stream of events (a tree
    built by lxml itself would stop at a depth of 2,048 and lose the rest); ``check``
    is called every few thousand elements, and may raise to give up."""
    builder = _Builder(check)
    parser = etree.HTMLParser(target=builder, encoding="utf-8", remove_comments=True,
                              remove_pis=True, huge_tree=True, no_network=True)
    data = html.replace("\0", "\ufffd").encode("utf-8", errors="replace")
    try:
        parser.feed(data)
        parser.close()
    except (etree.LxmlError, ValueError):
        pass  # "no element found" for a page of blanks; what was read is kept
    return builder.document


class _Builder:
    """lxml's parser target: start, end and data events into a tree of ``Tag``s."""

    def __init__(self, check: Callable[[], None]) -> None:
        self.document = self.current = Tag("[document]", {}, None)
        self.check = check
        self.count = 0

    def start(self, name: str, attrib) -> None:
        self.count += 1
        if self.count % 4096 == 0:
            self.check()
        name = name.lower()
        if name == "br":  # "line<br>line" must not read as "lineline"
            self.data("\n")
            return
        attrs = dict(attrib)
        for key in MULTI_VALUED.intersection(attrs):
            attrs[key] = attrs[key].split()
        tag = Tag(name, attrs, self.current)
        self.current.contents.append(tag)
        self.current = tag

    def end(self, name: str) -> None:
        name = name.lower()
        if name == "br":
            return
        node: Tag | None = self.current
        while node is not None and node.name != name:  # an end tag out of turn
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def data(self, text: str) -> None:
        contents = self.current.contents
        if contents and type(contents[-1]) is str:
            contents[-1] += text
        else:
            contents.append(text)

    def close(self) -> Tag:
        return self.document
