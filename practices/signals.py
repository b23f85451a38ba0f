"""The practices app's own signals; receivers live in the apps that listen."""

from django.dispatch import Signal

# Sent by the code that changes a practice in a way its followers should hear
# about (an update by its author, a new expert opinion, its publication); the
# notifications app listens. Arguments: ``practice`` and ``kind`` ("updated",
# "opinion", "published", or the transfers app's "transfer_confirmed" and
# "transfer_implemented"); for an opinion the ``opinion`` (each opinion, and each
# edit of one, is a change of its own), for a transfer a ``change_key`` naming it.
practice_changed = Signal()
