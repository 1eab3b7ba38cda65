"""Packaging that pyproject.toml cannot say alone.

templates/, static/ and badges/layouts/ sit at the top of the checkout (as the
user asked) and ship inside the package as kiosk.templates, kiosk.static and
kiosk.badge_layouts, so ``pip install .`` gives a complete server. static/vendor
is filled from npm (``npm ci``, through the lockfile) when it is missing.
"""

import shutil
import subprocess
import warnings
from pathlib import Path

from setuptools import find_namespace_packages, setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent

SHIPPED_DIRS = {"kiosk.templates": "templates", "kiosk.static": "static", "kiosk.badge_layouts": "badges/layouts"}


def shipped_packages() -> list[str]:
    """Every folder that ships, named as a package, so setuptools has nothing to warn about.

    Folders of data files (templates/admin, static/js, translations/en/LC_MESSAGES)
    look importable to Python; left out of ``packages``, setuptools prints a long
    "Package would be ignored" warning for each one on every install.
    """
    # static/vendor is filled from npm during the build (BuildWithFrontEnd); made here, empty, in a clean
    # clone so that it is one of the packages from the start.
    (ROOT / "static" / "vendor").mkdir(exist_ok=True)
    names = find_namespace_packages(include=["kiosk", "kiosk.*"], exclude=["*__pycache__*"])
    for package, folder in SHIPPED_DIRS.items():
        root = ROOT / folder
        names.append(package)
        names += [".".join((package, *path.relative_to(root).parts)) for path in sorted(root.rglob("*"))
                  if path.is_dir() and "__pycache__" not in path.parts]
    return names


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


# `pip install -e .` (make setup) maps kiosk.templates and kiosk.static onto the checkout's folders
# through a finder, and setuptools then adds a note that folders named like the package may shadow it:
# here they are the package, so the note says nothing to act on.
warnings.filterwarnings("ignore", message="Editable installation", module="setuptools")

setup(
    cmdclass={"build_py": BuildWithFrontEnd},
    packages=shipped_packages(),
    package_dir=SHIPPED_DIRS,
    package_data={
        "kiosk": ["translations/*/LC_MESSAGES/*.po", "migrations/*.mako", "events/*.toml", "attendees/*.csv"],
        **{package: ["**/*"] for package in SHIPPED_DIRS},
    },
)
