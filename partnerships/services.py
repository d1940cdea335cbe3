"""Writes for organisations, partnerships and memberships.

Every write validates (full_clean) and is atomic; the audit trail records it
through auditlog's signals with the acting user."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .access import Perm, forget_roles, require_perm
from .models import Membership, Organisation, PartnerOrganisation, Partnership, Role, User, WorkArea

PARTNERSHIP_EDITABLE_FIELDS = ("name", "project_number", "shared_purpose", "principles", "start_date", "end_date")


def organisation_get_or_create(*, name: str, kind: str, **fields) -> Organisation:
    organisation, created = Organisation.objects.get_or_create(name=name, defaults={"kind": kind, **fields})
    if created:
        organisation.full_clean()
    return organisation


@transaction.atomic
def partnership_create(
    *, name: str, work_area: WorkArea, pen_holder: Organisation, start_date, end_date, **fields
) -> Partnership:
    partnership = Partnership(
        name=name, work_area=work_area, pen_holder=pen_holder, start_date=start_date, end_date=end_date, **fields
    )
    partnership.full_clean()
    partnership.save()
    PartnerOrganisation.objects.get_or_create(partnership=partnership, organisation=pen_holder)
    return partnership


@transaction.atomic
def partnership_update(*, partnership: Partnership, by: User, **changes) -> Partnership:
    """Change the partnership's profile; only a coordinator may."""
    require_perm(by, partnership, Perm.EDIT_PARTNERSHIP)
    unknown = set(changes) - set(PARTNERSHIP_EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    partnership = Partnership.objects.select_for_update().get(pk=partnership.pk)
    for field, value in changes.items():
        setattr(partnership, field, value)
    partnership.full_clean()
    partnership.save(update_fields=list(changes) or None)
    return partnership


def partner_organisation_add(*, partnership: Partnership, organisation: Organisation, role_description: str = "", joined_on=None) -> PartnerOrganisation:
    member, created = PartnerOrganisation.objects.get_or_create(
        partnership=partnership,
        organisation=organisation,
        defaults={"role_description": role_description, "joined_on": joined_on},
    )
    return member


ERROR_ALREADY_HOLDS_ROLE = gettext_lazy("Deze persoon heeft die rol al in dit partnerschap.")


@transaction.atomic
def membership_grant(*, partnership: Partnership, user: User, role: str, fte=None, by: User | None = None) -> Membership:
    """Give ``user`` a role in ``partnership``. ``by`` is checked unless the
    caller is trusted code (setup, demo)."""
    if by is not None:
        require_perm(by, partnership, Perm.EDIT_PARTNERSHIP)
    if role not in Role.values:
        raise ValidationError({"role": _("Onbekende rol.")})
    if Membership.objects.filter(partnership=partnership, user=user, role=role).exists():
        raise ValidationError({"role": ERROR_ALREADY_HOLDS_ROLE})
    membership = Membership(partnership=partnership, user=user, role=role, fte=fte)
    membership.full_clean()
    membership.save()
    forget_roles(user)
    return membership


@transaction.atomic
def membership_revoke(*, membership: Membership, by: User) -> None:
    require_perm(by, membership.partnership_id, Perm.EDIT_PARTNERSHIP)
    if membership.user_id == by.pk and membership.role == Role.COORDINATOR:
        others = Membership.objects.filter(
            partnership_id=membership.partnership_id, role=Role.COORDINATOR
        ).exclude(pk=membership.pk)
        if not others.exists():
            raise PermissionDenied(_("Een partnerschap houdt minstens één coördinator."))
    membership.delete()
    forget_roles(membership.user)
