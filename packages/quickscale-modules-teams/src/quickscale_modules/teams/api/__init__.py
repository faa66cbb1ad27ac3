"""The teams REST API (``path("api/", include("quickscale_modules.teams.api.urls"))``) and the
DRF bases that scope a team-owned model's API to ``request.team``."""
