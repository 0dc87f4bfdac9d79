"""The forums' screens in the Wagtail admin (论坛管理): the moderation queue and each item's
decisions, posting bans, forum boards (editors) and banned words (city administrators).

Everything is scoped to the communities the user moderates or edits (all of them for a city
administrator); an item of another community is "not found". The hooks are in
``forums/wagtail_hooks.py``.
"""
