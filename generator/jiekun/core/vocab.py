"""The vocabularies and patterns the code relies on, each defined here once.

The data's own vocabularies (categories, units, metrics) live in the data package; these are
the few codes the generator itself must understand, and the Table Schemas' ``enum`` lists
must agree with them (``tests/test_vocab.py`` checks every schema).
"""

from __future__ import annotations

import re

#: an id that may become a file name or a URL segment: lower-case ASCII kebab-case
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
#: a region code: six digits (the administrative division code)
REGION_CODE = re.compile(r"[0-9]{6}")
#: any id the site turns into a path: a slug or a region code
SAFE_ID = re.compile(f"{SLUG.pattern}|{REGION_CODE.pattern}")
#: the longest id that becomes a file name
MAX_ID = 120
#: a data package's or resource's name (Frictionless also allows ``_``)
PACKAGE_NAME = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)*")

#: how a figure is qualified, as its source words it (the ``qualifier`` fields' codes)
EXACT = "exact"
MORE_THAN = "more-than"  # 多, 余, 以上: a lower bound
AT_LEAST = "at-least"  # 不低于, 最低: a lower bound that may be reached
ABOUT = "about"  # 约, 左右
NEARLY = "nearly"  # 近, 将近: just under
QUALIFIERS = (EXACT, MORE_THAN, AT_LEAST, ABOUT, NEARLY)

#: regions whose headline figures a page lists in full (home cards, key figures); beyond
#: this many, pages list only the top of the hierarchy and link to the rest
HEADLINE_REGIONS = 12

#: a region page's table of its sub-regions' headline figures lists up to this many sub-regions
#: (all descendants, tree order); beyond, only the direct sub-regions, each linking to its own page
ROLLUP_ROWS = 60
#: a region page lists up to this many cases of the region and its sub-regions; beyond, the newest
#: and a link to the case index
ROLLUP_CASES = 40
#: every chart's page offers a PNG when the site has at most this many charts; beyond, only the
#: press and link-preview charts have one and the other chart pages offer the SVG (measured at
#: national scale: 25,800 PNGs would be about 2 GB and some 70 CPU-minutes on a cold build)
PNG_ALL_CHARTS = 2000
