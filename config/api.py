"""One router for the JSON API; each app lists its viewsets in ``<app>/api.py``."""

from importlib import import_module

from rest_framework.routers import DefaultRouter

from partnerships.api import MembershipViewSet, PartnershipViewSet

router = DefaultRouter()
router.register("partnerships", PartnershipViewSet, basename="partnership")
router.register("memberships", MembershipViewSet, basename="membership")

for module in ("partnerships.governance.api", "cases.api", "matching.api", "reporting.api"):
    for prefix, viewset, basename in import_module(module).routes:
        router.register(prefix, viewset, basename=basename)
