from django.apps import apps
from django.conf import settings
from django.contrib.auth import hashers
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from .generations import forget_member


class EmailUserManager(UserManager):
    """Create users identified by their e-mail address alone."""

    def _create_user_object(self, username, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        return user

    def create_user(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(None, email, password, **extra_fields)

    def create_superuser(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(None, email, password, **extra_fields)

    def get_by_natural_key(self, email):
        return self.get(email__iexact=email)


# A NUTS region code: the country's two letters, then one to three letters or
# digits (BE3 is a NUTS 1 region, BE35 a NUTS 2 region, BE352 a NUTS 3 one).
nuts_region_validator = RegexValidator(
    r"^[A-Z]{2}[0-9A-Z]{1,3}$",
    _(
        "Enter your region's NUTS 2 code: two capital letters for the country, "
        "then letters or digits, for example BE35."
    ),
    code="invalid_nuts",
)

# Where NUTS spells a country otherwise than ISO 3166 (the profile's country).
NUTS_COUNTRY_PREFIX = {"GR": "EL", "GB": "UK"}


def nuts_prefix(country_code):
    """The two letters NUTS codes of ``country_code`` (ISO 3166) begin with."""
    return NUTS_COUNTRY_PREFIX.get(country_code, country_code)


def role_line(job_title, organisation):
    """What peers read beside a person's name: job title and/or organisation."""
    return ", ".join(part for part in (job_title, organisation) if part)


class User(AbstractUser):
    """A person using the portal: e-mail is the login, the rest is shown to peers."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("e-mail address"), unique=True)
    display_name = models.CharField(_("display name"), max_length=150)
    job_title = models.CharField(_("job title"), max_length=150, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    country = CountryField(_("country"), blank=True)
    region = models.CharField(
        _("region (NUTS 2 code)"),
        max_length=5,
        blank=True,
        validators=[nuts_region_validator],
        help_text=_(
            "Your region's NUTS 2 code, for example BE35 for the Province of "
            "Namur. It must belong to your country. Practices for you start "
            "with those of your region."
        ),
    )
    is_listed_as_follower = models.BooleanField(
        _("show me in the lists of followers"),
        default=False,
        help_text=_(
            "If set, your name and role appear on the pages of practices you "
            "follow. Otherwise you are only counted."
        ),
    )

    language = models.CharField(
        _("language of e-mails"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("The e-mails the portal sends you are written in this language."),
    )

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["display_name"]

    objects = EmailUserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["display_name", "email"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"), name="accounts_user_email_ci_unique"
            ),
        ]

    def __str__(self):
        return self.display_name or self.email

    def clean(self):
        super().clean()
        self.region = (self.region or "").strip().upper()
        if not nuts_region_validator.regex.match(self.region):
            return  # Empty, or refused by the field's own validator.
        if not self.country:
            raise ValidationError(
                {"country": _("Choose the country your region belongs to.")}
            )
        prefix = nuts_prefix(self.country.code)
        if not self.region.startswith(prefix):
            raise ValidationError(
                {
                    "region": _(
                        "This region is not in %(country)s: its NUTS code "
                        "begins with %(prefix)s."
                    )
                    % {"country": self.country.name, "prefix": prefix}
                }
            )

    def natural_key(self):
        return (self.email,)

    def check_password(self, raw_password):
        """Django's check, with a hash upgrade that sign-ins at once agree on.

        When the hasher asks for a stronger hash (more iterations, a longer salt),
        Django saves a new one at a successful sign-in, with a new random salt. Two
        sign-ins at once would each save their own, and the session signed with
        the hash saved first would be ended at its next request. So the upgrade is
        saved only over the hash that was checked; a sign-in that comes second
        takes the hash the first one saved.
        """
        checked = self.password

        def upgrade(raw_password):
            self.set_password(raw_password)
            self._password = None  # An upgrade is not a change of password.
            users = type(self)._default_manager
            if users.filter(pk=self.pk, password=checked).update(
                password=self.password
            ):
                forget_member(self.pk, users.db)
                return
            current = users.values_list("password", flat=True).get(pk=self.pk)
            if hashers.check_password(raw_password, current):
                self.password = current

        return hashers.check_password(raw_password, self.password, upgrade)

    def get_full_name(self):
        return self.display_name

    def get_short_name(self):
        return self.display_name

    @property
    def role_line(self):
        return role_line(self.job_title, self.organisation)

    def personal_data(self):
        """Return everything the portal holds about this user, by app.

        Every app whose AppConfig defines ``personal_data(user) -> dict`` adds its
        part under its label, so a new app declares its own data where it is kept.
        """
        data = {}
        for config in apps.get_app_configs():
            hook = getattr(config, "personal_data", None)
            if hook is not None:
                data[config.label] = hook(self)
        return data
