"""YAML for the few plain values a maintainer writes (front matter, chart declarations).

Aliases (`*name`) are refused: a handful of them, each repeating the one before, is the "billion
laughs" file whose values, once printed or compared, run to gigabytes. Nothing we read needs them.
"""

from __future__ import annotations

from typing import Any

import yaml


class NoAliasLoader(yaml.SafeLoader):
    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(None, None, "aliases (*name) are not allowed here", event.start_mark)
        return super().compose_node(parent, index)


def load(text: str) -> Any:
    """Like yaml.safe_load, without aliases; raises yaml.YAMLError."""
    return yaml.load(text, Loader=NoAliasLoader)
