"""What the user has chosen so far in the contact import wizard: the file, its columns, the account, the plan."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from accountplan.interchange.contact_formats import ContactSource
from accountplan.interchange.contact_import import ImportPlan

#: The wizard's pages, in order (the column mapping is skipped for a vCard file).
FILE_PAGE, MAPPING_PAGE, PREVIEW_PAGE, IMPORT_PAGE = range(4)


@dataclass
class ImportChoices:
    """The wizard's state, shared by its pages; each page fills in its part before the next one reads it."""

    #: The account the window shows (id, name), offered as the target; None when there is none.
    current_account: tuple[int, str] | None = None
    path: Path | None = None
    #: The encoding the user picked when the file's could not be told for sure (None: detected).
    encoding: str | None = None
    #: The workbook's sheet the user picked (None: the first).
    sheet: str | None = None
    source: ContactSource | None = None
    #: Whether a LinkedIn export's people of other companies are imported too.
    all_companies: bool = False
    #: Column → field for every column of a CSV file ("ignore" for a column left out); empty for a vCard.
    mapping: dict[str, str] = field(default_factory=dict)
    #: The account to import into: its id, or None for a new account called ``account_name``.
    account_id: int | None = None
    account_name: str = ""
    plan: ImportPlan | None = None

    @property
    def into(self) -> str:
        """Where the contacts go, as the pages say it: "Customer AG" or "the new account Customer AG"."""
        return self.account_name if self.account_id is not None else f"the new account {self.account_name}"
