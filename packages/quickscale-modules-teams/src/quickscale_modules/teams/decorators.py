"""``team_member_required`` and ``team_admin_required`` for function views with a team slug in the URL."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, overload

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse

from quickscale_modules.teams.context import ADMIN_PERMISSION, set_team_context

View = Callable[..., HttpResponse]


def _decorator(permission: str | None, url_kwarg: str) -> Callable[[View], View]:
    def decorator(view_func: View) -> View:
        @wraps(view_func)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            set_team_context(request, kwargs[url_kwarg], permission)
            return view_func(request, *args, **kwargs)

        return wrapped

    return decorator


@overload
def team_member_required(view: View, *, permission: str | None = ..., url_kwarg: str = ...) -> View: ...
@overload
def team_member_required(
    view: None = ..., *, permission: str | None = ..., url_kwarg: str = ...
) -> Callable[[View], View]: ...
def team_member_required(
    view: View | None = None, *, permission: str | None = None, url_kwarg: str = "slug"
) -> View | Callable[[View], View]:
    """Log-in required, then ``request.team``/``request.membership`` set; 404 for non-members.

    ``permission`` (e.g. ``"manage_invitations"``) also requires the member's
    role to grant it (403 otherwise). Use bare or with arguments.
    """
    decorator = _decorator(permission, url_kwarg)
    return decorator(view) if view is not None else decorator


@overload
def team_admin_required(view: View, *, url_kwarg: str = ...) -> View: ...
@overload
def team_admin_required(view: None = ..., *, url_kwarg: str = ...) -> Callable[[View], View]: ...
def team_admin_required(view: View | None = None, *, url_kwarg: str = "slug") -> View | Callable[[View], View]:
    """Like ``team_member_required`` with the role needing ``manage_members`` (owner and admin by default)."""
    decorator = _decorator(ADMIN_PERMISSION, url_kwarg)
    return decorator(view) if view is not None else decorator
