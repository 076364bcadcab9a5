import datetime as dt

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts import nip as nip_rules
from accounts.ranks import RANK_CHOICES, rank_fits, rank_label
from accounts.text import validate_unit_code, validate_visible_text


class Agency(models.Model):
    """An instansi: a ministry, agency or regional government."""

    code = models.CharField(_("kode instansi"), max_length=20, unique=True)
    name = models.CharField(_("nama instansi"), max_length=200, validators=[validate_visible_text])
    short_name = models.CharField(
        _("singkatan"), max_length=40, blank=True, validators=[validate_visible_text]
    )

    class Meta:
        verbose_name = _("instansi")
        verbose_name_plural = pgettext_lazy("plural", "instansi")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class WorkUnit(models.Model):
    """A unit kerja; units form a tree inside one agency."""

    agency = models.ForeignKey(
        Agency, models.PROTECT, related_name="units", verbose_name=_("instansi")
    )
    parent = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("unit induk"),
    )
    code = models.CharField(_("kode unit"), max_length=30, validators=[validate_unit_code])
    name = models.CharField(_("nama unit"), max_length=200, validators=[validate_visible_text])

    class Meta:
        verbose_name = _("unit kerja")
        verbose_name_plural = pgettext_lazy("plural", "unit kerja")
        ordering = ["agency__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "code"], name="unique_unit_code_per_agency")
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        if self.parent_id and self.parent.agency_id != self.agency_id:
            raise ValidationError(
                {"parent": _("Unit induk harus berada di instansi yang sama.")},
                code="parent_agency",
            )
        node, seen = self.parent, {self.pk}
        while node is not None:
            if node.pk in seen:
                raise ValidationError(
                    {"parent": _("Unit tidak boleh menjadi induk dirinya sendiri.")}
                )
            seen.add(node.pk)
            node = node.parent


class EmployeeManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, nip, password=None, **fields):
        employee = self.model(nip=nip, **fields)
        # Without a password the employee sets one through "Lupa Kata Sandi".
        employee.set_password(password) if password else employee.set_unusable_password()
        employee.save(using=self._db)
        return employee

    def create_superuser(self, nip, password=None, **fields):
        fields.setdefault("is_staff", True)
        fields.setdefault("is_superuser", True)
        return self.create_user(nip, password, **fields)

    def get_by_natural_key(self, nip):
        return self.get(nip=nip)


