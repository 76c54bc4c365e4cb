"""What every CRM importer declares: its name (the `import` sub-command), how to recognise its
export, and how to load it. The registry (`importers.registry`) lists them; the CLI generates
one `import` sub-command per importer and `import DIR` asks each in turn whether DIR is its
export, so adding a source is one declaration, not an edit of the CLI or the detection."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from pipeline_doctor.importers.core.run import ImportResult, Progress
    from pipeline_doctor.store import Store


class Importer(Protocol):
    """A source of CRM exports the tool knows."""

    @property
    def name(self) -> str:
        """The `import` sub-command: maven, salesforce ..."""

    @property
    def title(self) -> str:
        """The source as users call it: "Maven CRM", "Salesforce"."""

    @property
    def summary(self) -> str:
        """What to give the sub-command (its help)."""

    def detect(self, path: Path) -> bool:
        """Whether `path` (a folder or a file) is this source's export; cheap: reads at most
        file names and headers."""

    def load(self, store: Store, path: Path, progress: Progress | None) -> ImportResult:
        """Import the export at `path` into `store`."""


@dataclass(frozen=True)
class ShippedImporter:
    """An importer of this package. `reader` names its loading function as "module:function",
    imported only when an import runs: detection and `--help` stay light."""

    name: str
    title: str
    summary: str
    detector: Callable[[Path], bool]
    reader: str

    def detect(self, path: Path) -> bool:
        return self.detector(path)

    def load(self, store: Store, path: Path, progress: Progress | None) -> ImportResult:
        module, function = self.reader.split(":")
        read: Callable[[Store, Path, Progress | None], ImportResult]
        read = getattr(importlib.import_module(module), function)
        return read(store, path, progress)
