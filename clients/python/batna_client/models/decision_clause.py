from enum import StrEnum

class DecisionClause(StrEnum):
    BLOCKER = "blocker"
    CHANGES_NEEDED = "changes_needed"
    PLAIN_ASK_READY = "plain_ask_ready"
    STRONG_POSITION = "strong_position"
    WEAK_OR_RISKY_LEVERAGE = "weak_or_risky_leverage"

    def __str__(self) -> str:
        return str(self.value)
