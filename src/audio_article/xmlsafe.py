"""The one parse of XML that someone else may have written: a feed or sitemap that batch
and watch read, an existing feed.xml that publish updates, a feed ``feed check`` reads.

A DTD is where the XML attacks live: internal entities that expand a billion times,
external entities that read a local file or a URL, and an entity that lxml leaves
unexpanded makes the feed we write back no longer well-formed. A feed or sitemap never
needs one, so any ``<!DOCTYPE>`` is refused (defusedxml, ``forbid_dtd``) before lxml
sees the bytes; only then is the document built with lxml, which the writers use.
"""

from __future__ import annotations

from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring as defused_fromstring
from lxml import etree

from .errors import AudioArticleError


def parse_untrusted(data: bytes, origin: str, error: type[AudioArticleError],
                    **options) -> etree._Element:
    """The root of the XML document ``data``. ``error`` naming ``origin`` when it has a
    DTD or entity declarations; ``etree.XMLSyntaxError`` when it is not well-formed XML.
    ``options``: more lxml XMLParser options (``remove_blank_text``, ``strip_cdata``)."""
    try:
        defused_fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise _refused(origin, error) from None
    except (ParseError, ValueError):
        pass  # not XML to expat: lxml below says why in its own words
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False, recover=False, **options)
    root = etree.fromstring(data, parser)
    # An encoding expat cannot read (UTF-32, say) hid the document from the check above.
    if root.getroottree().docinfo.doctype:
        raise _refused(origin, error)
    return root


def _refused(origin: str, error: type[AudioArticleError]) -> AudioArticleError:
    return error(f"{origin} declares a DTD (<!DOCTYPE ...>, entities); XML from elsewhere "
                 "is read only without one")
