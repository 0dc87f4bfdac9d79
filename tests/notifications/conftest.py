import pytest
from allauth.account.models import EmailAddress

from accounts.factories import UserFactory


def with_verified_email(user):
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


@pytest.fixture
def resident(db):
    """A signed-up resident whose email address allauth has verified."""
    return with_verified_email(UserFactory(username="resident", display_name="小王"))


@pytest.fixture
def neighbour(db):
    return with_verified_email(UserFactory(username="neighbour", display_name="老李"))
