"""Packaging that pyproject.toml cannot say alone.

templates/, static/ and badges/layouts/ sit at the top of the checkout (as the
user asked) and ship inside the package as kiosk.templates, kiosk.static and
kiosk.badge_layouts, so ``pip install .`` gives a complete server. static/vendor
is filled from npm (``npm ci``) before building.
"""

from setuptools import find_packages, setup

SHIPPED_DIRS = {"kiosk.templates": "templates", "kiosk.static": "static", "kiosk.badge_layouts": "badges/layouts"}

setup(
    packages=find_packages(include=["kiosk", "kiosk.*"]) + list(SHIPPED_DIRS),
    package_dir=SHIPPED_DIRS,
    package_data={
        "kiosk": ["translations/*/LC_MESSAGES/*.po", "migrations/*.mako", "events/*.toml", "attendees/*.csv"],
        **{package: ["**/*"] for package in SHIPPED_DIRS},
    },
)
