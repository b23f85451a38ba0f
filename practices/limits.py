"""How many parts one practice may have, in the wizard and in the admin alike.

The wizard adds one empty row per save and none past these, so a larger post is
forged and refused before any form is built. The README states them.
"""

MAX_PARTNERS = 50
MAX_FUNDING_SOURCES = 20
MAX_ACTION_AXES = 20
MAX_ITEMS_PER_SECTION = 30
# Evidence, difficulties and learning points share one admin inline.
MAX_ITEMS = 3 * MAX_ITEMS_PER_SECTION
# Links to hosted videos (evidence.Video), added one at a time.
MAX_VIDEOS = 10
