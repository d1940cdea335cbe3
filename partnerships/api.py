"""The JSON API for partnerships, and the base classes every app's API uses.

``ScopedViewSetMixin`` applies the same partnership scoping as the web views:
objects outside the user's partnerships are 404; writes need ``write_perm``
in the object's partnership (403 otherwise)."""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.exceptions import PermissionDenied, ValidationError

from . import services
from .access import Perm, has_perm, partnership_id_of
from .models import Membership, Organisation, Partnership


def django_validation_to_drf(exc: DjangoValidationError) -> ValidationError:
    """A model/service ValidationError as a DRF 400 with the same messages."""
    if hasattr(exc, "message_dict"):
        return ValidationError(exc.message_dict)
    return ValidationError({"non_field_errors": exc.messages})


class ScopedWritePermission(permissions.BasePermission):
    """Safe methods for anyone who can see the object; others need the view's write_perm."""

    def has_object_permission(self, request, view, obj):
        if request.method in permissions.SAFE_METHODS:
            return True
        perm = getattr(view, "write_perm", None)
        return perm is not None and has_perm(request.user, partnership_id_of(obj), perm)


class ScopedViewSetMixin:
    read_perm = Perm.VIEW
    write_perm: str | None = None
    permission_classes = [permissions.IsAuthenticated, ScopedWritePermission]

    def get_queryset(self):
        return super().get_queryset().for_user(self.request.user, self.read_perm)

    def require_write_in(self, partnership):
        if self.write_perm is None or not has_perm(self.request.user, partnership, self.write_perm):
            raise PermissionDenied


class OrganisationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["code", "name", "kind"]


class PartnershipSerializer(serializers.ModelSerializer):
    work_area = serializers.CharField(source="work_area.name", read_only=True)
    pen_holder = OrganisationSerializer(read_only=True)

    class Meta:
        model = Partnership
        fields = [
            "code", "name", "work_area", "pen_holder", "project_number", "start_date", "end_date",
            "shared_purpose", "principles",
        ]
        read_only_fields = ["code"]


class MembershipSerializer(serializers.ModelSerializer):
    partnership = serializers.UUIDField(source="partnership.code", read_only=True)
    person = serializers.CharField(source="user.get_full_name", read_only=True)
    organisation = serializers.CharField(source="user.organisation.name", read_only=True, default="")

    class Meta:
        model = Membership
        fields = ["id", "partnership", "person", "organisation", "role", "fte"]


class PartnershipViewSet(
    ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Partnerships the user belongs to; a coordinator may update the profile."""

    queryset = Partnership.objects.select_related("work_area", "pen_holder").order_by("name")
    serializer_class = PartnershipSerializer
    lookup_field = "code"
    lookup_url_kwarg = "partnership"
    write_perm = Perm.EDIT_PARTNERSHIP

    def perform_update(self, serializer):
        changes = {
            field: value for field, value in serializer.validated_data.items()
            if field in services.PARTNERSHIP_EDITABLE_FIELDS
        }
        try:
            serializer.instance = services.partnership_update(
                partnership=serializer.instance, by=self.request.user, **changes
            )
        except DjangoValidationError as exc:
            raise django_validation_to_drf(exc) from exc


class MembershipViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Who holds which role in the user's partnerships."""

    queryset = Membership.objects.select_related("partnership", "user", "user__organisation")
    serializer_class = MembershipSerializer
    filterset_fields = ["role"]
    lookup_url_kwarg = "membership_id"
