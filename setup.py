"""What pyproject.toml cannot say about Puente's wheel (the rest of the build is declared there).

- The translation catalogs: `locale/<lang>/LC_MESSAGES/django.po` is compiled with gettext's
  `msgfmt` (as `manage.py compilemessages` does) into `puente/locale/` inside the wheel, where
  settings.LOCALE_PATHS finds them when Puente runs from an installed wheel. Compiled `.mo` files
  are never committed (.gitignore); a build without `msgfmt` fails rather than ship a site without
  its Spanish.
- No test-only modules: the tests and browser tests are left out by package discovery; the
  modules of the `puente` package that only the tests use are left out here.
"""

import shutil
import subprocess
from pathlib import Path
from typing import Any

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
TEST_ONLY_MODULES = {"conftest", "test_settings", "factories"}


class BuildPy(build_py):
    def find_package_modules(self, package: str, package_dir: str) -> list[Any]:
        modules = super().find_package_modules(package, package_dir)
        if package == "puente":
            modules = [module for module in modules if module[1] not in TEST_ONLY_MODULES]
        return modules

    def run(self) -> None:
        super().run()
        if not self.editable_mode:  # an editable install reads the checkout's locale/
            self.compile_catalogs()

    def catalogs(self) -> list[tuple[Path, Path]]:
        target = Path(self.build_lib) / "puente" / "locale"
        return [
            (po, target / po.relative_to(ROOT / "locale").with_suffix(".mo"))
            for po in sorted((ROOT / "locale").glob("*/LC_MESSAGES/*.po"))
        ]

    def compile_catalogs(self) -> None:
        msgfmt = shutil.which("msgfmt")
        if msgfmt is None:
            raise SystemExit("Building Puente needs gettext's msgfmt (Debian's gettext package).")
        catalogs = self.catalogs()
        if not catalogs:
            raise SystemExit("No translation catalogs in locale/: not a Puente checkout?")
        for po, mo in catalogs:
            mo.parent.mkdir(parents=True, exist_ok=True)
            subprocess.run([msgfmt, "--check-format", "-o", str(mo), str(po)], check=True)  # noqa: S603

    def get_outputs(self, include_bytecode: bool = True) -> list[str]:
        outputs = super().get_outputs(include_bytecode)
        if self.editable_mode:
            return outputs
        return [*outputs, *(str(mo) for _, mo in self.catalogs())]


setup(cmdclass={"build_py": BuildPy})
