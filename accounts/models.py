from django.contrib.auth.models import AbstractUser


class User(AbstractUser):
    """A person with a login: resident (居民), editor, moderator or governance staff.

    Custom from the first migration so that residency, roles and privacy fields can be added
    later without swapping the user model.
    """

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
