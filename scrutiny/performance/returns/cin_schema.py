"""The CIN census XML schemas, made to tolerate what DfE's collection tolerates.

DfE's schemas are the contract, and each child is validated against the one for the file's
collection year, in C (lxml/libxml2), so a national file validates in seconds. Real files vary
in two ways that the collection accepts and that we therefore accept too, saying so on the
import's summary (data-standards.md §2.2, §2.4):

- ``true``/``false`` as well as ``1``/``0`` in the yes/no fields (``ReferralNFA``,
  ``ICPCnotRequired``);
- either name for the child's sex: ``GenderCurrent`` (1/2/0/9, up to the 2024 schema) or
  ``Sex`` (M/F/U, from the 2025 schema).

The tolerant schema is DfE's own with those two widenings and with ``Child`` and ``Header``
declared as elements, so that each child can be validated on its own while the file streams.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from lxml import etree

SCHEMAS = Path(__file__).parent.parent / "data" / "schemas"
XS = "{http://www.w3.org/2001/XMLSchema}"

#: Collection year (the year of the 31 March reference date) to the shipped schema. 2023 and
#: earlier files use the 2024 schema, which is byte-identical to 2023's (data-standards.md §2.6).
SHIPPED = {2024: "CIN_schema_2024.xsd", 2025: "CIN_schema_2025.xsd", 2026: "CIN_schema_2026.xsd"}

_GENDER_TYPES = {
    "gendertype": ("1", "2", "0", "9"),
    "sextype": ("M", "F", "U"),
}


def schema_year(year: int) -> int:
    """The shipped schema a collection year is validated against."""
    return min(max(year, min(SHIPPED)), max(SHIPPED))


def _simple_enum(name: str, values: tuple[str, ...]) -> etree._Element:
    simple = etree.Element(XS + "simpleType", name=name)
    restriction = etree.SubElement(simple, XS + "restriction", base="xs:string")
    for value in values:
        etree.SubElement(restriction, XS + "enumeration", value=value)
    return simple


def _tolerant(document: etree._ElementTree) -> etree._ElementTree:
    root = document.getroot()
    named = {node.get("name"): node for node in root if node.get("name")}
    yes_no = named["yesnotype"].find(XS + "restriction")
    for value in ("true", "false"):
        etree.SubElement(yes_no, XS + "enumeration", value=value)
    for type_name, values in _GENDER_TYPES.items():
        if type_name not in named:
            root.append(_simple_enum(type_name, values))
    identifiers = named["childidentifierstype"].find(XS + "sequence")
    for element in identifiers:
        if element.get("name") in {"Sex", "GenderCurrent"}:
            choice = etree.Element(XS + "choice")
            etree.SubElement(choice, XS + "element", name="Sex", type="sextype")
            etree.SubElement(choice, XS + "element", name="GenderCurrent", type="gendertype")
            identifiers.replace(element, choice)
            break
    root.append(etree.Element(XS + "element", name="Child", type="childtype"))
    root.append(etree.Element(XS + "element", name="Header", type="headertype"))
    return document


@cache
def tolerant_schema(year: int) -> etree.XMLSchema:
    """The schema each ``Child`` and the ``Header`` of a file for ``year`` are validated against."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    document = etree.parse(str(SCHEMAS / SHIPPED[schema_year(year)]), parser)
    return etree.XMLSchema(_tolerant(document))
