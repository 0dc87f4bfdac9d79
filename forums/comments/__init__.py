"""Comments on news pages (新闻评论), with django-comments-xtd's model and our own service,
view and templates: ``services`` (post, moderation state, where a comment lives), ``tree``
(what a reader sees), ``views``/``urls``/``forms`` (the POST), and the ``news_comments``
template tag in ``forums.templatetags.comments_tags``."""
