from __future__ import annotations

from typing import Any

from rest_framework import generics, permissions

from quickscale_modules.auth.api.serializers import MeSerializer


class MeView(generics.RetrieveUpdateAPIView):  # type: ignore[type-arg]
    """Read the signed-in user, or change their name with PATCH."""

    serializer_class = MeSerializer
    permission_classes = (permissions.IsAuthenticated,)
    http_method_names = ("get", "patch", "head", "options")

    def get_object(self) -> Any:
        return self.request.user
