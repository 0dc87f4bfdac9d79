"""Wagtail hooks of the governance workbench; imported by ``governance/wagtail_hooks.py``."""

from wagtail import hooks

from .workbench import register_workbench


@hooks.register("register_admin_urls")
def register_workbench_urls():
    return register_workbench().urls


@hooks.register("register_admin_menu_item")
def register_work_network_menu():
    return register_workbench().menu_item
