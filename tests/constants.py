"""What the tests share: the demo practice's address and the roles people play."""

from practices.management.commands.load_demo import DEMO_PRACTICE_SLUG

# The demo practice (`manage.py load_demo`), as the browser and the fuzzers see it.
WECD_SLUG = DEMO_PRACTICE_SLUG
WECD_URL = f"/practices/{WECD_SLUG}/"

# Every role the permission matrix checks a URL for, anonymous first.
ROLES = ("anonymous", "unverified", "verified", "expert", "author", "staff")
# The same roles once signed in: every role but anonymous.
SIGNED_IN_ROLES = ROLES[1:]
