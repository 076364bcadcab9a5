"""What an officer reads about an import: counts, every bad row, and what would change."""

from dataclasses import dataclass, field

from accounts.hr.importing.checking import BadRow, Plan

SHOWN_CHANGES = 200  # rows listed in the preview; the counts always cover every row


@dataclass
class ImportReport:
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    bad_rows: list[BadRow] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)
    changes: list[dict] = field(default_factory=list)  # {"new", "nip", "name", "changes"}
    written: bool = False

    @property
    def ok(self) -> bool:
        return not self.bad_rows and not self.file_errors

    def can_be_written(self, skip_bad_rows: bool) -> bool:
        """Whether confirming this dry run would write anything."""
        blocked = self.file_errors or (self.bad_rows and not skip_bad_rows)
        return not blocked and self.new + self.changed > 0


def summarize(plan: Plan, *, written: bool) -> ImportReport:
    added = [
        {"new": True, "nip": e.nip, "name": e.full_name, "changes": []}
        for e in plan.added[:SHOWN_CHANGES]
    ]
    changed = [
        {"new": False, "nip": c.employee.nip, "name": c.employee.full_name, "changes": c.lines}
        for c in plan.changed[: SHOWN_CHANGES - len(added)]
    ]
    return ImportReport(
        new=len(plan.added),
        changed=len(plan.changed),
        unchanged=plan.unchanged,
        bad_rows=plan.bad_rows,
        file_errors=plan.file_errors,
        changes=added + changed,
        written=written,
    )
