"""resources/ sits beside the packages in the source tree (STYLE: data, not code); a wheel
carries it as the `cultivate_resources` package, found by desktop/paths.py.

pyproject.toml's table form cannot mix package discovery with a renamed directory, hence
this file. Two things keep `pip install` quiet (it used to print ~100 lines of warnings):

* every folder under resources/ is declared as a (data-only) package, so setuptools does
  not warn that `cultivate_resources.fonts` & co. "would be ignored";
* an editable install (`make run`, `make test`) leaves `cultivate_resources` out and puts
  the checkout itself on sys.path with a plain .pth file: paths.resources_dir() reads
  resources/ straight from the checkout, and without the renamed directory setuptools
  needs no import-hook finder (and its "Editable installation" warning).
"""

from setuptools import find_namespace_packages, find_packages, setup
from setuptools.command.editable_wheel import editable_wheel

RESOURCES = "cultivate_resources"
PACKAGES = [*find_packages(include=["desktop", "desktop.*", "db", "db.*"]), RESOURCES,
            *(f"{RESOURCES}.{name}" for name in find_namespace_packages(where="resources"))]


class EditableFromCheckout(editable_wheel):
    """The editable install is the checkout on sys.path, resources/ read in place."""

    def finalize_options(self):
        dist = self.distribution
        dist.packages = [name for name in dist.packages if name.split(".")[0] != RESOURCES]
        dist.package_dir = {"": "."}
        super().finalize_options()


setup(
    packages=PACKAGES,
    package_dir={"": ".", RESOURCES: "resources"},
    cmdclass={"editable_wheel": EditableFromCheckout},
)
