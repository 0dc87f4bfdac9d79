"""notify(): the kind's registry, the user's preferences, and email only after commit."""

import pytest
from django.core import mail
from django.db import transaction
from django.test import override_settings
from django.utils import timezone, translation

from accounts.factories import UserFactory
from notifications.kinds import all_kinds, get_kind
from notifications.models import Notification, NotificationPreference
from notifications.services import ALL, mark_read, notify, unread_count
from tests.conftest import changed_tables, database_rows


def prefer(user, kind, *, in_site, email):
    NotificationPreference.objects.create(user=user, kind=kind, in_site=in_site, email=email)


def test_the_built_in_kinds_are_registered():
    assert {"residency", "account"} <= {kind.code for kind in all_kinds()}
    assert get_kind("residency").email_default is True


def test_by_default_a_message_goes_to_the_inbox_and_by_email(
    resident, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        made = notify(resident, "residency", "Approved", "Welcome to 花果山社区.", "/accounts/me/")
    assert Notification.objects.get() == made
    assert (made.user, made.kind, made.title, made.read_at) == (
        resident,
        "residency",
        "Approved",
        None,
    )
    [email] = mail.outbox
    assert email.to == [resident.email]
    assert "Welcome to 花果山社区." in email.body


@pytest.mark.parametrize(
    ("in_site", "by_email", "messages", "emails"),
    [(True, False, 1, 0), (False, True, 0, 1), (False, False, 0, 0)],
    ids=["inbox only", "email only", "neither"],
)
def test_the_users_preference_for_the_kind_decides(
    resident, django_capture_on_commit_callbacks, in_site, by_email, messages, emails
):
    prefer(resident, "residency", in_site=in_site, email=by_email)
    with django_capture_on_commit_callbacks(execute=True):
        made = notify(resident, "residency", "Approved")
    assert Notification.objects.count() == messages
    assert (made is not None) == in_site
    assert len(mail.outbox) == emails


def test_a_preference_for_another_kind_changes_nothing(
    resident, django_capture_on_commit_callbacks
):
    prefer(resident, "account", in_site=False, email=False)
    with django_capture_on_commit_callbacks(execute=True):
        notify(resident, "residency", "Approved")
    assert Notification.objects.count() == 1
    assert len(mail.outbox) == 1


def test_no_email_without_a_verified_address(db, django_capture_on_commit_callbacks):
    unverified = UserFactory(username="unverified")
    no_address = UserFactory(username="no-address", email="")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        notify(unverified, "residency", "Approved")
        notify(no_address, "residency", "Approved")
    assert callbacks == []
    assert mail.outbox == []
    assert Notification.objects.count() == 2


def test_an_unknown_kind_is_an_error_and_writes_nothing(
    resident, django_capture_on_commit_callbacks
):
    before = database_rows()
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(ValueError, match="lottery"),
    ):
        notify(resident, "lottery", "You won")
    assert changed_tables(before, database_rows()) == {}
    assert mail.outbox == []


def test_deleted_and_deactivated_accounts_are_skipped(db, django_capture_on_commit_callbacks):
    deleted = UserFactory(username="gone", deleted_at=timezone.now())
    inactive = UserFactory(username="off", is_active=False)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert notify(deleted, "residency", "Approved") is None
        assert notify(inactive, "residency", "Approved") is None
    assert Notification.objects.count() == 0
    assert callbacks == []


def test_email_is_queued_only_when_the_transaction_commits(
    resident, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify(resident, "residency", "Approved")
        assert mail.outbox == []  # not sent inside the transaction
    assert len(callbacks) == 1
    callbacks[0]()
    assert len(mail.outbox) == 1


def test_a_rolled_back_action_sends_nothing(resident, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        notify(resident, "residency", "Approved")
        raise RuntimeError("the decision failed")
    assert callbacks == []
    assert mail.outbox == []
    assert Notification.objects.count() == 0


@override_settings(WAGTAILADMIN_BASE_URL="https://portal.example")
def test_the_email_is_plain_text_with_the_site_name_and_an_absolute_link(
    resident, django_capture_on_commit_callbacks
):
    # Written in the language of the request that made it (English here).
    with django_capture_on_commit_callbacks(execute=True), translation.override("en"):
        notify(resident, "residency", "Your request\nwas approved", url="/accounts/residency/")
        notify(
            resident,
            "residency",
            "Moved",
            url="/accounts/residency/",
            base_url="https://hgs.portal.example",
        )
    first, second = mail.outbox
    assert first.subject == "[Community homeland] Your request was approved"
    assert first.alternatives == []
    assert "https://portal.example/accounts/residency/" in first.body
    assert "https://portal.example/en/accounts/me/notifications/" in first.body  # English
    assert "https://hgs.portal.example/accounts/residency/" in second.body


def test_the_email_goes_to_the_address_of_the_account_when_it_is_sent(
    resident, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify(resident, "residency", "Approved")
    resident.deleted_at = timezone.now()
    resident.save()
    callbacks[0]()
    assert mail.outbox == []


def test_unread_count_and_mark_read_touch_only_the_users_own_messages(resident, neighbour):
    mine = [notify(resident, "account", f"mine {n}") for n in range(3)]
    theirs = notify(neighbour, "account", "theirs")
    assert unread_count(resident) == 3

    assert mark_read(resident, [mine[0].pk, theirs.pk]) == 1
    assert unread_count(resident) == 2
    assert unread_count(neighbour) == 1

    assert mark_read(resident, ALL) == 2
    assert unread_count(resident) == 0
    assert unread_count(neighbour) == 1
