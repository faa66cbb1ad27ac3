from django.apps import AppConfig


class TeamsProjectsConfig(AppConfig):
    name = "teams_projects"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Projects (teams example)"
