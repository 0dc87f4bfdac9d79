from .base import BasePage
from .home import PortalHomePage

__all__ = ["BasePage", "PortalHomePage"]
