"""Print the latest text messages of the database SMS backend (the demo's and tests' phone)."""

from django.core.management.base import BaseCommand

from accounts.models import SmsMessage


class Command(BaseCommand):
    help = "Show the latest messages the database SMS backend 'sent' (verification codes)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--last", type=int, default=5, help="how many (default 5)")
        parser.add_argument("--phone", default="", help="only this number, in E.164 (+86…)")

    def handle(self, *args, last: int, phone: str, **options) -> None:
        messages = SmsMessage.objects.all()
        if phone:
            messages = messages.filter(phone=phone)
        rows = list(messages[: max(last, 1)])
        if not rows:
            self.stdout.write("No text messages.")
        for message in reversed(rows):
            when = message.created_at.strftime("%Y-%m-%d %H:%M:%S")
            self.stdout.write(f"{when}  {message.phone}  {message.body}")
