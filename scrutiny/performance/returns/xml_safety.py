"""Opening a return's XML without trusting it.

A CIN census file never needs a document type declaration, so any file that declares one is
refused before parsing: that is where entity-expansion ("billion laughs") and external-entity
attacks live. The parser is also told not to resolve entities, not to touch the network and not
to lift libxml2's limits on depth and text size (``huge_tree`` stays off).
"""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from django.conf import settings
from lxml import etree

from scrutiny.performance.returns.problems import Problem, ReturnRejected

#: The prolog (declaration, comments, any DOCTYPE) is read from the start of the file.
_PROLOG_BYTES = 64 * 1024


def _decoded_prolog(head: bytes) -> str:
    for encoding in ("utf-8-sig", "utf-16", "latin-1"):
        try:
            return head.decode(encoding)
        except UnicodeDecodeError:
            continue
    return ""  # latin-1 decodes anything, so this is never reached


def check_return_file(path: Path, name: str, xml: bool = True) -> None:
    """Refuse a file that is empty, too large or (XML) declares a DOCTYPE or entities."""
    size = path.stat().st_size
    limit = int(getattr(settings, "SCRUTINY_MAX_RETURN_BYTES", 2 * 1024**3))
    if size == 0:
        raise ReturnRejected([Problem(name, "The file is empty.")])
    if size > limit:
        raise ReturnRejected(
            [Problem(name, f"The file is {size:,} bytes; the largest return accepted is {limit:,} bytes.")]
        )
    if not xml:
        return
    with path.open("rb") as handle:
        head = handle.read(_PROLOG_BYTES)
    text = _decoded_prolog(head).replace("\x00", "")
    upper = text.upper()
    if "<!DOCTYPE" in upper or "<!ENTITY" in upper:
        raise ReturnRejected(
            [
                Problem(
                    name,
                    "The file declares a DOCTYPE or entities. A CIN census file has neither, and they "
                    "can be used to attack the reader, so the file was not read.",
                )
            ]
        )


def safe_iterparse(source: Path | BinaryIO, **kwargs: object) -> etree.iterparse:
    """lxml's streaming parser with entity resolution, DTD loading and network access off."""
    return etree.iterparse(
        str(source) if isinstance(source, Path) else source,
        resolve_entities=False,
        load_dtd=False,
        no_network=True,
        huge_tree=False,
        remove_comments=True,
        **kwargs,
    )
