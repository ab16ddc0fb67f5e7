"""The API is read only, for everyone."""

from rest_framework.exceptions import MethodNotAllowed
from rest_framework.permissions import SAFE_METHODS, BasePermission


class ReadOnly(BasePermission):
    """``GET``, ``HEAD`` and ``OPTIONS`` only: any other method is 405 Method Not Allowed
    (not 403: no one may write, so there is nothing to be permitted)."""

    def has_permission(self, request, view):
        if request.method not in SAFE_METHODS:
            raise MethodNotAllowed(request.method)
        return True
