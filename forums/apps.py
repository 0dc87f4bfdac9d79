from django.apps import AppConfig


class ForumsConfig(AppConfig):
    """Boards, topics, replies and "I have something to say" (我有话说) posts."""

    name = "forums"