class Employee(AbstractBaseUser, PermissionsMixin):
    """An ASN (PNS or PPPK). The employee is the user; the NIP is the login."""

    class AsnType(models.TextChoices):
        PNS = "PNS", _("PNS")
        PPPK = "PPPK", _("PPPK")

    class Gender(models.TextChoices):
        MALE = "L", _("Laki-laki")
        FEMALE = "P", _("Perempuan")

    class Status(models.TextChoices):
        ACTIVE = "aktif", _("Aktif")
        RETIRED = "pensiun", _("Pensiun")
        DISMISSED = "diberhentikan", _("Diberhentikan")
        DECEASED = "meninggal", _("Meninggal dunia")
        CONTRACT_ENDED = "kontrak_berakhir", _("Masa kontrak berakhir")

    nip = models.CharField(
        _("NIP"),
        max_length=18,
        unique=True,
        help_text=_("18 angka tanpa spasi; untuk PPPK isi dengan NI PPPK."),
        error_messages={"unique": _("NIP ini sudah terdaftar.")},
    )
    name = models.CharField(_("nama"), max_length=150, validators=[validate_visible_text])
    front_title = models.CharField(
        _("gelar depan"), max_length=40, blank=True, validators=[validate_visible_text]
    )
    back_title = models.CharField(
        _("gelar belakang"), max_length=60, blank=True, validators=[validate_visible_text]
    )
    birth_place = models.CharField(
        _("tempat lahir"), max_length=80, blank=True, validators=[validate_visible_text]
    )
    birth_date = models.DateField(_("tanggal lahir"), null=True, blank=True)
    gender = models.CharField(_("jenis kelamin"), max_length=1, choices=Gender.choices, blank=True)
    asn_type = models.CharField(
        _("jenis ASN"), max_length=4, choices=AsnType.choices, default=AsnType.PNS
    )
    status = models.CharField(
        _("status kepegawaian"), max_length=20, choices=Status.choices, default=Status.ACTIVE
    )
    agency = models.ForeignKey(
        Agency,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="employees",
        verbose_name=_("instansi"),
    )
    work_unit = models.ForeignKey(
        WorkUnit,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="employees",
        verbose_name=_("unit kerja"),
    )
    position = models.CharField(
        _("jabatan"), max_length=200, blank=True, validators=[validate_visible_text]
    )
    rank = models.CharField(_("golongan"), max_length=10, choices=RANK_CHOICES, blank=True)
    start_date = models.DateField(
        _("TMT"),
        null=True,
        blank=True,
        help_text=_("TMT PNS, atau tanggal mulai kontrak PPPK."),
    )
    contract_end_date = models.DateField(_("akhir kontrak PPPK"), null=True, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("nomor ponsel"), max_length=20, blank=True)

    is_active = models.BooleanField(
        _("akun aktif"), default=True, help_text=_("Akun yang tidak aktif tidak dapat masuk.")
    )
    is_staff = models.BooleanField(
        _("petugas admin"), default=False, help_text=_("Dapat masuk ke halaman admin.")
    )
    date_joined = models.DateTimeField(_("terdaftar sejak"), default=timezone.now)

    objects = EmployeeManager()

    USERNAME_FIELD = "nip"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["name"]

    class Meta:
        verbose_name = _("pegawai")
        verbose_name_plural = pgettext_lazy("plural", "pegawai")
        ordering = ["name"]
        indexes = [
            models.Index(Lower("name"), name="employee_name_lower"),
            models.Index(fields=["agency", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.nip})"

    @property
    def full_name(self) -> str:
        """The name as printed, with academic titles: "Dr. Siti Rahma, S.Kom., M.T."."""
        name = f"{self.front_title} {self.name}".strip()
        return f"{name}, {self.back_title}" if self.back_title else name

    @property
    def formatted_nip(self) -> str:
        return nip_rules.format_nip(self.nip)

    @property
    def masked_nip(self) -> str:
        return nip_rules.mask_nip(self.nip)

    @property
    def rank_label(self) -> str:
        return rank_label(self.rank)

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.name

    def clean(self):
        super().clean()
        errors = {}
        try:
            nip_rules.validate_nip(self.nip, self.asn_type)
            nip_rules.validate_nip_matches(self.nip, self.birth_date, self.gender)
        except ValidationError as exc:
            errors["nip"] = exc.error_list
        if not rank_fits(self.asn_type, self.rank):
            errors["rank"] = [
                ValidationError(_("Golongan tidak sesuai dengan jenis ASN."), code="rank_type")
            ]
        if self.work_unit_id and self.work_unit.agency_id != self.agency_id:
            errors["work_unit"] = [
                ValidationError(
                    _("Unit kerja harus berada di instansi pegawai."), code="unit_agency"
                )
            ]
        if self.contract_end_date and self.asn_type != self.AsnType.PPPK:
            errors["contract_end_date"] = [
                ValidationError(_("Akhir kontrak hanya untuk PPPK."), code="contract_pns")
            ]
        if self.contract_end_date and self.start_date and self.contract_end_date < self.start_date:
            errors["contract_end_date"] = [
                ValidationError(_("Akhir kontrak tidak boleh sebelum TMT."), code="contract_order")
            ]
        if errors:
            raise ValidationError(errors)

    def employment_status(self, today: dt.date | None = None) -> str:
        """The status in force today: a PPPK whose contract has passed is no longer active."""
        today = today or timezone.localdate()
        if (
            self.status == self.Status.ACTIVE
            and self.asn_type == self.AsnType.PPPK
            and self.contract_end_date
            and self.contract_end_date < today
        ):
            return self.Status.CONTRACT_ENDED
        return self.status


# The login records live with the login machinery; importing them here registers them.
from accounts.login.models import LoginSession, QrLoginRequest  # noqa: E402, F401
