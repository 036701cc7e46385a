from enum import StrEnum

class RuleInfoKind(StrEnum):
    BLOCKER = "blocker"
    DERIVE = "derive"
    RECOMMENDATION = "recommendation"
    WARNING = "warning"

    def __str__(self) -> str:
        return str(self.value)
