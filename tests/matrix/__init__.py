"""The permission matrix: every URL of the portal, requested as every role.

Each app lists its URLs in ``tests/matrix/rows_<area>.py`` as ``ROWS``, a list of
``Row``; ``test_permission_matrix.py`` collects them all, and fails when a named
URL of the portal has no row.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace

from tests.constants import ROLES

__all__ = ["ROLES", "Row"]


@dataclass(frozen=True)
class Row:
    """One URL name, and the status each role gets when it requests it."""

    name: str
    url: Callable[[SimpleNamespace], str]
    anonymous: int
    unverified: int
    verified: int
    expert: int
    author: int
    staff: int
    method: str = "GET"
    data: Callable[[SimpleNamespace], dict] | None = None
    # The roles that must see the gated marker (the demo opinion's text); it must
    # not appear in the response of any other role.
    shows_gated: tuple[str, ...] = field(default=())

    def status_for(self, role):
        return getattr(self, role)
