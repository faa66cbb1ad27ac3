"""Everything the module serves under ``accounts/``.

``path("accounts/", include("quickscale_modules.auth.urls"))`` gives allauth's
pages (``account_login``...), MFA under ``2fa/``, social login under
``3rdparty/``, allauth's headless API under ``_allauth/`` and our pages,
namespaced ``quickscale_auth``.
"""

from django.urls import include, path

from quickscale_modules.auth import views

profile_patterns = (
    [
        path("", views.profile, name="profile"),
        path("delete/", views.delete, name="delete"),
        path("export/", views.export, name="export"),
    ],
    "quickscale_auth",
)

urlpatterns = [
    path("profile/", include(profile_patterns)),
    path("_allauth/", include("allauth.headless.urls")),
    # allauth's email page with its context read in one query (views.EmailView), before allauth's own.
    path("email/", views.EmailView.as_view(), name="account_email"),
    path("2fa/", views.MFAIndexView.as_view(), name="mfa_index"),  # the same, for the two-factor page
    path("", include("allauth.urls")),
]
