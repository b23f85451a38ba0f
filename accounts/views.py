import json

from django.apps import apps
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.messages.views import SuccessMessageMixin
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django.views.generic import UpdateView

from .forms import DeleteAccountForm, ProfileForm


class ProfileView(LoginRequiredMixin, SuccessMessageMixin, UpdateView):
    form_class = ProfileForm
    template_name = "accounts/profile.html"
    success_url = reverse_lazy("accounts:profile")
    success_message = gettext_lazy("Your profile is saved.")

    def get_object(self, queryset=None):
        return self.request.user

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response


def personal_data(user):
    """Everything the portal holds about ``user``, gathered from every app."""
    data = {"exported_at": timezone.now()}
    for config in apps.get_app_configs():
        collect = getattr(config, "personal_data", None)
        if collect is not None:
            data[config.label] = collect(user)
    return data


@login_required
def your_data(request):
    return render(
        request,
        "accounts/your_data.html",
        {"form": DeleteAccountForm(user=request.user)},
    )


@never_cache
@login_required
@require_POST
def export_data(request):
    body = json.dumps(
        personal_data(request.user), cls=DjangoJSONEncoder, indent=2, ensure_ascii=False
    )
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = (
        f'attachment; filename="wecd-portal-my-data-{stamp}.json"'
    )
    return response


@login_required
def delete_account(request):
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST":
        if form.is_valid():
            user = request.user
            logout(request)
            user.delete()
            messages.success(
                request, _("Your account and your personal data are deleted.")
            )
            return redirect("home")
        return render(request, "accounts/your_data.html", {"form": form}, status=400)
    return render(request, "accounts/your_data.html", {"form": form})
