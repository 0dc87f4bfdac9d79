"""``{% load usertext %}``: ``{{ post.body|user_text }}`` renders what a resident typed."""

from django import template

from portal.usertext import excerpt, render_user_text

register = template.Library()
register.filter("user_text", render_user_text)
register.filter("plain_excerpt", excerpt)
