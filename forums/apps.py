from django.apps import AppConfig


class ForumsConfig(AppConfig):
    """Boards, topics, replies, "I have something to say" (我有话说) posts, news comments and
    their moderation."""

    name = "forums"
    verbose_name = "Forums"

    def ready(self) -> None:
        from .hooks import comments, forum, moderation, posts

        for area in (forum, posts, comments, moderation):
            area.register()
