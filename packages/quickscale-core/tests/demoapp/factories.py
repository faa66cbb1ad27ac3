from quickscale_core.testing.factories import UserFactory


class StaffUserFactory(UserFactory):
    is_staff = True
