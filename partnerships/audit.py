"""The audit trail, written once (django-auditlog with our own log-entry model).

* ``audited(Model)`` registers a model: every create, change and delete is
  recorded with the acting user (AuditlogMiddleware), the time and the changed
  fields. Models in partnership scope are tagged with their partnership so the
  coordinator can read their partnership's trail.
* ``record_view(user, obj)`` records that someone *viewed* a sensitive record.
* ``trail_for_partnership(partnership)`` reads the trail, newest first.
"""

from __future__ import annotations

from auditlog import get_logentry_model
from auditlog.context import set_actor
from auditlog.registry import auditlog
from django.contrib.contenttypes.models import ContentType

from .access import partnership_id_of

ACCESS = 3  # auditlog's LogEntry.Action.ACCESS


def _additional_data(self):
    try:
        return {"partnership_id": partnership_id_of(self)}
    except AttributeError:
        return None


def audited(model=None, **options):
    """Register ``model`` with the audit trail (usable as a class decorator).

    ``options`` go to auditlog.register, e.g. ``mask_fields=["national_number"]``."""

    def wrap(cls):
        if not hasattr(cls, "get_additional_data"):
            cls.get_additional_data = _additional_data
        auditlog.register(cls, **options)
        return cls

    return wrap(model) if model is not None else wrap


def record_view(user, obj) -> None:
    """Record that ``user`` opened ``obj`` (a case, a candidacy, …)."""
    actor = user if user is not None and user.is_authenticated else None
    get_logentry_model().objects.log_create(
        obj, action=ACCESS, changes=None, force_log=True, actor=actor,
        actor_email=getattr(actor, "email", None),
    )


def acting_as(user):
    """Attribute audit entries to ``user`` outside a request (commands, tasks).

    In a request the AuditlogMiddleware already does this; do not nest it there."""
    return set_actor(user)


def trail_for_partnership(partnership):
    LogEntry = get_logentry_model()
    return (
        LogEntry.objects.filter(partnership_id=partnership.pk)
        .select_related("actor", "content_type")
        .order_by("-timestamp", "-pk")
    )


def trail_for_object(obj):
    LogEntry = get_logentry_model()
    return (
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(type(obj)), object_pk=str(obj.pk)
        )
        .select_related("actor")
        .order_by("-timestamp", "-pk")
    )


def _register_foundation_models():
    from .models import Membership, Organisation, PartnerOrganisation, Partnership, WorkArea

    audited(Partnership)
    audited(PartnerOrganisation)
    audited(Membership)
    audited(Organisation)
    audited(WorkArea)


_register_foundation_models()
