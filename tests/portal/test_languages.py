"""Chinese (zh-hans) by default, English at /en/: UI strings, page translations, switcher."""

import ast
import re
from pathlib import Path
from urllib.parse import quote

import polib
import pytest
from django.apps import apps
from django.utils import translation
from django.utils.translation.template import templatize

from communities.factories import NewsPageFactory
from communities.models import CommunitySettings, NewsCategory, NewsPage, Subdistrict
from tests.conftest import host_of

PORTAL = {"HTTP_HOST": "localhost"}


def switcher(body: str) -> dict[str, str]:
    """Language code → link, from the language switcher."""
    nav = body.split('class="language-switcher"', 1)[1].split("</nav>", 1)[0]
    return {lang: url for url, lang in re.findall(r'<a href="([^"]+)" lang="([^"]+)"', nav)}


def h1(body: str) -> str:
    return re.search(r'<h1 class="page-title">([^<]*)</h1>', body).group(1)


def test_community_home_is_chinese_at_the_root(client, community_a):
    response = client.get("/", **host_of(community_a))
    body = response.content.decode()
    assert '<html lang="zh-Hans">' in body
    assert h1(body) == "花果山社区"
    for text in ("跳到主要内容", "通知公告", "最新动态", "联系社区", "首页", "新闻公告"):
        assert text in body, text
    assert "Skip to main content" not in body
    assert switcher(body) == {"zh-Hans": "/", "en": "/en/"}
    assert 'aria-current="true">简体中文' in body


def test_community_home_is_english_at_en(client, community_a):
    response = client.get("/en/", **host_of(community_a))
    assert response.status_code == 200
    body = response.content.decode()
    assert '<html lang="en">' in body
    assert h1(body) == "Huaguoshan Community"  # the English translation of the home page
    for text in ("Skip to main content", "Notices", "Latest news", "Contact the community"):
        assert text in body, text
    assert ">News and notices</a>" in body  # the menu lists the English pages
    assert "跳到主要内容" not in body
    assert switcher(body) == {"zh-Hans": "/", "en": "/en/"}
    assert 'aria-current="true">English' in body
    # Names that stay Chinese are marked, for screen readers.
    assert '<span lang="zh-Hans">花果山社区</span>' in body


def test_the_url_decides_the_language_not_the_browser(client, community_a):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en", **host_of(community_a))
    assert '<html lang="zh-Hans">' in response.content.decode()


def test_switcher_links_point_to_the_pages_translation(client, community_a):
    body = client.get("/news/", **host_of(community_a)).content.decode()
    assert h1(body) == "新闻公告"
    assert switcher(body)["en"] == "/en/news/"
    english = client.get("/en/news/", **host_of(community_a)).content.decode()
    assert h1(english) == "News and notices"
    assert switcher(english)["zh-Hans"] == "/news/"


def test_switcher_on_an_untranslated_page_leads_to_its_nearest_translated_parent(
    client, community_a
):
    news_index = community_a.site.root_page.get_children().get(slug="news")
    NewsPageFactory(parent=news_index, title="停水通知", slug="water-cut")
    body = client.get("/news/water-cut/", **host_of(community_a)).content.decode()
    links = switcher(body)
    assert links["en"] == "/en/news/"  # not /en/news/water-cut/, which does not exist
    assert client.get(links["en"], **host_of(community_a)).status_code == 200
    assert links["zh-Hans"] == "/news/water-cut/"


def test_portal_home_switches_language(client, community_a):
    chinese = client.get("/", **PORTAL).content.decode()
    english = client.get("/en/", **PORTAL).content.decode()
    assert (h1(chinese), h1(english)) == ("社区家园网", "Community Homeland")
    assert "全部社区" in chinese
    assert "All communities" in english
    assert switcher(chinese)["en"] == "/en/"
    assert switcher(english)["zh-Hans"] == "/"


def test_find_community_switches_language_and_keeps_the_query(client, community_a):
    response = client.get("/find-community/", {"q": "花果"}, **PORTAL)
    body = response.content.decode()
    assert '<html lang="zh-Hans">' in body
    assert h1(body) == "查找我的社区"
    assert switcher(body)["en"] == f"/en/find-community/?q={quote('花果')}"

    response = client.get("/en/find-community/", {"q": "花果"}, **PORTAL)
    body = response.content.decode()
    assert '<html lang="en">' in body
    assert h1(body) == "Find my community"
    assert "1 community found." in body
    assert switcher(body)["zh-Hans"] == f"/find-community/?q={quote('花果')}"


def test_news_categories_are_chinese_in_chinese_and_english_in_english(client, community_a):
    chinese = client.get("/news/", **host_of(community_a)).content.decode()
    for label in ("通知公告", "社区动态", "办事指南"):
        assert f">{label}</a>" in chinese, label
    english = client.get("/en/news/", **host_of(community_a)).content.decode()
    for label in ("Notices", "Community news", "Service guides"):
        assert f">{label}</a>" in english, label


