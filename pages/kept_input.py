"""What a signed-out visitor typed into a members' form waits until they are back.

A session can end while its member writes (signed out in another tab, a password
changed elsewhere, a browser that dropped its cookie). The form they send then
would be lost on the way to the sign-in page; instead its fields are kept in the
session, which signing in keeps, and the page fills its form with them.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import QueryDict
from django.utils.translation import gettext as _

SESSION_KEY = "kept-input"
# Pages kept at most per session, and characters per value: bigger than any form
# takes, small enough that a session cannot grow without end.
MAX_PAGES = 5
MAX_VALUE = 20_000


def login_keeping_input(view=None, *, page=None):
    """``login_required``, keeping what a signed-out visitor's POST carried.

    The fields are kept under the form's action, the path posted to; the view
    showing that form reads them back with ``kept_input`` (initial values) or
    ``kept_data`` (data to bind), and they are forgotten once the member's own
    POST there succeeds. ``page(request, *args, **kwargs)`` names the page to come
    back to after signing in, for a form whose action only takes a POST.
    """
    if view is None:
        return lambda view: login_keeping_input(view, page=page)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            if request.method == "POST":
                keep(request)
                messages.info(
                    request,
                    _(
                        "What you wrote is not sent yet: log in, and it will be "
                        "waiting for you, ready to send."
                    ),
                )
            back = page(request, *args, **kwargs) if page else None
            return redirect_to_login(back or request.get_full_path())
        response = view(request, *args, **kwargs)
        if request.method == "POST" and response.status_code in (302, 303):
            forget(request)
        return response

    return wrapper


def keep(request):
    pages = request.session.get(SESSION_KEY, {})
    pages.pop(request.path, None)
    pages[request.path] = {
        name: [value[:MAX_VALUE] for value in request.POST.getlist(name)]
        for name in request.POST
        if name != "csrfmiddlewaretoken"
    }
    request.session[SESSION_KEY] = dict(list(pages.items())[-MAX_PAGES:])


def kept_data(request, action=None):
    """The fields kept for the form posting to ``action`` (by default, this page),
    as a QueryDict to bind a form to, or None."""
    if request.method != "GET" or not request.user.is_authenticated:
        return None
    fields = request.session.get(SESSION_KEY, {}).get(action or request.path)
    if not fields:
        return None
    data = QueryDict(mutable=True)
    for name, values in fields.items():
        data.setlist(name, values)
    return data


def kept_input(request, action=None):
    """The fields kept for the form posting to ``action`` (by default, this page),
    as the form's initial values, or None."""
    data = kept_data(request, action)
    if data is None:
        return None
    return {
        name: values if len(values) > 1 else values[0] for name, values in data.lists()
    }


def forget(request):
    pages = request.session.get(SESSION_KEY)
    if pages and request.path in pages:
        del pages[request.path]
        request.session.modified = True
