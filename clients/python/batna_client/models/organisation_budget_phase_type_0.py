from enum import StrEnum

class OrganisationBudgetPhaseType0(StrEnum):
    LOCKED = "locked"
    OPEN = "open"
    UNKNOWN = "unknown"

    def __str__(self) -> str:
        return str(self.value)
