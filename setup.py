"""Packaging that pyproject.toml cannot say alone.

templates/, static/ and badges/layouts/ sit at the top of the checkout (as the
user asked) and ship inside the package as kiosk.templates, kiosk.static and
kiosk.badge_layouts, so ``pip install .`` gives a complete server. static/vendor
is filled from npm (``npm ci``, through the lockfile) when it is missing.
"""

import shutil
import subprocess
from pathlib import Path

from setuptools import find_packages, setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent

SHIPPED_DIRS = {"kiosk.templates": "templates", "kiosk.static": "static", "kiosk.badge_layouts": "badges/layouts"}



class BuildWithFrontEnd(build_py):
    """Fill static/vendor from npm (package-lock.json) when a clean clone lacks it."""

    def run(self) -> None:
        built = ("socket.io.min.js", "sounds/zero.wav")  # copied and synthesised by scripts/vendor.mjs
        if not all((ROOT / "static" / "vendor" / name).exists() for name in built):
            npm = shutil.which("npm")
            if npm is None:
                raise SystemExit("kiosk: static/vendor is empty and npm is missing; install Node.js, then `npm ci`")
            subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=ROOT, check=True)
        super().run()


setup(
    cmdclass={"build_py": BuildWithFrontEnd},
    packages=find_packages(include=["kiosk", "kiosk.*"]) + list(SHIPPED_DIRS),
    package_dir=SHIPPED_DIRS,
    package_data={
        "kiosk": ["translations/*/LC_MESSAGES/*.po", "migrations/*.mako", "events/*.toml", "attendees/*.csv"],
        **{package: ["**/*"] for package in SHIPPED_DIRS},
    },
)
