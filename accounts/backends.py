from django.conf import settings
from django.contrib.auth.backends import ModelBackend

from .generations import account_generation, signed_in_memory


class AccountBackend(ModelBackend):
    """Django's ModelBackend, under the name members' sessions already carry,
    with the signed-in member kept in each process's memory.

    A session records the dotted path of the backend that signed its member in,
    and Django signs out any session whose backend is no longer configured:
    keeping this name keeps everyone signed in across deployments.

    Loading the member was a third of a signed-in practice page's time (0.32 of
    2 ms). The member is kept in this process's memory under their *account
    generation*, a number in the shared cache that every save or deletion of
    the account moves on once committed (``accounts.receivers``): a change made
    through any process, a password, an address, ``is_active`` or staff rights,
    reaches every process at its member's next request. Never longer than
    ``SIGNED_IN_USER_SECONDS`` in any case, for changes that skip ``save()``.
    """

    def get_user(self, user_id):
        # "members" off: bench/layers.sh measures what keeping them earns.
        if not settings.SIGNED_IN_USER_SECONDS or "members" in (
            settings.CACHE_LAYERS_OFF
        ):
            return super().get_user(user_id)
        generation = account_generation(user_id)
        key = f"accounts:user:{user_id}:{generation}"
        memory = signed_in_memory()
        user = memory.get(key)
        if user is None:
            user = super().get_user(user_id)
            if user is not None:
                memory.set(key, user, settings.SIGNED_IN_USER_SECONDS)
        if user is not None:
            # What the member sees of a practice is kept under it too
            # (practices.views): read once a request, not once for each.
            user.account_generation = generation
        return user
