"""Revoke and re-issue cards from the employee list, each behind a confirmation page.

The queryset an action receives is already the officer's own agency (the changelist's
queryset), so selected ids of another agency are simply not there.
"""

from django import forms
from django.contrib import messages
from django.contrib.admin import helpers
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cards.models import Card
from cards.services import CardError, reissue_card, revoke_card


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Alasan pencabutan"),
        max_length=200,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text=gettext_lazy("Dicatat di riwayat kartu. Contoh: kartu hilang, pegawai mutasi."),
    )


def card_of(employee) -> Card | None:
    try:
        return employee.card
    except Card.DoesNotExist:
        return None


def revoke(modeladmin, request, queryset):
    form = RevokeForm(request.POST if "confirm" in request.POST else None)
    employees = list(queryset.select_related("card"))
    if form.is_bound and form.is_valid():
        done = 0
        for employee in employees:
            card = card_of(employee)
            if card is None or card.is_revoked:
                continue
            try:
                revoke_card(card, form.cleaned_data["reason"], actor=request.user)
            except CardError:  # revoked meanwhile by someone else
                continue
            done += 1
        _report(request, done, len(employees), _("%(count)d kartu dicabut."))
        return None
    return _confirmation(modeladmin, request, employees, "revoke_cards", form,
                         _("Cabut kartu ASN"), _("Cabut kartu"))  # fmt: skip


def reissue(modeladmin, request, queryset):
    employees = list(queryset.select_related("card"))
    if "confirm" in request.POST:
        done = 0
        for employee in employees:
            card = card_of(employee)
            if card is not None:
                try:
                    reissue_card(card, actor=request.user)
                except CardError:
                    continue
                done += 1
        _report(request, done, len(employees), _("%(count)d kartu diterbitkan ulang."))
        return None
    return _confirmation(modeladmin, request, employees, "reissue_cards", None,
                         _("Terbitkan ulang kartu ASN"), _("Terbitkan ulang"))  # fmt: skip


def _report(request, done, selected, message):
    messages.success(request, message % {"count": done})
    if selected > done:
        messages.warning(
            request,
            _("%(count)d pegawai dilewati: belum punya kartu atau kartunya sudah dicabut.")
            % {"count": selected - done},
        )


def _confirmation(modeladmin, request, employees, action, form, title, button):
    if not employees:
        messages.warning(request, _("Tidak ada pegawai terpilih yang dapat diproses."))
        return None
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": title,
        "opts": modeladmin.model._meta,
        "rows": [(employee, card_of(employee)) for employee in employees],
        "form": form,
        "action": action,
        "button": button,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "admin/cards/card_action_confirmation.html", context)
