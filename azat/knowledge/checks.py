"""System check: the legal knowledge base loads, so a malformed data file stops start-up.

A half-read file would make the qualification engine quietly drop articles, so a broken file is
an error for ``manage.py check`` / ``runserver`` / deployment, not a page that fails later.
"""

from __future__ import annotations

from typing import Any

from django.core.checks import CheckMessage, Error, register

from azat.knowledge.codes import KnowledgeFileError, load_knowledge


@register("azat")
def knowledge_files_load(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    try:
        load_knowledge()
    except KnowledgeFileError as error:
        return [
            Error(
                f"Legal knowledge base does not load: {error}",
                hint="Fix the data file; run `manage.py check_knowledge` to re-check.",
                id="knowledge.E001",
            )
        ]
    return []
