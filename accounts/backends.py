from django.contrib.auth.backends import ModelBackend


class AccountBackend(ModelBackend):
    """Django's ModelBackend, under the name members' sessions already carry.

    A session records the dotted path of the backend that signed its member in,
    and Django signs out any session whose backend is no longer configured:
    keeping this name keeps everyone signed in across deployments.

    It used to load the signed-in user through ``raw()`` to skip compiling the
    query on every request. Measured on 2026-11-30 (issue 13; wrk, 3 rounds of
    5 s, the two variants served side by side by gunicorn in the same run, on a
    busy 2-core machine), the signed-in practice page served 21.5 against 18.6
    req/s at concurrency 1 (+16 %, spread 14-40 %) and 24.2 against 23.8 at
    concurrency 8 (+2 %); round by round the gain ran from -10 % to +21 %. It
    did not show the 10 % it had to earn, so Django's own ``get_user`` is used.
    """
