"""The linkage tests' persons: one person written in two scripts at two organisations."""

from azat.linkage.tests.conftest import make_person, org_kz, people, same_person  # noqa: F401
