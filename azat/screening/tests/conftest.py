from __future__ import annotations

from azat.hotline.tests.conftest import (  # noqa: F401  (shared hotline fixtures)
    analyst,
    caseworker,
    hotline,
    hotline_org,
    operator,
    other_hotline,
    other_hotline_org,
    outsider,
    supervisor,
)
