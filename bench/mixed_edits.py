"""One edit a second through the portal's own services, for `make bench-mixed`.

Each edit changes the summary of one of the practices the load reads (chosen
uniformly: authors edit their own, whatever their popularity), as an author's
proposal that staff then publish (`practice_propose`, `revision_apply`).
Runs until killed; prints how many edits it made.
"""

import os
import random
import signal
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wecd_portal.settings")

import django  # noqa: E402

django.setup()

from accounts.models import User  # noqa: E402
from practices.models import Practice  # noqa: E402
from publishing.services import (  # noqa: E402
    practice_propose,
    practice_snapshot,
    revision_apply,
)

done = 0


def stop(*_):
    sys.stdout.write(f"{done} edits\n")
    sys.exit(0)


def main(slugs_file):
    global done
    signal.signal(signal.SIGTERM, stop)
    slugs = Path(slugs_file).read_text().split()
    staff = User.objects.filter(is_staff=True).first()
    rng = random.Random(7)
    tick = time.monotonic()
    while True:
        practice = Practice.objects.get(slug=rng.choice(slugs))
        snapshot = practice_snapshot(practice)
        stamp = time.time_ns()
        snapshot["summary"] = f"{practice.summary.split(' [edit')[0]} [edit {stamp}]"
        # Synthetic practices have no author: staff edit them.
        proposal = practice_propose(
            practice=practice, snapshot=snapshot, by=practice.author or staff
        )
        revision_apply(revision=proposal, by=staff, minor=False)
        done += 1
        tick += 1
        time.sleep(max(0, tick - time.monotonic()))


if __name__ == "__main__":
    main(sys.argv[1])
