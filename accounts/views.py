import json
from http import HTTPStatus

from allauth.account.views import LoginView as AllauthLoginView
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from .forms import DeleteAccountForm, ProfileForm


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if form.is_valid():
        form.save()
        messages.success(request, _("Your profile has been saved."))
        return redirect("accounts:profile")
    status = HTTPStatus.BAD_REQUEST if form.is_bound else HTTPStatus.OK
    return render(request, "accounts/profile.html", {"form": form}, status=status)


@login_required
@require_GET
def data(request):
    return render(request, "accounts/data.html")


@never_cache
@login_required
@require_GET
def data_export(request):
    """Send everything the portal holds about the user as a JSON download."""
    payload = {
        "exported_at": timezone.now(),
        "user": request.user.email,
        "data": request.user.personal_data(),
    }
    response = HttpResponse(
        json.dumps(payload, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
    )
    filename = f"wecd-portal-data-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def delete(request):
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if form.is_valid():
        user = request.user
        # Follows cascade; practices and opinions keep their text without the
        # person (SET_NULL), and other apps decide the same for their rows. The
        # session ends only once the deletion (one transaction) has succeeded.
        user.delete()
        logout(request)
        messages.success(request, _("Your account and your personal data are deleted."))
        return redirect("home")
    return render(request, "accounts/delete.html", {"form": form})


class LoginView(AllauthLoginView):
    """allauth's login, answering a lockout with the portal's 429 page.

    allauth shows "too many failed login attempts" as a form error with a 200;
    the portal says 429, like every other limit, and keeps the address typed.
    """

    def form_invalid(self, form):
        if form.has_error(NON_FIELD_ERRORS, code="too_many_login_attempts"):
            form.data = form.data.copy()
            form.data["password"] = ""  # Never echoed back.
            context = self.get_context_data(form=form)
            return render(
                self.request,
                "account/login_locked.html",
                context,
                status=HTTPStatus.TOO_MANY_REQUESTS,
            )
        return super().form_invalid(form)


login = LoginView.as_view()
