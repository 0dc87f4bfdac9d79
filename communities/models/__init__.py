from .hierarchy import Building, Community, District, Grid, Subdistrict
from .pages import CommunityHomePage, NewsCategory, NewsIndexPage, NewsPage, StandardPage
from .settings import CommunitySettings, Participation

__all__ = [
    "Building",
    "Community",
    "CommunityHomePage",
    "CommunitySettings",
    "District",
    "Grid",
    "NewsCategory",
    "NewsIndexPage",
    "NewsPage",
    "Participation",
    "StandardPage",
    "Subdistrict",
]
