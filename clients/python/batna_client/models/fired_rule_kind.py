from enum import StrEnum

class FiredRuleKind(StrEnum):
    BLOCKER = "blocker"
    DERIVE = "derive"
    RECOMMENDATION = "recommendation"
    WARNING = "warning"

    def __str__(self) -> str:
        return str(self.value)
