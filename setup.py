"""resources/ sits beside the packages in the source tree (STYLE: data, not code);
an installed copy carries it as the `cultivate_resources` package, found by
desktop/paths.py. pyproject.toml's table form cannot mix package discovery with a
renamed directory, hence this file."""

from setuptools import find_packages, setup

setup(
    packages=[*find_packages(include=["desktop*", "db*"]), "cultivate_resources"],
    package_dir={"cultivate_resources": "resources"},
)
