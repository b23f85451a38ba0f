"""The practices app's own signals; receivers live in the apps that listen."""

from django.dispatch import Signal

# Sent by the code that changes a practice in a way its followers should hear
# about (an update by its author, a new expert opinion, its publication); the
# notifications app listens. Arguments: ``practice`` and ``kind`` ("updated",
# "opinion" or "published"), and for an opinion the ``opinion``: each opinion,
# and each edit of one, is a change of its own.
practice_changed = Signal()