def test_model_names_and_choices_are_chinese_in_zh_hans(db):
    with translation.override("zh-hans"):
        assert [str(label) for label in NewsCategory.labels] == ["通知公告", "社区动态", "办事指南"]
        assert str(NewsPage._meta.verbose_name) == "新闻公告"
        assert str(Subdistrict._meta.verbose_name) == "街道"
        assert str(CommunitySettings._meta.verbose_name) == "社区设置"
        assert str(CommunitySettings._meta.get_field("contact_phone").verbose_name) == "联系电话"
    with translation.override("en"):
        assert str(NewsCategory.NOTICE.label) == "Notices"
        assert str(Subdistrict._meta.verbose_name) == "subdistrict"


def test_admin_settings_form_is_labelled_in_chinese(client, superuser, community_a):
    client.force_login(superuser)
    url = f"/admin/settings/communities/communitysettings/{community_a.site_id}/"
    response = client.get(url, **PORTAL)
    assert response.status_code == 200
    body = response.content.decode()
    for label in ("社区设置", "联系电话", "服务中心开放时间", "微信公众号"):
        assert label in body, label


@pytest.mark.parametrize(
    ("path", "lang", "title"),
    [("/nope/", "zh-Hans", "页面不存在"), ("/en/nope/", "en", "Page not found")],
)
def test_not_found_page_follows_the_language(client, community_a, path, lang, title):
    response = client.get(path, **host_of(community_a))
    assert response.status_code == 404
    body = response.content.decode()
    assert f'<html lang="{lang}">' in body
    assert h1(body) == title


# The catalogues. `manage.py makemessages` needs GNU gettext; these checks need only polib,
# so a machine without gettext still notices a string nobody translated.

ROOT = Path(__file__).resolve().parent.parent.parent
GETTEXT_FUNCTIONS = {
    "_",
    "gettext",
    "gettext_lazy",
    "gettext_noop",
    "ngettext",
    "ngettext_lazy",
    "pgettext",
    "pgettext_lazy",
    "npgettext",
    "npgettext_lazy",
}
# What django.utils.translation.template.templatize turns {% translate %} and
# {% blocktranslate %} into: gettext(u'…'), ngettext(u'…', u'…', count), pgettext(u'…', u'…').
TEMPLATE_CALL = re.compile(
    r"\b(n?p?gettext)\(((?:\s*u(?:'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"),?)+)"
)
TEMPLATE_STRING = re.compile(r"u('(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\")")
PLACEHOLDER = re.compile(r"%(?:\([^)]+\))?[sdif]")


def project_sources() -> tuple[list[Path], list[Path]]:
    """Python files and templates of the project's own apps, config and templates/."""
    roots = [ROOT / "config", ROOT / "templates"]
    roots += [
        Path(app.path)
        for app in apps.get_app_configs()
        if Path(app.path).is_relative_to(ROOT) and ".venv" not in Path(app.path).parts
    ]
    python, templates = [], []
    for root in roots:
        python += [p for p in root.rglob("*.py") if "migrations" not in p.parts]
        templates += [p for p in root.rglob("*") if p.suffix in (".html", ".txt")]
    return python, templates


def msgid_key(function: str, strings: list[str]) -> tuple[str, str]:
    """(context, msgid) of a gettext call's string arguments."""
    if function.lstrip("_").startswith(("p", "np")) and len(strings) >= 2:
        return strings[0], strings[1]
    return "", strings[0]


def source_msgids() -> set[tuple[str, str]]:
    python, templates = project_sources()
    found = set()
    for path in python:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            strings = [
                arg.value
                for arg in node.args
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str)
            ]
            if name in GETTEXT_FUNCTIONS and strings:
                found.add(msgid_key(name, strings))
    for path in templates:
        code = templatize(path.read_text(encoding="utf-8"), origin=str(path))
        for function, arguments in TEMPLATE_CALL.findall(code):
            strings = [ast.literal_eval(s) for s in TEMPLATE_STRING.findall(arguments)]
            found.add(msgid_key(function, strings))
    return found


def catalogue(language: str) -> polib.POFile:
    return polib.pofile(str(ROOT / "locale" / language / "LC_MESSAGES" / "django.po"))


def test_every_string_of_the_project_is_in_the_catalogues():
    for language in ("zh_Hans", "en"):
        known = {(e.msgctxt or "", e.msgid) for e in catalogue(language) if not e.obsolete}
        missing = sorted(source_msgids() - known)
        assert not missing, (
            f"Not in locale/{language}: {missing}. Run `manage.py makemessages -l zh_Hans "
            "-l en --ignore=.venv --ignore=var` and translate the new strings."
        )


def test_every_chinese_translation_is_complete_and_keeps_its_placeholders():
    entries = [e for e in catalogue("zh_Hans") if not e.obsolete]
    assert entries
    for entry in entries:
        assert "fuzzy" not in entry.flags, entry.msgid
        translations = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        assert all(translations), f"untranslated: {entry.msgid!r}"
        for text in translations:
            assert sorted(PLACEHOLDER.findall(text)) == sorted(PLACEHOLDER.findall(entry.msgid)), (
                entry.msgid
            )


def test_both_catalogues_declare_their_language_and_plurals():
    chinese, english = catalogue("zh_Hans"), catalogue("en")
    assert chinese.metadata["Plural-Forms"] == "nplurals=1; plural=0;"
    assert english.metadata["Plural-Forms"] == "nplurals=2; plural=(n != 1);"
    assert {e.msgid for e in chinese} == {e.msgid for e in english}
